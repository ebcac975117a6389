using System.Net;
using System.Net.Sockets;
using FinalAccounts.Tests.Shared;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// A portal on Kestrel, fresh for every test (xunit makes a new instance per test), and Debian's Chromium driven by
/// Playwright, one for the whole process (each test's pages in browser contexts of their own). The browser tests are
/// several classes so that they run in parallel. Screenshots go to
/// TestResults/screenshots.
/// </summary>
public abstract class BrowserSession : IAsyncLifetime
{
    /// <summary>Debian's chromium, or the lighter headless shell when scripts/test.sh names it.</summary>
    protected static readonly string Chromium = PortalFactory.Chromium;
    protected string Database { get; private set; } = "";
    protected PortalFactory Portal { get; private set; } = default!;
    // One Playwright driver and one Chromium for the whole test process: each launch costs a node process and a browser
    // start. Tests stay apart because every page lives in a browser context of its own, closed after the test.
    private static readonly Lazy<Task<IBrowser>> SharedBrowser = new(LaunchAsync);
    private readonly List<IBrowserContext> _contexts = [];

    protected IBrowser Browser { get; private set; } = default!;
    protected string Base { get; private set; } = "";

    /// <summary>Only the classes that watch batches run background jobs.</summary>
    protected virtual bool RunJobs => false;

    /// <summary>Configuration on top of the test defaults (e.g. the synthetic demo region).</summary>
    protected virtual IReadOnlyDictionary<string, string> PortalSettings { get; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        File.Exists(Chromium).Should().BeTrue("scripts/test.sh installs Debian's chromium");
        // The whole suite shares two cores: a circuit's answer may take longer than Playwright's default 5 s.
        Assertions.SetDefaultExpectTimeout(15_000);
        Database = await DemoDatabases.NewSqliteAsync();
        var port = FreePort();
        Portal = new PortalFactory(Database) { RunJobs = RunJobs, Settings = PortalSettings };
        Portal.UseKestrel(port);
        Portal.StartServer();
        Base = $"http://127.0.0.1:{port}";
        Browser = await SharedBrowser.Value;
    }

    private static async Task<IBrowser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A page in a fresh browser context (no cookies), closed when the test ends.</summary>
    protected async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    protected async Task StartCorrectionAsync(IPage officer)
    {
        await officer.GotoAsync($"{Base}/workspace");
        await officer.SelectOptionAsync("#create-department", "jdz-zwsjglj");
        await officer.FillAsync("#create-year", "2023");
        await officer.ClickAsync("#create-report");
        await ExpectUrlAsync(officer, "/workspace/jdz-zwsjglj/2023/tables/01$");
    }

    protected async Task<IPage> LoginAsync(string user, List<string>? violations = null)
    {
        var page = await NewPageAsync();
        if (violations is not null)
        {
            // Chromium reports a CSP violation both on the console ("Refused to …") and as an event in the page.
            page.Console += (_, message) => { if (message.Text.Contains("Refused to", StringComparison.Ordinal) || message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) { violations.Add(message.Text); } };
            await page.AddInitScriptAsync(WatchPolicy);
        }

        // Script errors are kept next to the screenshots for whoever looks into a failure (not the routine console chatter).
        page.Console += (_, message) => { if (message.Type == "error") { Artefact("browser-errors.log", $"{user}: {message.Text}\n"); } };
        page.PageError += (_, error) => Artefact("browser-errors.log", $"{user}: pageerror: {error}\n");
        await page.GotoAsync($"{Base}/account/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", "Demo#2023pass");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/workspace");
        return page;
    }

    /// <summary>Chromium raises this event for every script, style, image or connection the policy blocks.</summary>
    protected const string WatchPolicy = "document.addEventListener('securitypolicyviolation', e => (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI))";

    /// <summary>What <see cref="WatchPolicy"/> recorded in the page's current document.</summary>
    protected static Task<string[]> PolicyViolationsAsync(IPage page) => page.EvaluateAsync<string[]>("() => window.__csp ?? []");

    // The page is prerendered; inputs react only once the interactive circuit is connected.
    protected static async Task WaitForCircuitAsync(IPage page)
    {
        try
        {
            await page.WaitForSelectorAsync("table.entry[data-ready='1']", new PageWaitForSelectorOptions { Timeout = 20000 });
        }
        catch (TimeoutException)
        {
            await Shot(page, "circuit-timeout");
            throw;
        }
    }

    protected static async Task TypeAsync(IPage page, string selector, string value)
    {
        await page.FillAsync(selector, value);
        await page.Locator(selector).BlurAsync(); // change event → server
    }

    protected static Task PasteAsync(IPage page, string selector, string text) =>
        page.Locator(selector).EvaluateAsync(
            "(el, text) => { el.focus(); const data = new DataTransfer(); data.setData('text/plain', text); el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })); }",
            text);

    protected static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    /// <summary>
    /// For navigations a component makes (NavigationManager.NavigateTo): enhanced navigation patches the page without a
    /// load event, so the address is polled instead of waiting for one.
    /// </summary>
    protected static Task ExpectUrlAsync(IPage page, string pattern) =>
        Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(pattern), new PageAssertionsToHaveURLOptions { Timeout = 30000 });

    protected static async Task Shot(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots(), name + ".png"), FullPage = false });
    }

    private static readonly Lock ArtefactLock = new();

    private static string Screenshots() => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    private static void Artefact(string file, string line)
    {
        lock (ArtefactLock)
        {
            File.AppendAllText(Path.Combine(Screenshots(), file), line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }

        await Portal.DisposeAsync();
        await TestDatabases.DropAsync(Database);
    }
}
