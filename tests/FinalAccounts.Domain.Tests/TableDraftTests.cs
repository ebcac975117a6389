using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Reports.Drafts;
using FinalAccounts.Domain.Templates;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests;

public class TableDraftTests
{
    private static readonly TemplateSet Set = ShippedData.Jiangxi2023;

    private static TableDraft Published(string tableNo, int version = 7) => Draft(tableNo, ShippedData.PublishedCells(tableNo), version);

    private static TableDraft Draft(string tableNo, IEnumerable<ReportCell> cells, int version = 7)
    {
        var table = Set.FindTable(tableNo)!;
        return new TableDraft(table, ShippedData.Catalogs.ForTable(Set, table), cells, version);
    }

    private static readonly CellKey Total01 = new("27", 1); // 3716.65 in the published report

    [Fact]
    public void A_draft_of_the_saved_cells_is_clean_and_shows_them_formatted()
    {
        var draft = Published("01");

        draft.HasChanges.Should().BeFalse();
        draft.DirtyCount.Should().Be(0);
        draft.TextOf(Total01).Should().Be("3716.65");
        draft.BaseVersion.Should().Be(7);
        draft.Inputs().Should().HaveCount(ShippedData.PublishedCells("01").Count);
    }

    [Theory]
    [InlineData("3716.65")]
    [InlineData("3,716.65")]
    [InlineData("３７１６．６５")]
    [InlineData("３，７１６．６５")]
    [InlineData(" 3716.650 ")]
    public void Typing_the_saved_value_back_in_any_accepted_form_leaves_the_cell_clean(string typed)
    {
        var draft = Published("01");
        draft.Set(Total01, "1");
        draft.IsDirty(Total01).Should().BeTrue();

        draft.Set(Total01, typed);

        draft.IsDirty(Total01).Should().BeFalse();
        draft.ErrorOf(Total01).Should().BeNull();
        draft.HasChanges.Should().BeFalse();
    }

    [Fact]
    public void Clearing_a_saved_cell_filling_a_blank_one_and_typing_text_are_changes()
    {
        var draft = Published("01");
        var blank = new CellKey("3", 1);
        draft.TextOf(blank).Should().BeNull();

        draft.Set(Total01, "  ");
        draft.Set(blank, "１２３．４５");
        draft.Set(new CellKey("29", 1), "一百");

        draft.DirtyCells.Should().BeEquivalentTo([Total01, blank, new CellKey("29", 1)]);
        draft.DirtyCount.Should().Be(3);
        draft.ErrorOf(blank).Should().BeNull("full-width digits are a number");
        draft.ErrorOf(new CellKey("29", 1)).Should().Contain("不是数字");
        draft.ValidCells().Should().Contain(c => c.RowKey == "3" && c.Value == 123.45m).And.NotContain(c => c.RowKey == "29");

        draft.Set(blank, "");
        draft.IsDirty(blank).Should().BeFalse("typed and cleared again: as saved");
        draft.DirtyCount.Should().Be(2);
    }

    [Fact]
    public void Invalid_values_are_named_per_cell_as_saving_would()
    {
        var draft = Published("09");

        draft.Set(new CellKey("6", 3), "0.123");
        draft.Set(new CellKey("15", 3), "7.5"); // a count of 批次

        draft.ErrorOf(new CellKey("6", 3)).Should().Contain("超过两位小数");
        draft.Errors.Should().HaveCount(2);
        draft.Set(new CellKey("6", 3), "0.12");
        draft.Errors.Keys.Should().Equal(new CellKey("15", 3));
    }

    [Fact]
    public void A_pasted_block_fills_cells_from_its_top_left_and_drops_what_falls_outside()
    {
        var draft = Draft("09", []);
        var line = LineOf(draft, "1");
        var width = draft.EditableCells(line).Count;

        var pasted = draft.Paste(line, 0, [["0.40", "2.30", "0.71"], ["1", "2"]]);

        pasted.Should().Be(5);
        draft.TextOf(new CellKey("1", 3)).Should().Be("0.71");
        draft.TextOf(draft.EditableCells(line + 1)[1]).Should().Be("2");
        draft.DirtyCount.Should().Be(5);

        var overflow = draft.Paste(line, width - 1, [["9", "9", "9"]]);
        overflow.Should().Be(1, "columns beyond the table's last are dropped");
        draft.Paste(draft.Lines.Count - 1, 0, [["1"], ["2"], ["3"]]).Should().BeLessThanOrEqualTo(1, "rows below the last line are dropped");
    }

    [Fact]
    public void Pasting_a_blank_clears_the_cell()
    {
        var draft = Published("09");
        var line = LineOf(draft, "1");

        draft.Paste(line, 0, [[" ", "2.30"]]);

        draft.TextOf(new CellKey("1", 1)).Should().BeNull();
        draft.DirtyCells.Should().Equal(new CellKey("1", 1));
    }

    [Fact]
    public void Fill_totals_on_a_fixed_row_table_fills_blank_totals_and_holds_different_ones_for_confirmation()
    {
        var draft = Published("06");
        draft.Set(new CellKey("人员经费合计", 1), "");
        draft.Set(new CellKey("公用经费合计", 1), "");
        draft.Set(new CellKey("30101", 1), "213.13");

        var outcome = draft.FillTotals(ShippedData.Jiangxi2023Rules, Set);

        outcome.Filled.Should().Be(2);
        draft.TextOf(new CellKey("人员经费合计", 1)).Should().Be("785.35");
        draft.TextOf(new CellKey("公用经费合计", 1)).Should().Be("124.95");
        outcome.Pending.Should().Equal(new Dictionary<CellKey, decimal> { [new CellKey("301", 1)] = 781.46m });
        draft.TextOf(new CellKey("301", 1)).Should().Be("780.46", "a total holding another value is never overwritten unasked");

        draft.ConfirmTotals().Should().Be(1);
        draft.TextOf(new CellKey("301", 1)).Should().Be("781.46");
        draft.PendingTotals.Should().BeEmpty();
    }

    [Fact]
    public void Cancelled_totals_keep_the_typed_value()
    {
        var draft = Published("06");
        draft.Set(new CellKey("30101", 1), "213.13");
        draft.FillTotals(ShippedData.Jiangxi2023Rules, Set).Pending.Should().NotBeEmpty();

        draft.CancelTotals();

        draft.PendingTotals.Should().BeEmpty();
        draft.TextOf(new CellKey("301", 1)).Should().Be("780.46");
    }

    [Fact]
    public void Fill_totals_on_a_coded_table_adds_the_parents_rows_and_the_grand_total()
    {
        var draft = Draft("03", []);
        draft.AddCode("2010301").IsSuccess.Should().BeTrue();
        draft.Set(new CellKey("2010301", 2), "10.10");
        draft.Set(new CellKey("2010301", 3), "0.20");

        var outcome = draft.FillTotals(ShippedData.Jiangxi2023Rules, Set);

        outcome.Pending.Should().BeEmpty();
        draft.TextOf(new CellKey("2010301", 1)).Should().Be("10.30");
        draft.TextOf(new CellKey("20103", 2)).Should().Be("10.10");
        draft.TextOf(new CellKey("201", 1)).Should().Be("10.30");
        draft.TextOf(new CellKey("合计", 3)).Should().Be("0.20");
        draft.Lines.Select(l => l[0]?.Key).Should().ContainInOrder("合计", "201", "20103", "2010301");
    }

    [Fact]
    public void Adding_a_code_adds_its_missing_parents_and_refuses_bad_or_unknown_codes()
    {
        var draft = Published("07");
        var before = draft.CodedRowsUnder("").Count;

        var added = draft.AddCode("2010301");

        added.Value.Should().BeEquivalentTo(["201", "20103", "2010301"]);
        draft.CodedRowsUnder("").Should().HaveCount(before + 3);
        draft.AddedRows.Should().BeEquivalentTo(["201", "20103", "2010301"]);
        draft.HasChanges.Should().BeFalse("an added row without values changes no cell");
        draft.AddCode("20103x").Errors.Single().Code.Should().Be("cell.bad_code");
        draft.AddCode("2019999").Errors.Single().Code.Should().Be("cell.unknown_code");
        draft.AddCode("2010301").Value.Should().BeEmpty("already shown");
    }

    [Fact]
    public void A_code_the_catalogue_lacks_is_added_with_its_printed_name_and_shown_by_it()
    {
        var draft = Published("05");

        draft.AddCode("2080501").Errors.Single().Message.Should().Contain("印制的科目名称");
        draft.AddCode("2080501", "行政单位离退休").IsSuccess.Should().BeTrue();
        draft.Set(new CellKey("2080501", 1), "1.00");

        draft.PrintedNames.Should().Equal(new Dictionary<string, string> { ["2080501"] = "行政单位离退休" });
        draft.Lines.SelectMany(l => l).OfType<DraftRow>().Should().Contain(r => r.Key == "2080501" && r.Label == "行政单位离退休");
        draft.ErrorOf(new CellKey("2080501", 1)).Should().BeNull("the value is valid under its printed name");
        draft.Inputs().Should().Contain(new CellInput("2080501", 1, "1.00"));
    }

    [Fact]
    public void Removing_an_added_row_takes_its_values_and_the_parents_added_only_for_it()
    {
        var draft = Published("07");
        draft.AddCode("2010301");
        draft.Set(new CellKey("2010301", 4), "5.00");
        draft.HasChanges.Should().BeTrue();

        var removed = draft.RemoveAddedRow("2010301");

        removed.Should().Equal("201", "20103", "2010301");
        draft.TextOf(new CellKey("2010301", 4)).Should().BeNull();
        draft.AddedRows.Should().BeEmpty();
        draft.HasChanges.Should().BeFalse();
        draft.Lines.Should().NotContain(l => l.Any(r => r != null && r.Key == "201"));
    }

    [Fact]
    public void Removing_one_of_two_added_siblings_keeps_their_parents()
    {
        var draft = Published("07");
        draft.AddCode("2010301");
        draft.AddCode("2010302");

        draft.RemoveAddedRow("2010301").Should().Equal("2010301");

        draft.AddedRows.Should().BeEquivalentTo(["201", "20103", "2010302"]);
        draft.RemoveAddedRow("2010302").Should().Equal("201", "20103", "2010302");
    }

    [Fact]
    public void Removing_the_parent_takes_the_rows_under_it_and_saved_rows_cannot_be_removed()
    {
        var draft = Published("07");
        draft.AddCode("2010301");
        draft.Set(new CellKey("2010301", 1), "1");

        draft.RemoveAddedRow("201").Should().Equal("201", "20103", "2010301");
        var saved = ShippedData.PublishedCells("07").First(c => c.RowKey.Length == 7).RowKey;
        draft.RemoveAddedRow(saved).Should().BeEmpty();
        draft.CodedRowsUnder("").Should().Contain(saved);
    }

    [Fact]
    public void A_cleared_saved_row_stays_shown_until_saved()
    {
        var cell = ShippedData.PublishedCells("07").First(c => c.RowKey.Length == 7);
        var draft = Published("07");
        foreach (var c in ShippedData.PublishedCells("07").Where(c => c.RowKey == cell.RowKey))
        {
            draft.Set(new CellKey(c.RowKey, c.Column), null);
        }

        draft.CodedRowsUnder("").Should().Contain(cell.RowKey);
        draft.IsDirty(new CellKey(cell.RowKey, cell.Column)).Should().BeTrue();
    }

    [Fact]
    public void Errors_of_a_save_land_on_their_cells_and_the_others_are_returned()
    {
        var draft = Published("03");

        var other = draft.ShowErrors([
            new DomainError("cell.not_a_number", "“x”不是数字", "公开03表[201,1]"),
            new DomainError("cell.not_a_number", "“y”不是数字", "公开04表[201,1]"),
            new DomainError("report.conflict", "他人已修改"),
        ]);

        draft.ErrorOf(new CellKey("201", 1)).Should().Be("“x”不是数字");
        other.Select(e => e.Message).Should().Equal("“y”不是数字", "他人已修改");
    }

    [Fact]
    public void A_draft_moves_onto_a_newer_version_only_when_its_table_is_unchanged()
    {
        var cells = ShippedData.PublishedCells("01");
        var draft = Published("01", version: 3);
        draft.Set(Total01, "1");

        draft.TryRebase(cells, 4).Should().BeTrue();
        draft.BaseVersion.Should().Be(4);
        draft.TextOf(Total01).Should().Be("1");

        var changed = cells.Select(c => new ReportCell(c.TableNo, c.RowKey, c.Column, c.RowKey == "1" ? c.Value + 1 : c.Value)).ToList();
        draft.TryRebase(changed, 5).Should().BeFalse();
        draft.BaseVersion.Should().Be(4);
        draft.TryRebase(cells.Skip(1), 5).Should().BeFalse("a cell cleared by them is a change too");
    }

    [Fact]
    public void Merge_keeps_my_changes_takes_theirs_and_lists_only_cells_both_changed_differently()
    {
        var cells = ShippedData.PublishedCells("01");
        var draft = Draft("01", cells, 3);
        draft.Set(new CellKey("1", 1), "2000.00");   // only mine
        draft.Set(new CellKey("27", 1), "3700.00");  // both, differently
        draft.Set(new CellKey("29", 1), "21.00");    // both, the same
        draft.Set(new CellKey("3", 1), "5");         // only mine, a blank cell
        var theirs = Change(cells, ("2", 1, 1600m), ("27", 1, 3800m), ("29", 1, 21m), ("8", 1, null));

        var merge = draft.Merge(theirs, 4);

        merge.Conflicts.Should().Equal(new MergeConflict(new CellKey("27", 1), "3716.65", "3700.00", "3800.00"));
        var merged = merge.Resolve();
        merged.BaseVersion.Should().Be(4);
        merged.TextOf(new CellKey("1", 1)).Should().Be("2000.00");
        merged.TextOf(new CellKey("2", 1)).Should().Be("1600.00");
        merged.TextOf(new CellKey("8", 1)).Should().BeNull("they cleared it and I did not touch it");
        merged.TextOf(new CellKey("27", 1)).Should().Be("3700.00", "mine unless chosen otherwise");
        merged.TextOf(new CellKey("3", 1)).Should().Be("5");
        merged.DirtyCells.Should().BeEquivalentTo([new CellKey("1", 1), new CellKey("27", 1), new CellKey("3", 1)], "unsaved against their version: to be saved again");

        var theirsChosen = merge.Resolve(new Dictionary<CellKey, MergeChoice> { [new CellKey("27", 1)] = MergeChoice.Theirs });
        theirsChosen.TextOf(new CellKey("27", 1)).Should().Be("3800.00");
        theirsChosen.DirtyCells.Should().BeEquivalentTo([new CellKey("1", 1), new CellKey("3", 1)]);
    }

    [Fact]
    public void Merge_of_a_cell_I_cleared_and_they_changed_is_a_conflict()
    {
        var cells = ShippedData.PublishedCells("01");
        var draft = Draft("01", cells, 3);
        draft.Set(Total01, "");

        var merge = draft.Merge(Change(cells, ("27", 1, 1m)), 4);

        merge.Conflicts.Should().Equal(new MergeConflict(Total01, "3716.65", null, "1.00"));
        merge.Resolve().TextOf(Total01).Should().BeNull();
        merge.Resolve(new Dictionary<CellKey, MergeChoice> { [Total01] = MergeChoice.Theirs }).IsDirty(Total01).Should().BeFalse();
    }

    [Fact]
    public void Merge_without_changes_on_their_side_is_my_draft_on_their_version()
    {
        var cells = ShippedData.PublishedCells("07");
        var draft = Draft("07", cells, 3);
        draft.AddCode("2010301");
        draft.Set(new CellKey("2010301", 1), "9.00");

        var merge = draft.Merge(cells, 5);

        merge.Conflicts.Should().BeEmpty();
        var merged = merge.Resolve();
        merged.DirtyCells.Should().Equal(new CellKey("2010301", 1));
        merged.AddedRows.Should().Contain("2010301", "still only in this draft: it can still be removed");
        merged.BaseVersion.Should().Be(5);
    }

    private static List<ReportCell> Change(IEnumerable<ReportCell> cells, params (string Row, int Col, decimal? Value)[] changes)
    {
        var result = cells.ToDictionary(c => (c.RowKey, c.Column), c => c);
        foreach (var (row, col, value) in changes)
        {
            if (value is { } v)
            {
                result[(row, col)] = new ReportCell(result.Values.First().TableNo, row, col, v);
            }
            else
            {
                result.Remove((row, col));
            }
        }

        return [.. result.Values];
    }

    private static int LineOf(TableDraft draft, string row)
    {
        for (var i = 0; i < draft.Lines.Count; i++)
        {
            if (draft.Lines[i].Any(r => r?.Key == row))
            {
                return i;
            }
        }

        throw new InvalidOperationException(row);
    }
}
