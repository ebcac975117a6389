using System.Net;
using System.Net.Sockets;
using FinalAccounts.Tests.Shared;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>Unsaved work in Chromium: kept across tables, guarded on leaving, merged cell by cell on a conflict.</summary>
public sealed class BrowserDraftTests : BrowserSession
{
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
        await ExpectUrlAsync(officer, @"/workspace/jdz\-zwsjglj/2023/tables/02$");
        await Expect(officer.Locator("#in-02-合计-1")).ToBeVisibleAsync();
        await Expect(officer.Locator("#tab-01")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("unsaved"));
        await Expect(officer.Locator("#tab-01")).ToContainTextAsync("未保存");
        await officer.ClickAsync("#tab-01");
        await ExpectUrlAsync(officer, @"/workspace/jdz\-zwsjglj/2023/tables/01$");
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
        await ExpectUrlAsync(officer, @"/workspace/jdz\-zwsjglj/2023/overview$");
        await officer.GotoAsync($"{Base}/workspace/jdz-zwsjglj/2023/tables/01");
        await WaitForCircuitAsync(officer);

        // A value still being typed (the click on the link ends it) counts; 放弃修改并离开 goes.
        await officer.FillAsync("#in-01-2-1", "5");
        await workspace.ClickAsync();
        await Expect(officer.Locator("#confirm-message")).ToHaveTextAsync("有 1 个单元格尚未保存，离开将丢失这些修改。");
        await officer.ClickAsync("#confirm-go");
        await ExpectUrlAsync(officer, @"/workspace$");
        await officer.Locator("#reports[data-ready='1']").WaitForAsync();
    }

    [Fact]
    public async Task The_officer_writes_the_note_under_an_empty_table_and_it_is_saved_with_the_table()
    {
        const string note = "说明：本部门本年度没有国有资本经营预算财政拨款支出，故本表无数据。";
        var officer = await LoginAsync("officer");
        await StartCorrectionAsync(officer);
        await officer.GotoAsync($"{Base}/workspace/jdz-zwsjglj/2023/tables/08");
        await WaitForCircuitAsync(officer);
        await Expect(officer.Locator("#table-note")).ToHaveValueAsync("");

        await officer.FillAsync("#table-note", note);
        await officer.ClickAsync("#save");
        await Expect(officer.Locator("#status-line")).ToContainTextAsync("已保存");

        await officer.ReloadAsync();
        await WaitForCircuitAsync(officer);
        await Expect(officer.Locator("#table-note")).ToHaveValueAsync(note);
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
        await theirs.GotoAsync($"{Base}/workspace/jdz-zwsjglj/2023/tables/01");
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
}
