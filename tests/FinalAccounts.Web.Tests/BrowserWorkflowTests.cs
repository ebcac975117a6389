using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using FinalAccounts.Tests.Shared;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// The whole round in a real browser (Debian's Chromium driven by Playwright) against the portal on Kestrel: an officer
/// logs in, starts a correction of the published report, types and pastes values, sees a rule fail and then pass,
/// explains a warning and submits; a reviewer returns it; the officer fixes and resubmits; the reviewer approves and
/// publishes; the public page shows the new numbers. Screenshots go to TestResults/screenshots.
/// </summary>
public sealed class BrowserWorkflowTests : BrowserSession
{
    protected override bool RunJobs => true;

    [Fact]
    public async Task Officer_and_reviewer_take_a_correction_from_draft_to_published()
    {
        var officer = await LoginAsync("officer");
        await StartCorrectionAsync(officer);
        // The correction carries the demo's 情况说明 over: it quotes the 三公 figures this journey changes and holds the
        // seed's real N9 defects, so the officer would rewrite it; here it is emptied through the API (the text has
        // tests of its own: NarrativeApiTests, NarrativeBrowserTests) and the journey stays with the tables. Its 绩效 is
        // removed likewise (PerformanceApiTests).
        await ClearNarrativeAsync("officer");
        await officer.GotoAsync($"{Base}/workspace/jdz-zwsjglj/2023/tables/09");
        await WaitForCircuitAsync(officer);
        (await officer.TextContentAsync("h1"))!.Should().Contain("第 2 版").And.Contain("草稿");

        // Typing a new 公务接待费 breaks 三公合计 = 出国 + 用车 + 接待 …
        await TypeAsync(officer, "#in-09-6-3", "0.71");
        await Expect(officer.Locator("#findings li[data-rule='T09-01']")).ToContainTextAsync("不通过");
        // … and pasting the 合计 row as a block from Excel (three columns) mends it.
        await PasteAsync(officer, "#in-09-1-1", "0.40\t2.30\t0.71");
        await Expect(officer.Locator("#in-09-1-3")).ToHaveValueAsync("0.71");
        await Expect(officer.Locator("#findings li[data-rule='T09-01']")).ToHaveCountAsync(0);
        await Expect(officer.Locator("#findings li[data-rule='T09-03']")).ToContainTextAsync("不通过");
        await TypeAsync(officer, "#in-09-7-3", "0.71");
        await Expect(officer.Locator("#findings li[data-rule='T09-03']")).ToHaveCountAsync(0);
        await Expect(officer.Locator("#live-summary")).ToContainTextAsync("错误 0");
        await officer.ClickAsync("#save");
        await Expect(officer.Locator("#status-line")).ToContainTextAsync("已保存");
        // 人次 below 批次 is a warning: it needs an 出错说明 before the report can go.
        await TypeAsync(officer, "#in-09-17-3", "5");
        await Expect(officer.Locator("#findings li[data-rule='T09-05']")).ToContainTextAsync("不通过");
        await officer.ClickAsync("#save");
        await Expect(officer.Locator("#status-line")).ToContainTextAsync("已保存");
        await officer.FillAsync("#explain-T09-05", Scenario.WarningExplanation);
        await officer.Locator("#explain-T09-05").BlurAsync();
        await officer.ClickAsync("#submit");
        await Expect(officer.Locator("#report-status")).ToHaveTextAsync("已报送");
        await Shot(officer, "1-officer-submitted");

        var reviewer = await LoginAsync("reviewer");
        await reviewer.GotoAsync($"{Base}/workspace/jdz-zwsjglj/2023/tables/09");
        await WaitForCircuitAsync(reviewer);
        await Expect(reviewer.Locator("#explanations")).ToContainTextAsync("T09-05");
        await Expect(reviewer.Locator("#explanations dd")).ToHaveTextAsync(Scenario.WarningExplanation);
        // A comment on one cell: picked in the grid, sent with 退回修改.
        await reviewer.FocusAsync("#in-09-15-3");
        await Expect(reviewer.Locator("#selected-cell")).ToHaveTextAsync("15 栏3");
        await TypeAsync(reviewer, "#cell-comment-text", "接待批次请核对");
        await reviewer.ClickAsync("#comment-cell");
        await Expect(reviewer.Locator("#pending-comments")).ToContainTextAsync("公开09表 15 栏3：接待批次请核对");
        await Expect(reviewer.Locator("td.commented:has(#in-09-15-3)")).ToHaveCountAsync(1);
        await reviewer.FillAsync("#review-comment", "国内公务接待批次请与接待费核对");
        await reviewer.Locator("#review-comment").BlurAsync();
        await reviewer.ClickAsync("#return");
        await Expect(reviewer.Locator("#report-status")).ToHaveTextAsync("已退回");

        await officer.ReloadAsync();
        await WaitForCircuitAsync(officer);
        await Expect(officer.Locator("#comments")).ToContainTextAsync("国内公务接待批次请与接待费核对");
        var onCell = officer.Locator("#comments li", new PageLocatorOptions { HasTextString = "接待批次请核对" });
        await Expect(onCell).ToContainTextAsync("公开09表 15 栏3");
        await onCell.Locator("button.locate").ClickAsync();
        await Expect(officer.Locator("td.located:has(#in-09-15-3)")).ToHaveCountAsync(1);
        await Expect(officer.Locator("#in-09-15-3")).ToBeFocusedAsync();
        await TypeAsync(officer, "#in-09-15-3", "7");
        await TypeAsync(officer, "#in-09-17-3", "38");
        await Expect(officer.Locator("#findings li[data-rule='T09-05']")).ToHaveCountAsync(0);
        await officer.ClickAsync("#save");
        await Expect(officer.Locator("#status-line")).ToContainTextAsync("已保存");
        await officer.ClickAsync("#submit");
        await Expect(officer.Locator("#report-status")).ToHaveTextAsync("已报送");

        await reviewer.ReloadAsync();
        await WaitForCircuitAsync(reviewer);
        await reviewer.ClickAsync("#approve");
        await Expect(reviewer.Locator("#report-status")).ToHaveTextAsync("已审核");
        await reviewer.ClickAsync("#publish");
        await Expect(reviewer.Locator("#report-status")).ToHaveTextAsync("已公开");
        await Shot(reviewer, "2-reviewer-published");

        var visitor = await NewPageAsync();
        await visitor.GotoAsync($"{Base}/reports/jdz-zwsjglj/2023");
        await Expect(visitor.Locator("#c-09-6-3")).ToHaveTextAsync("0.71");
        await Expect(visitor.Locator("#c-09-15-3")).ToHaveTextAsync("7");
        await Expect(visitor.Locator(".report-facts")).ToContainTextAsync("第 2 版");
        await Expect(visitor.Locator(".revisions")).ToContainTextAsync("第 1 版");
        await Shot(visitor, "3-public-page");

        // Every step taken in the circuits (create, cell changes, workflow) is audited with the browser's address.
        var contexts = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Infrastructure.Persistence.FinalAccountsDbContext>>(Portal.Services);
        await using var db = await contexts.CreateDbContextAsync();
        var steps = db.AuditEntries.Where(a => a.DepartmentCode == "jdz-zwsjglj" && (a.Action == "report.create" || a.Action == "cell.change" || a.Action == "report.publish")).ToList();
        steps.Select(a => a.Action).Distinct().Should().BeEquivalentTo(["report.create", "cell.change", "report.publish"]);
        steps.Should().OnlyContain(a => a.Address == "127.0.0.1");
    }

    [Fact]
    public async Task An_officer_edits_the_overview_and_imports_a_workbook_in_the_browser()
    {
        var officer = await LoginAsync("officer");
        await StartCorrectionAsync(officer);
        await officer.GotoAsync($"{Base}/workspace/jdz-zwsjglj/2023/overview");
        await officer.Locator("#overview-editor[data-ready='1']").WaitForAsync();
        await officer.FillAsync("#staff-active", "61");
        await officer.ClickAsync("#add-unit");
        await officer.ClickAsync("#save-overview");
        await Expect(officer.Locator("#overview-errors")).ToContainTextAsync("序号、单位名称和预算级次都要填写", new() { Timeout = 10_000 });
        await officer.Locator("#units tbody tr").Last.GetByRole(AriaRole.Button, new() { Name = "删除" }).ClickAsync();
        await officer.ClickAsync("#save-overview");
        await Expect(officer.Locator("#overview-status")).ToContainTextAsync("已保存");
        await Expect(officer.Locator("#staff-active")).ToHaveValueAsync("61");
        await Shot(officer, "5-overview-saved");

        var download = await officer.Context.APIRequest.GetAsync($"{Base}/reports/jdz-zwsjglj/2023/export.xlsx");
        download.Ok.Should().BeTrue();
        var original = await download.BodyAsync();
        var services = Portal.Services;
        var set = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Domain.Templates.TemplateSetRegistry>(services).Find("jiangxi-2023")!;
        var read = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Infrastructure.Excel.WorkbookService>(services).Read(original, set, "jdz-zwsjglj", 2023);
        var reference = read.Value.References[new Domain.Reports.CellAddress("09", "15", 3)].Split('!')[1];
        var edited = Workbooks.Edit(original, "公开09表", reference, "8");

        await officer.GotoAsync($"{Base}/workspace/jdz-zwsjglj/2023/excel");
        await officer.Locator("#excel-page[data-ready='1']").WaitForAsync();
        await officer.SetInputFilesAsync("#workbook", new FilePayload { Name = "三公.csv.xlsx", MimeType = "application/octet-stream", Buffer = "a,b\n1,2\n"u8.ToArray() });
        await Expect(officer.Locator("#import-errors")).ToContainTextAsync("文件不是 .xlsx 工作簿");
        await officer.SetInputFilesAsync("#workbook", new FilePayload { Name = "决算.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = edited });
        await Expect(officer.Locator("#import-preview caption")).ToHaveTextAsync("将要修改 1 个单元格");
        await Expect(officer.Locator("#import-preview tbody tr")).ToContainTextAsync("公开09表");
        await Shot(officer, "4-import-preview");
        await officer.ClickAsync("#apply-import");
        await Expect(officer.Locator("#import-status")).ToContainTextAsync("已导入：修改了 1 个单元格");

        await officer.GotoAsync($"{Base}/workspace/jdz-zwsjglj/2023/tables/09");
        await WaitForCircuitAsync(officer);
        await Expect(officer.Locator("#in-09-15-3")).ToHaveValueAsync("8");

        // Changes made in interactive circuits are audited with who and from where, like API calls.
        var contexts = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Infrastructure.Persistence.FinalAccountsDbContext>>(services);
        await using var db = await contexts.CreateDbContextAsync();
        var audited = db.AuditEntries.Where(a => a.UserName == "officer" && (a.Action == "overview.change" || a.Action == "report.import")).ToList();
        audited.Select(a => a.Action).Distinct().Should().BeEquivalentTo(["overview.change", "report.import"]);
        audited.Should().OnlyContain(a => a.Address == "127.0.0.1", "the circuit's connection address is recorded");
    }

    /// <summary>
    /// The interactive pages (circuits, MudBlazor's grids and popovers) under the policy; the public pages and Swagger UI
    /// are checked with axe, in <see cref="AccessibilityTests"/>.
    /// </summary>
    [Fact]
    public async Task Interactive_pages_run_under_the_content_security_policy_without_a_single_violation()
    {
        var violations = new List<string>();
        var officer = await LoginAsync("officer", violations);
        await StartCorrectionAsync(officer);
        var grid = await officer.GotoAsync($"{Base}/workspace/jdz-zwsjglj/2023/tables/09");
        grid!.Headers["content-security-policy"].Should().Contain("script-src 'self';");
        await WaitForCircuitAsync(officer);
        await TypeAsync(officer, "#in-09-6-3", "0.71");
        await Expect(officer.Locator("#findings li[data-rule='T09-01']")).ToContainTextAsync("不通过");
        await officer.GotoAsync($"{Base}/workspace/jdz-zwsjglj/2023/overview");
        await officer.Locator("#overview-editor[data-ready='1']").WaitForAsync();
        await officer.GotoAsync($"{Base}/workspace");
        await officer.Locator("#reports[data-ready='1']").WaitForAsync(); // the list of reports, a MudDataGrid
        await officer.Locator("th .sortable-column-header", new PageLocatorOptions { HasTextString = "部门" }).ClickAsync();
        await Expect(officer.Locator("th[aria-sort='ascending']")).ToContainTextAsync("部门");
        await Expect(officer.Locator("td[data-label='部门']").First).ToContainTextAsync("景德镇市");
        await Shot(officer, "workspace-grid");

        // Signing out is a cookie-authenticated form post: it must pass the CSRF check from our own page.
        await officer.GotoAsync($"{Base}/");
        await officer.ClickAsync("form[action='/account/logout'] button");
        await Expect(officer.Locator("a[href='/account/login']")).ToBeVisibleAsync();
        violations.AddRange(await PolicyViolationsAsync(officer));

        // The reviewer's audit page: a MudDataGrid (inline styles, popovers) that sorts, filters and pages in Chinese.
        var reviewer = await LoginAsync("reviewer", violations);
        await reviewer.GotoAsync($"{Base}/audit");
        await reviewer.Locator("#audit[data-ready='1']").WaitForAsync();
        var users = reviewer.Locator("td[data-label='用户']");
        await Expect(users.Filter(new LocatorFilterOptions { HasText = "officer" }).First).ToBeVisibleAsync(); // the officer's correction, in 江西省
        await Expect(reviewer.Locator(".mud-table-pagination")).ToContainTextAsync("每页条数");
        var actionHeader = reviewer.Locator("th", new PageLocatorOptions { Has = reviewer.Locator(".sortable-column-header", new PageLocatorOptions { HasTextString = "操作" }) });
        await actionHeader.Locator(".sortable-column-header").ClickAsync();
        await Expect(actionHeader).ToHaveAttributeAsync("aria-sort", "ascending");
        var userFilter = reviewer.Locator("th.filter-header-cell").Nth(1).Locator("input");
        await userFilter.FillAsync("reviewer");
        await userFilter.PressAsync("Enter");
        await Expect(users.Filter(new LocatorFilterOptions { HasText = "officer" })).ToHaveCountAsync(0);
        await Expect(users.First).ToHaveTextAsync("reviewer");
        await Shot(reviewer, "audit-grid");
        violations.AddRange(await PolicyViolationsAsync(reviewer));

        violations.Should().BeEmpty();
    }

    /// <summary>From the workspace, the officer starts revision 2 of the published 2023 report.</summary>
    [Fact]
    public async Task A_reviewer_starts_batches_from_the_pages_and_watches_them_finish_without_reloading()
    {
        var reviewer = await LoginAsync("reviewer");
        await reviewer.GotoAsync($"{Base}/reconciliation/batches");
        await reviewer.WaitForSelectorAsync(".batch-start[data-ready='1']");
        await reviewer.Locator("#batch-year").FillAsync("2023");
        await reviewer.ClickAsync("#batch-start");
        await ExpectUrlAsync(reviewer, "/reconciliation/batches/[0-9a-f-]{36}$");
        // The page reads the job again while it runs: the result appears without a reload.
        await Expect(reviewer.Locator("#batch-summary")).ToContainTextAsync("已校验");
        await Expect(reviewer.Locator("[role=progressbar][aria-label='批量校验进度']")).ToHaveAttributeAsync("aria-valuenow", "100");

        await reviewer.GotoAsync($"{Base}/reconciliation/batches");
        await Expect(reviewer.Locator(".job-grid tbody tr")).ToHaveCountAsync(1);
        await Expect(reviewer.Locator(".job-grid tbody tr")).ToContainTextAsync("已完成");

        await reviewer.GotoAsync($"{Base}/exports/batches");
        await reviewer.WaitForSelectorAsync(".batch-start[data-ready='1']");
        await reviewer.Locator("#batch-year").FillAsync("2023");
        await reviewer.ClickAsync("#batch-start");
        await ExpectUrlAsync(reviewer, "/exports/batches/[0-9a-f-]{36}$");
        await Expect(reviewer.Locator("#download")).ToContainTextAsync(".zip");
        await Expect(reviewer.Locator("#export-status")).ToContainTextAsync("已完成");
        await Expect(reviewer.Locator("#download").Locator("xpath=..")).ToContainTextAsync(" MB，SHA-256");
        (await reviewer.Locator("#download").Locator("xpath=..").TextContentAsync()).Should().NotContain("ToString");

        // Another region is refused on the page with the reason, and nothing starts.
        await reviewer.Locator("#batch-region").FillAsync("北京市");
        await reviewer.ClickAsync("#batch-start");
        await Expect(reviewer.Locator(".mud-alert[role=alert]").First).ToContainTextAsync("您只能对自己负责的区划");
        await Expect(reviewer.Locator(".job-grid tbody tr")).ToHaveCountAsync(1);
        await Shot(reviewer, "batch-export-page");
    }

    private async Task ClearNarrativeAsync(string user)
    {
        using var client = new HttpClient { BaseAddress = new Uri(Base) };
        var token = await client.PostAsJsonAsync("/api/auth/token", new { userName = user, password = "Demo#2023pass" });
        token.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await token.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString());
        var narrative = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/reports/jdz-zwsjglj/2023/narrative");
        var sections = narrative.GetProperty("sections").EnumerateArray().Select(_ => new { text = "" }).ToList();
        var saved = await client.PutAsJsonAsync("/api/reports/jdz-zwsjglj/2023/narrative", new { sections, version = narrative.GetProperty("version").GetInt32() });
        saved.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());

        // The demo's 绩效 carries the seeds' real defects too (P-01, P-13 errors; ADR 0017): an empty document removes it.
        var performance = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/reports/jdz-zwsjglj/2023/performance");
        var cleared = await client.PutAsJsonAsync("/api/reports/jdz-zwsjglj/2023/performance", new { version = performance.GetProperty("version").GetInt32() });
        cleared.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, await cleared.Content.ReadAsStringAsync());
    }
}
