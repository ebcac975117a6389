using System.Net;
using System.Net.Sockets;
using FinalAccounts.Tests.Shared;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// 情况说明 in a real browser (Debian's Chromium, as <see cref="BrowserWorkflowTests"/>): the officer opens the demo's
/// correction, the N findings are listed beside the text, a changed number makes N1-01 fire while typing, 定位 selects
/// that sentence in the textarea, 生成初稿 asks before overwriting, and the text is saved.
/// </summary>
public sealed class NarrativeBrowserTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly string _database = TestDatabases.NewSqlite();
    private PortalFactory _portal = default!;
    private IPlaywright _playwright = default!;
    private IBrowser _browser = default!;
    private string _base = "";

    public async Task InitializeAsync()
    {
        File.Exists(Chromium).Should().BeTrue("scripts/test.sh installs Debian's chromium");
        var port = FreePort();
        _portal = new PortalFactory(_database);
        _portal.UseKestrel(port);
        _portal.StartServer();
        _base = $"http://127.0.0.1:{port}";
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    [Fact]
    public async Task The_officer_edits_the_narrative_beside_its_live_findings_and_locates_the_sentence()
    {
        var page = await LoginAsync("officer");
        await page.GotoAsync($"{_base}/workspace");
        await page.SelectOptionAsync("#create-department", "jdz-zwsjglj");
        await page.FillAsync("#create-year", "2023");
        await page.ClickAsync("#create-report");
        await page.WaitForURLAsync("**/workspace/jdz-zwsjglj/2023/tables/01");

        await page.GotoAsync($"{_base}/workspace/jdz-zwsjglj/2023/narrative");
        await page.WaitForSelectorAsync("#narrative-editor[data-ready='1']", new PageWaitForSelectorOptions { Timeout = 20000 });
        await Expect(page.Locator("#narrative-findings li[data-rule='N9-03']").First).ToBeVisibleAsync();
        await Expect(page.Locator("#narrative-findings li[data-rule='N1-01']")).ToHaveCountAsync(0);

        // One changed number in the text: N1-01 appears while typing (debounced), with the sentence.
        var text = await page.Locator("#narrative-1").InputValueAsync();
        text.Should().Contain("收入总计3737.09万元");
        await page.Locator("#narrative-1").FillAsync(text.Replace("收入总计3737.09万元", "收入总计3747.09万元", StringComparison.Ordinal));
        var finding = page.Locator("#narrative-findings li[data-rule='N1-01']").First;
        await Expect(finding).ToContainTextAsync("收入总计3747.09万元");

        // 定位 selects the sentence's character range in the textarea.
        await finding.Locator("button.locate").ClickAsync();
        await Expect(page.Locator("#narrative-1")).ToBeFocusedAsync();
        var selected = await page.Locator("#narrative-1").EvaluateAsync<string>("el => el.value.substring(el.selectionStart, el.selectionEnd)");
        selected.Should().Contain("收入总计3747.09万元");

        // 生成初稿 asks before overwriting written text; cancelling keeps it.
        await page.ClickAsync("#draft-narrative");
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("生成初稿会覆盖");
        await dialog.GetByText("取消").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.Locator("#narrative-1")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("收入总计3747\\.09万元"));

        await page.ClickAsync("#save-narrative");
        await Expect(page.Locator("#narrative-status")).ToContainTextAsync("情况说明已保存");
        await Shot(page, "narrative-editor");
    }

    private async Task<IPage> LoginAsync(string user)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        page.Console += (_, message) => File.AppendAllText("/tmp/browser-console.log", $"{user}: {message.Type}: {message.Text}\n");
        page.PageError += (_, error) => File.AppendAllText("/tmp/browser-console.log", $"{user}: pageerror: {error}\n");
        await page.GotoAsync($"{_base}/account/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", "Demo#2023pass");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/workspace");
        return page;
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static async Task Shot(IPage page, string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = false });
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _portal.DisposeAsync();
        await TestDatabases.DropAsync(_database);
    }
}
