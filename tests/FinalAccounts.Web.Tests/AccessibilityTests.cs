using System.Text.Json;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// Issue 14's acceptance: axe-core (the copy Deque.AxeCore.Commons ships, in Chromium) finds no serious or critical
/// violation on the public pages — the report with its charts, years side by side, regions, search, open data — on
/// Swagger, and on the administrators' screens. The synthetic demo region is seeded so the trend charts and region lists
/// have rows.
/// <para>
/// axe is loaded into each page once, as an init script, and run with its own <c>axe.run</c> on the document. Deque's
/// Playwright wrapper sent the 550 KB script over the DevTools pipe twice per page and finished every run in a new
/// blank page (its way of supporting iframes, which these pages do not have): 46 s of the test's 60 s in Chromium;
/// this way axe takes about 10 s for the fifteen pages.
/// </para>
/// <para>
/// The same pages are also checked for content-security-policy violations (the report page with its charts and Swagger
/// UI are the ones with most scripts and styles): a second load of each just for that would double the dearest browser
/// work of the suite. The interactive pages are checked in <see cref="BrowserWorkflowTests"/>.
/// </para>
/// </summary>
public sealed class AccessibilityTests : BrowserSession
{
    protected override IReadOnlyDictionary<string, string> PortalSettings { get; } =
        new Dictionary<string, string> { ["FinalAccounts:Demo:SyntheticRegion"] = "true" };

    // Each layout once (axe on the whole report page is the dearest step of the suite's browser work): a synthetic
    // department's report is the real one's layout with the 演示数据 badge, which its years page shows too; 江西省's region
    // page is 演示省's layout.
    private static readonly string[] PublicPages =
    [
        "/",
        "/?q=政务服务&year=2023",
        "/reports/jdz-zwsjglj/2023",
        "/reports/jdz-zwsjglj/2023/reconciliation",
        "/departments/demo-dh-zwsj",
        "/departments/demo-dh-zwsj/compare?from=2022&to=2023",
        "/regions",
        "/regions/990000/2023?sort=expenditure&dir=desc",
        "/open-data",
        "/swagger/index.html",
    ];

    private static readonly string[] AdministrationPages =
    [
        "/admin/departments",
        "/admin/users",
        "/admin/templates",
        "/admin/catalogs",
        "/progress/2023",
    ];

    [Fact]
    public async Task Axe_finds_no_serious_or_critical_violation_and_the_policy_none_on_the_public_pages_swagger_and_the_administration_screens()
    {
        var found = new List<string>();
        var reader = await NewPageAsync();
        await reader.AddInitScriptAsync(AxeSource);
        await reader.AddInitScriptAsync(WatchPolicy);
        foreach (var path in PublicPages)
        {
            found.AddRange(await ViolationsAsync(reader, path));
        }

        var admin = await LoginAsync("admin");
        await admin.AddInitScriptAsync(AxeSource);
        await admin.AddInitScriptAsync(WatchPolicy);
        foreach (var path in AdministrationPages)
        {
            found.AddRange(await ViolationsAsync(admin, path));
        }

        found.Should().BeEmpty();

        // The harness can fail: an image without a text alternative added to the last public page is reported.
        await reader.EvaluateAsync("() => document.body.append(Object.assign(document.createElement('img'), { src: '/no-such-image.png' }))");
        Violations(reader.Url, await reader.EvaluateAsync<string>(RunAxe)).Should().ContainSingle(v => v.Contains("image-alt (critical)", StringComparison.Ordinal));

        // And an inline script, which the policy blocks, is reported.
        await reader.EvaluateAsync("() => document.body.append(Object.assign(document.createElement('script'), { textContent: 'window.__ran = 1' }))");
        await reader.WaitForFunctionAsync("() => (window.__csp ?? []).length > 0");
        (await PolicyViolationsAsync(reader)).Should().ContainSingle(v => v.StartsWith("script-src", StringComparison.Ordinal));
        (await reader.EvaluateAsync<bool>("() => window.__ran === undefined")).Should().BeTrue("the inline script did not run");
    }

    private async Task<IEnumerable<string>> ViolationsAsync(IPage page, string path)
    {
        var response = await page.GotoAsync($"{Base}{path}", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        response!.Ok.Should().BeTrue($"{path} answers");
        response.Headers["content-security-policy"].Should().Contain("script-src 'self';", $"{path} is served under the policy");
        if (path == "/swagger/index.html")
        {
            // Swagger UI runs its bundled scripts under the policy and shows the API, its operations included.
            await Assertions.Expect(page.Locator(".swagger-ui .info .title")).ToContainTextAsync("FinalAccounts", new LocatorAssertionsToContainTextOptions { Timeout = 20000 });
            await Assertions.Expect(page.Locator(".opblock").First).ToBeVisibleAsync();
        }

        var policy = await PolicyViolationsAsync(page);
        return Violations(path, await page.EvaluateAsync<string>(RunAxe)).Concat(policy.Select(p => $"{path}: content security policy: {p}"));
    }

    // Only violations are asked for: on the report page the passes alone name thousands of nodes.
    private const string RunAxe = """
        async () => {
          const result = await axe.run(document, { resultTypes: ['violations'] });
          return JSON.stringify(result.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.html) })));
        }
        """;

    private static readonly string AxeSource = ReadAxe();

    private static string ReadAxe()
    {
        using var stream = typeof(Deque.AxeCore.Commons.AxeResult).Assembly.GetManifestResourceStream("Deque.AxeCore.Commons.Resources.axe.min.js");
        stream.Should().NotBeNull("Deque.AxeCore.Commons ships axe-core as a resource");
        return new StreamReader(stream!).ReadToEnd();
    }

    private static List<string> Violations(string path, string json) =>
        JsonSerializer.Deserialize<List<Violation>>(json, JsonOptions)!
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{path}: {v.Id} ({v.Impact}) {v.Help} — {string.Join(" | ", v.Nodes.Select(n => n.Length > 90 ? n[..90] : n).Distinct().Take(12))}")
            .ToList();

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record Violation(string Id, string? Impact, string Help, List<string> Nodes);
}
