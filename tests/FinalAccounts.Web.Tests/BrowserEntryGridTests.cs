using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using FinalAccounts.Tests.Shared;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// The entry grid in Chromium: 按下级汇总, removing an added coded row, 定位 within and across tables, a code entered as
/// printed; and the administrator's users and catalogues pages (one portal and browser for all: each class costs a
/// portal start and a Chromium).
/// </summary>
public sealed class BrowserEntryGridTests : BrowserSession
{
    [Fact]
    public async Task Fill_totals_sums_the_fixed_rows_of_table_06_and_asks_before_overwriting_a_different_total()
    {
        var officer = await LoginAsync("officer");
        await StartCorrectionAsync(officer);
        await officer.GotoAsync($"{Base}/workspace/jdz-zwsjglj/2023/tables/06");
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
        await officer.GotoAsync($"{Base}/workspace/jdz-zwsjglj/2023/tables/07");
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
    public async Task Locating_a_finding_in_another_table_opens_it_and_highlights_the_cell()
    {
        var officer = await LoginAsync("officer");
        await StartCorrectionAsync(officer);
        await officer.GotoAsync($"{Base}/workspace/jdz-zwsjglj/2023/tables/09");
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
        await ExpectUrlAsync(officer, @"/workspace/jdz-zwsjglj/2023/tables/02\?cell=");
        await Expect(officer.Locator("td.located:has(#in-02-合计-1)")).ToHaveCountAsync(1);
        await Expect(officer.Locator("#in-02-合计-1")).ToBeFocusedAsync();

        // The same with the address typed or bookmarked.
        await officer.GotoAsync($"{Base}/workspace/jdz-zwsjglj/2023/tables/01?cell=27-1");
        await Expect(officer.Locator("td.located:has(#in-01-27-1)")).ToHaveCountAsync(1);
        await Expect(officer.Locator("#in-01-27-1")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task An_administrator_creates_a_department_and_its_officer_revokes_and_disables_a_user_on_the_admin_pages()
    {
        var admin = await LoginAsync("admin");
        await admin.GotoAsync($"{Base}/admin/departments");
        await admin.WaitForSelectorAsync("#departments-page[data-ready='1']");
        await admin.ClickAsync("#department-new");
        await admin.Locator("#department-code").FillAsync("browser-dept");
        await admin.Locator("#department-name").FillAsync("浏览器测试局");
        // The region is picked from the tree: typing part of a name offers the full paths.
        await admin.Locator("#department-region").FillAsync("浮梁");
        await admin.Locator(".region-option[data-path='江西省景德镇市浮梁县']").ClickAsync();
        await Expect(admin.Locator("#department-region")).ToHaveValueAsync("江西省景德镇市浮梁县");
        await admin.ClickAsync("#department-save");
        await Expect(admin.Locator(".departments-grid tbody")).ToContainTextAsync("浏览器测试局");
        await Expect(admin.Locator(".departments-grid tbody tr", new() { HasText = "浏览器测试局" })).ToContainTextAsync("江西省景德镇市浮梁县");

        await admin.GotoAsync($"{Base}/admin/users");
        await admin.WaitForSelectorAsync("#users-page[data-ready='1']");
        await Expect(admin.Locator(".users-grid tbody")).ToContainTextAsync("officer");

        await admin.ClickAsync("#user-new");
        await admin.Locator("#user-name").FillAsync("browser-officer");
        await admin.Locator("#user-password").FillAsync("Browser#pass2024");
        await admin.Locator("#user-display").FillAsync("浏览器填报人");
        await admin.Locator("#user-role-officer").ClickAsync();
        await admin.Locator("#user-departments").FillAsync("no-such-department");
        await admin.ClickAsync("#user-save");
        await Expect(admin.Locator("#user-errors")).ToContainTextAsync("部门不存在：no-such-department");

        await admin.Locator("#user-departments").FillAsync("browser-dept");
        await admin.ClickAsync("#user-save");
        var row = admin.Locator(".users-grid tbody tr", new() { HasText = "browser-officer" });
        await Expect(row).ToContainTextAsync("填报人");
        await Expect(row).ToContainTextAsync("browser-dept");
        using var api = new HttpClient { BaseAddress = new Uri(Base) };
        var issued = await api.PostAsJsonAsync("/api/auth/token", new { userName = "browser-officer", password = "Browser#pass2024" });
        issued.StatusCode.Should().Be(HttpStatusCode.OK);
        var token = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        using var bearer = new HttpClient { BaseAddress = new Uri(Base) };
        bearer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        (await bearer.GetAsync("/api/auth/tokens")).StatusCode.Should().Be(HttpStatusCode.OK);

        // Revoking ends the token at once; the user keeps the password and may sign in again.
        await admin.ClickAsync(".user-edit[data-user='browser-officer']");
        await admin.ClickAsync("#user-revoke");
        await Expect(admin.Locator(".mud-snackbar", new() { HasText = "已吊销" })).ToContainTextAsync("已吊销 browser-officer 的 1 个令牌和登录");
        (await bearer.GetAsync("/api/auth/tokens")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        // Disabling asks first; then the user can no longer sign in.
        await admin.ClickAsync(".user-toggle[data-user='browser-officer']");
        await admin.ClickAsync("#confirm-go");
        await Expect(row).ToContainTextAsync("已停用");
        (await api.PostAsJsonAsync("/api/auth/token", new { userName = "browser-officer", password = "Browser#pass2024" })).StatusCode.Should().NotBe(HttpStatusCode.OK);

        // A template set: uploaded as its two files, a broken one refused with the error named, previewed, activated.
        var (template, rules) = TemplateAdministrationTests.Upload("browser-set", 2035, 2036);
        await admin.GotoAsync($"{Base}/admin/templates");
        await admin.WaitForSelectorAsync("#templates-page[data-ready='1']");
        await Expect(admin.Locator(".template-state[data-id='jiangxi-2023']")).ToHaveTextAsync("随程序提供");
        await admin.Locator("#template-file").SetInputFilesAsync(new FilePayload { Name = "browser-set.json", MimeType = "application/json", Buffer = System.Text.Encoding.UTF8.GetBytes("{ \"id\": \"browser-set\", ") });
        await admin.Locator("#rules-file").SetInputFilesAsync(new FilePayload { Name = "browser-set.rules.json", MimeType = "application/json", Buffer = System.Text.Encoding.UTF8.GetBytes(rules.ToJsonString()) });
        await Expect(admin.Locator("#template-files")).ToContainTextAsync("browser-set.rules.json");
        await Expect(admin.Locator("#template-files")).ToContainTextAsync("表样：browser-set.json");
        await admin.Locator("#template-id").FillAsync("browser-set");
        await admin.ClickAsync("#template-upload");
        await Expect(admin.Locator("#template-errors")).ToContainTextAsync("不是有效的 JSON（第 1 行");
        await admin.Locator("#template-file").SetInputFilesAsync(new FilePayload { Name = "browser-set.json", MimeType = "application/json", Buffer = System.Text.Encoding.UTF8.GetBytes(template.ToJsonString()) });
        await Expect(admin.Locator("#template-id")).ToHaveValueAsync("browser-set");
        await Expect(admin.Locator("#template-files")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("表样：browser-set.json（\\d[\\d,]{4,} 个字符"), new() { Timeout = 15000 });
        await admin.ClickAsync("#template-upload");
        await Expect(admin.Locator("#template-uploaded")).ToContainTextAsync("browser-set");
        await Expect(admin.Locator(".template-state[data-id='browser-set']")).ToHaveTextAsync("待启用");

        var preview = await admin.Context.NewPageAsync();
        await preview.GotoAsync($"{Base}/admin/templates/browser-set/preview");
        await Expect(preview.Locator("#template-preview")).ToContainTextAsync("2035–2036");
        await Expect(preview.Locator("section.report-table")).ToHaveCountAsync(10);

        await admin.ClickAsync(".template-activate[data-id='browser-set']");
        await Expect(admin.Locator(".template-state[data-id='browser-set']")).ToHaveTextAsync("已启用");
        (await api.GetFromJsonAsync<JsonElement>("/api/templates/browser-set")).GetProperty("id").GetString().Should().Be("browser-set");

        // The year at a glance: the demo department has published its 2023 report.
        await admin.GotoAsync($"{Base}/progress/2023");
        await admin.WaitForSelectorAsync("#progress-page[data-ready='1']");
        await Expect(admin.Locator(".progress-state[data-code='jdz-zwsjglj']")).ToHaveTextAsync("已公开");
        await Expect(admin.Locator("#progress-counts")).ToContainTextAsync("已公开");
    }

    [Fact]
    public async Task An_officer_enters_a_code_as_printed_and_the_administrator_confirms_it_and_imports_a_catalogue()
    {
        var officer = await LoginAsync("officer");
        await StartCorrectionAsync(officer);
        await officer.GotoAsync($"{Base}/workspace/jdz-zwsjglj/2023/tables/05");
        await WaitForCircuitAsync(officer);

        // Not in the catalogue: refused without a name, added with the name as printed, saved.
        await TypeAsync(officer, "#new-code", "2080501");
        await officer.ClickAsync("#add-code");
        await Expect(officer.Locator("#status-line")).ToContainTextAsync("印制的科目名称");
        await TypeAsync(officer, "#new-code-name", "行政单位离退休");
        await officer.ClickAsync("#add-code");
        await Expect(officer.Locator("#status-line")).ToContainTextAsync("已添加科目 2080501 行政单位离退休（目录中没有");
        await TypeAsync(officer, "#in-05-2080501-1", "0.00");
        await officer.ClickAsync("#save");
        await Expect(officer.Locator("#status-line")).ToContainTextAsync("已保存");

        // The administrator sees it awaiting confirmation and confirms it: a new version of the 2023 catalogue.
        var admin = await LoginAsync("admin");
        await admin.GotoAsync($"{Base}/admin/catalogs");
        await admin.WaitForSelectorAsync("#catalogs-page[data-ready='1']");
        await Expect(admin.Locator(".catalog-unconfirmed tbody")).ToContainTextAsync("行政单位离退休");
        await admin.ClickAsync(".catalog-confirm[data-code='2080501']");
        await Expect(admin.Locator("#catalog-unconfirmed-none")).ToBeVisibleAsync();
        await Expect(admin.Locator("tr.catalog-current[data-year='2023'][data-kind='functional']")).ToContainTextAsync("第 2 版");

        // An upload is previewed, then imported as version 1 of a new year.
        await TypeAsync(admin, "#catalog-year", "2035");
        await admin.Locator("#catalog-file").SetInputFilesAsync(new FilePayload
        {
            Name = "functional-2035.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("code,name\n201,一般公共服务支出\n20101,人大事务\n2010101,行政运行\n"),
        });
        await admin.ClickAsync("#catalog-preview");
        await Expect(admin.Locator("#catalog-preview-counts")).ToContainTextAsync("新增 3 个，更名 0 个，删除 0 个");
        await admin.ClickAsync("#catalog-import");
        await Expect(admin.Locator("tr.catalog-current[data-year='2035']")).ToContainTextAsync("functional-2035.csv");
    }
}
