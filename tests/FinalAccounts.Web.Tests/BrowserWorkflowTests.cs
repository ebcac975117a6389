using System.Net;
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
public sealed class BrowserWorkflowTests : IAsyncLifetime
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
    public async Task Officer_and_reviewer_take_a_correction_from_draft_to_published()
    {
        var officer = await LoginAsync("officer");
        await StartCorrectionAsync(officer);
        await officer.GotoAsync($"{_base}/workspace/jdz-zwsjglj/2023/tables/09");
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
        await officer.FillAsync("#explain-S-05", "表样印刷编码 310111，本部门无此科目数据");
        await officer.Locator("#explain-S-05").BlurAsync();
        await officer.ClickAsync("#submit");
        await Expect(officer.Locator("#report-status")).ToHaveTextAsync("已报送");
        await Shot(officer, "1-officer-submitted");

        var reviewer = await LoginAsync("reviewer");
        await reviewer.GotoAsync($"{_base}/workspace/jdz-zwsjglj/2023/tables/09");
        await WaitForCircuitAsync(reviewer);
        await Expect(reviewer.Locator("#explanations")).ToContainTextAsync("S-05");
        await Expect(reviewer.Locator("#explanations dd")).ToHaveTextAsync("表样印刷编码 310111，本部门无此科目数据");
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

        var visitor = await _browser.NewPageAsync();
        await visitor.GotoAsync($"{_base}/reports/jdz-zwsjglj/2023");
        await Expect(visitor.Locator("#c-09-6-3")).ToHaveTextAsync("0.71");
        await Expect(visitor.Locator("#c-09-15-3")).ToHaveTextAsync("7");
        await Expect(visitor.Locator(".report-facts")).ToContainTextAsync("第 2 版");
        await Expect(visitor.Locator(".revisions")).ToContainTextAsync("第 1 版");
        await Shot(visitor, "3-public-page");

        // Every step taken in the circuits (create, cell changes, workflow) is audited with the browser's address.
        var contexts = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Infrastructure.Persistence.FinalAccountsDbContext>>(_portal.Services);
        await using var db = await contexts.CreateDbContextAsync();
        var steps = db.AuditEntries.Where(a => a.DepartmentCode == "jdz-zwsjglj" && (a.Action == "report.create" || a.Action == "cell.change" || a.Action == "report.publish")).ToList();
        steps.Select(a => a.Action).Distinct().Should().BeEquivalentTo(["report.create", "cell.change", "report.publish"]);
        steps.Should().OnlyContain(a => a.Address == "127.0.0.1");
    }

    [Fact]
    public async Task Fill_totals_sums_the_fixed_rows_of_table_06_and_asks_before_overwriting_a_different_total()
    {
        var officer = await LoginAsync("officer");
        await StartCorrectionAsync(officer);
        await officer.GotoAsync($"{_base}/workspace/jdz-zwsjglj/2023/tables/06");
        await WaitForCircuitAsync(officer);

        // The footer totals 人员经费合计 (301 + 303) and 公用经费合计 (302 + 307 + …) are blanked and one 工资 raised by 1.
        await TypeAsync(officer, "#in-06-人员经费合计-1", "");
        await TypeAsync(officer, "#in-06-公用经费合计-1", "");
        await TypeAsync(officer, "#in-06-30101-1", "213.13");
        await officer.ClickAsync("#fill-totals");

        // Blank totals are filled (人员经费合计 from the new 301, not the stale one); the stale 301 is only proposed.
        await Expect(officer.Locator("#in-06-人员经费合计-1")).ToHaveValueAsync("785.35");
        await Expect(officer.Locator("#in-06-公用经费合计-1")).ToHaveValueAsync("124.95");
        await Expect(officer.Locator("#status-line")).ToContainTextAsync("已按下级汇总填入 2 个合计单元格；1 个已有数值的合计待确认");
        await Expect(officer.Locator("#in-06-301-1")).ToHaveValueAsync("780.46");
        await Expect(officer.Locator("[role=alertdialog]")).ToContainTextAsync("301 栏1：780.46 → 781.46");
        await officer.ClickAsync("#confirm-totals");
        await Expect(officer.Locator("#in-06-301-1")).ToHaveValueAsync("781.46");
        await Expect(officer.Locator("#findings li[data-rule='T06-01']")).ToHaveCountAsync(0);
        await Expect(officer.Locator("#findings li[data-rule='T06-05']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_mistakenly_added_coded_row_is_removed_from_the_keyboard_after_a_confirmation()
    {
        var officer = await LoginAsync("officer");
        await StartCorrectionAsync(officer);
        await officer.GotoAsync($"{_base}/workspace/jdz-zwsjglj/2023/tables/07");
        await WaitForCircuitAsync(officer);
        await Expect(officer.Locator(".remove-row")).ToHaveCountAsync(0); // saved rows: nothing to take back

        // 行政运行 added to the 政府性基金 table by mistake brings its 款 and 类 along; a value is typed into it.
        await TypeAsync(officer, "#new-code", "2010301");
        await officer.ClickAsync("#add-code");
        await Expect(officer.Locator("#status-line")).ToContainTextAsync("已添加科目 2010301 行政运行");
        await Expect(officer.Locator(".remove-row")).ToHaveCountAsync(3);
        await Expect(officer.Locator("#remove-21208")).ToHaveCountAsync(0);
        await TypeAsync(officer, "#in-07-2010301-4", "5.00");

        // Cancel first: the row stays and the focus returns to its button.
        await officer.FocusAsync("#remove-2010301");
        await officer.Keyboard.PressAsync("Enter");
        await Expect(officer.Locator("#remove-dialog")).ToContainTextAsync("删除科目行 2010301 行政运行？已填的数值将一并清除。");
        await Expect(officer.Locator("#confirm-remove")).ToBeFocusedAsync();
        await officer.ClickAsync("#cancel-remove");
        await Expect(officer.Locator("#remove-dialog")).ToHaveCountAsync(0);
        await Expect(officer.Locator("#remove-2010301")).ToBeFocusedAsync();
        await Expect(officer.Locator("#in-07-2010301-4")).ToHaveValueAsync("5.00");

        // Enter on the focused button, Enter on the dialog's 删除: the row, its value and the 款/类 added for it are gone.
        await officer.Keyboard.PressAsync("Enter");
        await Expect(officer.Locator("#confirm-remove")).ToBeFocusedAsync();
        await officer.Keyboard.PressAsync("Enter");
        await Expect(officer.Locator("#status-line")).ToContainTextAsync("已删除科目行 201、20103、2010301（尚未保存）");
        await Expect(officer.Locator("#in-07-2010301-4")).ToHaveCountAsync(0);
        await Expect(officer.Locator("#in-07-201-1")).ToHaveCountAsync(0);
        await Expect(officer.Locator(".remove-row")).ToHaveCountAsync(0);
        await Expect(officer.Locator("#in-07-2120803-1")).ToHaveCountAsync(1);
        await Expect(officer.Locator("#new-code")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task An_officer_edits_the_overview_and_imports_a_workbook_in_the_browser()
    {
        var officer = await LoginAsync("officer");
        await StartCorrectionAsync(officer);
        await officer.GotoAsync($"{_base}/workspace/jdz-zwsjglj/2023/overview");
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

        var download = await officer.Context.APIRequest.GetAsync($"{_base}/reports/jdz-zwsjglj/2023/export.xlsx");
        download.Ok.Should().BeTrue();
        var original = await download.BodyAsync();
        var services = _portal.Services;
        var set = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Domain.Templates.TemplateSetRegistry>(services).Find("jiangxi-2023")!;
        var read = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Infrastructure.Excel.WorkbookService>(services).Read(original, set, "jdz-zwsjglj", 2023);
        var reference = read.Value.References[new Domain.Reports.CellAddress("09", "15", 3)].Split('!')[1];
        var edited = Workbooks.Edit(original, "公开09表", reference, "8");

        await officer.GotoAsync($"{_base}/workspace/jdz-zwsjglj/2023/excel");
        await officer.Locator("#excel-page[data-ready='1']").WaitForAsync();
        await officer.SetInputFilesAsync("#workbook", new FilePayload { Name = "三公.csv.xlsx", MimeType = "application/octet-stream", Buffer = "a,b\n1,2\n"u8.ToArray() });
        await Expect(officer.Locator("#import-errors")).ToContainTextAsync("文件不是 .xlsx 工作簿");
        await officer.SetInputFilesAsync("#workbook", new FilePayload { Name = "决算.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = edited });
        await Expect(officer.Locator("#import-preview caption")).ToHaveTextAsync("将要修改 1 个单元格");
        await Expect(officer.Locator("#import-preview tbody tr")).ToContainTextAsync("公开09表");
        await Shot(officer, "4-import-preview");
        await officer.ClickAsync("#apply-import");
        await Expect(officer.Locator("#import-status")).ToContainTextAsync("已导入：修改了 1 个单元格");

        await officer.GotoAsync($"{_base}/workspace/jdz-zwsjglj/2023/tables/09");
        await WaitForCircuitAsync(officer);
        await Expect(officer.Locator("#in-09-15-3")).ToHaveValueAsync("8");

        // Changes made in interactive circuits are audited with who and from where, like API calls.
        var contexts = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Infrastructure.Persistence.FinalAccountsDbContext>>(services);
        await using var db = await contexts.CreateDbContextAsync();
        var audited = db.AuditEntries.Where(a => a.UserName == "officer" && (a.Action == "overview.change" || a.Action == "report.import")).ToList();
        audited.Select(a => a.Action).Distinct().Should().BeEquivalentTo(["overview.change", "report.import"]);
        audited.Should().OnlyContain(a => a.Address == "127.0.0.1", "the circuit's connection address is recorded");
    }

    [Fact]
    public async Task Unsaved_cells_survive_switching_tables_and_leaving_asks_first()
    {
        var officer = await LoginAsync("officer");
        await StartCorrectionAsync(officer);
        await WaitForCircuitAsync(officer);
        await TypeAsync(officer, "#in-01-1-1", "2000.00");
        await Expect(officer.Locator("td.unsaved:has(#in-01-1-1)")).ToHaveCountAsync(1);
        await officer.FocusAsync("#in-01-1-1"); // the keyboard still moves like a spreadsheet
        await officer.Keyboard.PressAsync("Enter");
        await Expect(officer.Locator("#in-01-2-1")).ToBeFocusedAsync();
        await officer.Keyboard.PressAsync("ArrowUp");
        await Expect(officer.Locator("#in-01-1-1")).ToBeFocusedAsync();
        await Expect(officer.Locator("#unsaved-count")).ToHaveTextAsync("1 个单元格未保存");

        // The tabs are plain links (enhanced navigation): the draft stays in the circuit.
        await officer.ClickAsync("#tab-02");
        await officer.WaitForURLAsync("**/workspace/jdz-zwsjglj/2023/tables/02");
        await Expect(officer.Locator("#in-02-合计-1")).ToBeVisibleAsync();
        await Expect(officer.Locator("#tab-01")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("unsaved"));
        await Expect(officer.Locator("#tab-01")).ToContainTextAsync("未保存");
        await officer.ClickAsync("#tab-01");
        await officer.WaitForURLAsync("**/workspace/jdz-zwsjglj/2023/tables/01");
        await Expect(officer.Locator("#in-01-1-1")).ToHaveValueAsync("2000.00");
        await Expect(officer.Locator("td.unsaved:has(#in-01-1-1)")).ToHaveCountAsync(1);

        // Leaving the report's tables asks; 留下 (focused first) keeps everything.
        var workspace = officer.GetByRole(AriaRole.Link, new() { Name = "工作台", Exact = true });
        await workspace.ClickAsync();
        await Expect(officer.Locator("#confirm-message")).ToHaveTextAsync("有 1 个单元格尚未保存，离开将丢失这些修改。");
        await Expect(officer.Locator("#confirm-stay")).ToBeFocusedAsync();
        await Shot(officer, "leave-dialog");
        await officer.ClickAsync("#confirm-stay");
        await Expect(officer.Locator("#confirm-message")).ToHaveCountAsync(0);
        officer.Url.Should().EndWith("/workspace/jdz-zwsjglj/2023/tables/01");
        await Expect(officer.Locator("#in-01-1-1")).ToHaveValueAsync("2000.00");

        // Closing the tab gets the browser's own prompt (dismissed: the page stays).
        var prompt = new TaskCompletionSource<string>();
        officer.Dialog += (_, dialog) => { prompt.TrySetResult(dialog.Type); _ = dialog.DismissAsync(); };
        await officer.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
        (await prompt.Task.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be("beforeunload");
        officer.IsClosed.Should().BeFalse();

        await officer.ClickAsync("#save");
        await Expect(officer.Locator("#status-line")).ToContainTextAsync("已保存（1 个单元格有变化）");
        await Expect(officer.Locator("td.unsaved")).ToHaveCountAsync(0);
        await Expect(officer.Locator("#unsaved-count")).ToHaveCountAsync(0);
        await Expect(officer.Locator("#tab-01")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("unsaved"));

        // 放弃修改 asks, then puts the saved values back.
        await TypeAsync(officer, "#in-01-2-1", "1");
        await officer.ClickAsync("#discard");
        await Expect(officer.Locator("#confirm-message")).ToHaveTextAsync("放弃公开01表中 1 个单元格的修改，恢复为已保存的数值？");
        await officer.ClickAsync("#confirm-go");
        await Expect(officer.Locator("#in-01-2-1")).ToHaveValueAsync("1628.91");
        await Expect(officer.Locator("td.unsaved")).ToHaveCountAsync(0);

        // Nothing unsaved: a link out just goes.
        await officer.ClickAsync("#overview-link");
        await officer.WaitForURLAsync("**/workspace/jdz-zwsjglj/2023/overview");
        await officer.GotoAsync($"{_base}/workspace/jdz-zwsjglj/2023/tables/01");
        await WaitForCircuitAsync(officer);

        // A value still being typed (the click on the link ends it) counts; 放弃修改并离开 goes.
        await officer.FillAsync("#in-01-2-1", "5");
        await workspace.ClickAsync();
        await Expect(officer.Locator("#confirm-message")).ToHaveTextAsync("有 1 个单元格尚未保存，离开将丢失这些修改。");
        await officer.ClickAsync("#confirm-go");
        await officer.WaitForURLAsync("**/workspace");
        await officer.Locator("#reports[data-ready='1']").WaitForAsync();
    }

    [Fact]
    public async Task A_save_refused_for_someone_elses_save_merges_and_asks_only_about_cells_both_changed()
    {
        var mine = await LoginAsync("officer");
        await StartCorrectionAsync(mine);
        await WaitForCircuitAsync(mine);
        await TypeAsync(mine, "#in-01-1-1", "2000.00");
        await TypeAsync(mine, "#in-01-2-1", "1600.00");

        var theirs = await LoginAsync("officer"); // the same report in another browser
        await theirs.GotoAsync($"{_base}/workspace/jdz-zwsjglj/2023/tables/01");
        await WaitForCircuitAsync(theirs);
        await TypeAsync(theirs, "#in-01-1-1", "2100.00");
        await TypeAsync(theirs, "#in-01-8-1", "9.00");
        await theirs.ClickAsync("#save");
        await Expect(theirs.Locator("#status-line")).ToContainTextAsync("已保存（2 个单元格有变化）");

        await mine.ClickAsync("#save");
        await Expect(mine.Locator("#merge tbody tr")).ToHaveCountAsync(1);
        await Expect(mine.Locator("#merge tbody tr[data-cell='1-1']")).ToContainTextAsync("2100.00");
        await Expect(mine.Locator("#status-line")).ToContainTextAsync("1 个单元格双方都改过");
        await mine.CheckAsync("#theirs-1-1");
        await mine.ClickAsync("#merge-apply");
        await Expect(mine.Locator("#merge")).ToHaveCountAsync(0);
        await Expect(mine.Locator("#in-01-1-1")).ToHaveValueAsync("2100.00");
        await Expect(mine.Locator("#in-01-8-1")).ToHaveValueAsync("9.00");
        await Expect(mine.Locator("#in-01-2-1")).ToHaveValueAsync("1600.00");
        await Expect(mine.Locator("#unsaved-count")).ToHaveTextAsync("1 个单元格未保存");

        await mine.ClickAsync("#save");
        await Expect(mine.Locator("#status-line")).ToContainTextAsync("已保存（1 个单元格有变化）");
        await Expect(mine.Locator("td.unsaved")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Locating_a_finding_in_another_table_opens_it_and_highlights_the_cell()
    {
        var officer = await LoginAsync("officer");
        await StartCorrectionAsync(officer);
        await officer.GotoAsync($"{_base}/workspace/jdz-zwsjglj/2023/tables/09");
        await WaitForCircuitAsync(officer);
        await TypeAsync(officer, "#in-09-6-3", "0.71");
        await officer.ClickAsync("#save");
        await Expect(officer.Locator("#status-line")).ToContainTextAsync("已保存");

        // A same-table finding: focus and highlight.
        var local = officer.Locator("#findings li[data-rule='T09-01'] button.locate");
        await local.ClickAsync();
        var cell = await local.GetAttributeAsync("data-cell");
        var (table, rest) = (cell![..2], cell[3..]);
        table.Should().Be("09");
        await Expect(officer.Locator($"#in-09-{rest}")).ToBeFocusedAsync();
        await Expect(officer.Locator($"td.located:has(#in-09-{rest})")).ToHaveCountAsync(1);

        // A finding in another table (the published 尾差 of T02-01): that table opens, the cell focused and highlighted.
        await officer.ClickAsync("#findings li[data-rule='T02-01'] button.locate");
        await officer.WaitForURLAsync("**/workspace/jdz-zwsjglj/2023/tables/02?cell=*");
        await Expect(officer.Locator("td.located:has(#in-02-合计-1)")).ToHaveCountAsync(1);
        await Expect(officer.Locator("#in-02-合计-1")).ToBeFocusedAsync();

        // The same with the address typed or bookmarked.
        await officer.GotoAsync($"{_base}/workspace/jdz-zwsjglj/2023/tables/01?cell=27-1");
        await Expect(officer.Locator("td.located:has(#in-01-27-1)")).ToHaveCountAsync(1);
        await Expect(officer.Locator("#in-01-27-1")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Pages_run_under_the_content_security_policy_without_a_single_violation()
    {
        var violations = new List<string>();
        var officer = await LoginAsync("officer", violations);
        await StartCorrectionAsync(officer);
        var grid = await officer.GotoAsync($"{_base}/workspace/jdz-zwsjglj/2023/tables/09");
        grid!.Headers["content-security-policy"].Should().Contain("script-src 'self';");
        await WaitForCircuitAsync(officer);
        await TypeAsync(officer, "#in-09-6-3", "0.71");
        await Expect(officer.Locator("#findings li[data-rule='T09-01']")).ToContainTextAsync("不通过");
        await officer.GotoAsync($"{_base}/workspace/jdz-zwsjglj/2023/overview");
        await officer.Locator("#overview-editor[data-ready='1']").WaitForAsync();
        await officer.GotoAsync($"{_base}/workspace");
        await officer.Locator("#reports[data-ready='1']").WaitForAsync(); // the list of reports, a MudDataGrid
        await officer.Locator("th .sortable-column-header", new PageLocatorOptions { HasTextString = "部门" }).ClickAsync();
        await Expect(officer.Locator("th[aria-sort='ascending']")).ToContainTextAsync("部门");
        await Expect(officer.Locator("td[data-label='部门']").First).ToContainTextAsync("景德镇市");
        await Shot(officer, "workspace-grid");

        await officer.GotoAsync($"{_base}/reports/jdz-zwsjglj/2023");
        await Expect(officer.Locator("#c-09-6-3")).ToBeVisibleAsync();
        var swagger = await officer.GotoAsync($"{_base}/swagger/index.html");
        swagger!.Headers["content-security-policy"].Should().Contain("script-src 'self';");
        await Expect(officer.Locator(".swagger-ui .info .title")).ToContainTextAsync("FinalAccounts");
        await Expect(officer.Locator(".opblock").First).ToBeVisibleAsync();

        // Signing out is a cookie-authenticated form post: it must pass the CSRF check from our own page.
        await officer.GotoAsync($"{_base}/");
        await officer.ClickAsync("form[action='/account/logout'] button");
        await Expect(officer.Locator("a[href='/account/login']")).ToBeVisibleAsync();
        violations.AddRange(await officer.EvaluateAsync<string[]>("() => window.__csp ?? []"));

        // The reviewer's audit page: a MudDataGrid (inline styles, popovers) that sorts, filters and pages in Chinese.
        var reviewer = await LoginAsync("reviewer", violations);
        await reviewer.GotoAsync($"{_base}/audit");
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
        violations.AddRange(await reviewer.EvaluateAsync<string[]>("() => window.__csp ?? []"));

        violations.Should().BeEmpty();
    }

    /// <summary>From the workspace, the officer starts revision 2 of the published 2023 report.</summary>
    [Fact]
    public async Task A_reviewer_starts_batches_from_the_pages_and_watches_them_finish_without_reloading()
    {
        var reviewer = await LoginAsync("reviewer");
        await reviewer.GotoAsync($"{_base}/reconciliation/batches");
        await reviewer.WaitForSelectorAsync(".batch-start[data-ready='1']");
        await reviewer.Locator("#batch-year").FillAsync("2023");
        await reviewer.ClickAsync("#batch-start");
        await reviewer.WaitForURLAsync("**/reconciliation/batches/*");
        // The page reads the job again while it runs: the result appears without a reload.
        await Expect(reviewer.Locator("#batch-summary")).ToContainTextAsync("已校验");
        await Expect(reviewer.Locator("[role=progressbar][aria-label='批量校验进度']")).ToHaveAttributeAsync("aria-valuenow", "100");

        await reviewer.GotoAsync($"{_base}/reconciliation/batches");
        await Expect(reviewer.Locator(".job-grid tbody tr")).ToHaveCountAsync(1);
        await Expect(reviewer.Locator(".job-grid tbody tr")).ToContainTextAsync("已完成");

        await reviewer.GotoAsync($"{_base}/exports/batches");
        await reviewer.WaitForSelectorAsync(".batch-start[data-ready='1']");
        await reviewer.Locator("#batch-year").FillAsync("2023");
        await reviewer.ClickAsync("#batch-start");
        await reviewer.WaitForURLAsync("**/exports/batches/*");
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

    private async Task StartCorrectionAsync(IPage officer)
    {
        await officer.GotoAsync($"{_base}/workspace");
        await officer.SelectOptionAsync("#create-department", "jdz-zwsjglj");
        await officer.FillAsync("#create-year", "2023");
        await officer.ClickAsync("#create-report");
        await officer.WaitForURLAsync("**/workspace/jdz-zwsjglj/2023/tables/01");
    }

    private async Task<IPage> LoginAsync(string user, List<string>? violations = null)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        if (violations is not null)
        {
            // Chromium reports a CSP violation both on the console ("Refused to …") and as an event in the page.
            page.Console += (_, message) => { if (message.Text.Contains("Refused to", StringComparison.Ordinal) || message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) { violations.Add(message.Text); } };
            await page.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI))");
        }

        page.Console += (_, message) => File.AppendAllText("/tmp/browser-console.log", $"{user}: {message.Type}: {message.Text}\n");
        page.PageError += (_, error) => File.AppendAllText("/tmp/browser-console.log", $"{user}: pageerror: {error}\n");
        await page.GotoAsync($"{_base}/account/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", "Demo#2023pass");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/workspace");
        return page;
    }

    // The page is prerendered; inputs react only once the interactive circuit is connected.
    private static async Task WaitForCircuitAsync(IPage page)
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

    private static async Task TypeAsync(IPage page, string selector, string value)
    {
        await page.FillAsync(selector, value);
        await page.Locator(selector).BlurAsync(); // change event → server
    }

    private static Task PasteAsync(IPage page, string selector, string text) =>
        page.Locator(selector).EvaluateAsync(
            "(el, text) => { el.focus(); const data = new DataTransfer(); data.setData('text/plain', text); el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })); }",
            text);

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
