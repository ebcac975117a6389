using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// Issue 14's acceptance: axe-core (Deque.AxeCore.Playwright, in Chromium) finds no serious or critical violation on
/// the public pages — the report with its charts, years side by side, regions, search, open data — on Swagger, and on
/// the administrators' screens. The synthetic demo region is seeded so the trend charts and region lists have rows.
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
    public async Task Axe_finds_no_serious_or_critical_violation_on_the_public_pages_swagger_and_the_administration_screens()
    {
        var found = new List<string>();
        var reader = await NewPageAsync();
        foreach (var path in PublicPages)
        {
            found.AddRange(await ViolationsAsync(reader, path));
        }

        var admin = await LoginAsync("admin");
        foreach (var path in AdministrationPages)
        {
            found.AddRange(await ViolationsAsync(admin, path));
        }

        found.Should().BeEmpty();
    }

    private async Task<IEnumerable<string>> ViolationsAsync(IPage page, string path)
    {
        var response = await page.GotoAsync($"{Base}{path}", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        response!.Ok.Should().BeTrue($"{path} answers");
        if (path == "/swagger/index.html")
        {
            await page.WaitForSelectorAsync(".swagger-ui .information-container", new PageWaitForSelectorOptions { Timeout = 20000 });
        }

        // Only violations are reported in full: on the report page the passes alone name thousands of nodes, which axe
        // would serialise and Playwright carry back for nothing.
        var result = await page.RunAxe(new AxeRunOptions { ResultTypes = [ResultType.Violations] });
        result.Violations.Should().NotBeNull();
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{path}: {v.Id} ({v.Impact}) {v.Help} — {string.Join(" | ", v.Nodes.Select(n => n.Html.Length > 90 ? n.Html[..90] : n.Html).Distinct().Take(12))}");
    }
}
