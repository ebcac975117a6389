using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests;

/// <summary>
/// Two years compared cell by cell (ADR 0024): fixed rows by 行次, coded rows by code through the catalogue mapping
/// (renamed, split, read backwards, chained), rows only in one year, and two different template sets.
/// </summary>
public sealed class YearComparisonTests
{
    private static readonly Department Department = new("d-years", "测试局", "江西省测试市", "市级");
    private static readonly string[] Tables = ["01", "03", "05", "09"];

    [Fact]
    public void A_renamed_code_is_compared_with_its_mapped_code_and_only_the_changed_cell_is_listed()
    {
        var before = Demo(2022, rename: ("2080505", "2080501"), change: ("09", "17", 3, 1m));
        var after = Demo(2023);

        var comparison = Compare(before, after, Mapping(("2080501", "2080505")));

        var changed = comparison.Tables.SelectMany(t => t.Rows.SelectMany(r => r.Cells.Where(c => c.Change != YearChange.Same).Select(c => (t.TableNo, r.Key, c.Column)))).ToList();
        changed.Should().Equal([("09", "17", 3)], "the one changed cell, nothing else: the renamed code's amounts agree with its new code's");
        var cell = comparison.Tables.Single(t => t.TableNo == "09").Rows.Single(r => r.Key == "17").Cells.Single(c => c.Column == 3);
        (cell.From, cell.To, cell.Difference).Should().Be((39m, 38m, -1m));
        cell.Change.Should().Be(YearChange.Decrease);
        cell.PercentChange.Should().Be(-2.6m);

        foreach (var tableNo in new[] { "03", "05" })
        {
            var mapped = comparison.Tables.Single(t => t.TableNo == tableNo).ListedRows.Should().ContainSingle().Subject;
            mapped.MappingNote.Should().Be("2080501 → 2080505（科目调整）");
            (mapped.FromKeys, mapped.ToKeys).Should().BeEquivalentTo((new[] { "2080501" }, new[] { "2080505" }));
            mapped.Label.Should().Be("2080505 机关事业单位基本养老保险缴费支出");
            mapped.HasChanges.Should().BeFalse();
        }

        comparison.MappingsUsed.Should().Equal(new CodePair("2080501", "2080505"));
        comparison.SameSet.Should().BeTrue();
    }

    [Fact]
    public void Without_the_mapping_the_old_and_new_codes_are_rows_only_in_one_year()
    {
        var comparison = Compare(Demo(2022, rename: ("2080505", "2080501")), Demo(2023), mapping: null);

        var rows = comparison.Tables.Single(t => t.TableNo == "05").ListedRows.ToList();
        rows.Select(r => r.Key).Should().Equal("2080501", "2080505");
        rows[0].Cells.Should().OnlyContain(c => c.Change == YearChange.OnlyFrom && c.To == null);
        rows[1].Cells.Should().OnlyContain(c => c.Change == YearChange.OnlyTo && c.From == null);
        rows.Should().OnlyContain(r => r.MappingNote == null);
    }

    [Fact]
    public void A_split_code_is_compared_with_the_sum_of_its_new_codes_and_reads_backwards()
    {
        // 2022 reported 2080505 and 2080506 together under 2080501; 2023 splits them again.
        var before = Demo(2022, merge: (["2080505", "2080506"], "2080501"));
        var after = Demo(2023);
        var mapping = Mapping(("2080501", "2080505"), ("2080501", "2080506"));

        var forward = Compare(before, after, mapping).Tables.Single(t => t.TableNo == "05").ListedRows.Should().ContainSingle().Subject;
        forward.MappingNote.Should().Be("2080501 → 2080505、2080506（科目拆分）");
        forward.HasChanges.Should().BeFalse("the split codes add up to the old one");

        var backward = Compare(after, before, mapping.Reverse()).Tables.Single(t => t.TableNo == "05").ListedRows.Should().ContainSingle().Subject;
        backward.MappingNote.Should().Be("2080505、2080506 → 2080501（科目合并）");
        backward.Label.Should().StartWith("2080501");
    }

    [Fact]
    public void Mappings_chain_over_years_and_an_unmapped_code_passes_through()
    {
        var first = new CodeMapping(ClassificationKind.Functional, 2022, 2023, [new("2080501", "2080505")]);
        var second = new CodeMapping(ClassificationKind.Functional, 2023, 2024, [new("2080505", "2080507"), new("2010101", "2010102")]);

        var chained = first.Then(second);

        chained.Forward("2080501").Should().Equal("2080507");
        chained.Forward("2010101").Should().Equal("2010102");
        chained.Forward("2050101").Should().Equal("2050101");
        chained.Reverse().Forward("2080507").Should().BeEquivalentTo(["2080501", "2080505"], "a 2022 2080505, had there been one, stayed 2080505 in 2023 and so also became 2080507");
        (chained.FromYear, chained.ToYear).Should().Be((2022, 2024));
    }

    [Fact]
    public void Two_template_sets_are_compared_by_the_tables_rows_and_columns_they_share()
    {
        var shanghai = TemplateSetParser.Parse(ShippedData.Read("templates/shanghai-2024.json"), "shanghai-2024.json").Value;
        var before = Demo(2023);
        var after = new Report(Department, 2024, shanghai.Id, 1, DateTimeOffset.UnixEpoch);
        // The same 05 table (一般公共预算财政拨款支出决算表, coded by function) under Shanghai's set, one amount raised.
        var cells = ShippedData.PublishedCells("05").Select(c => new ReportCell("05", c.RowKey, c.Column, c.RowKey == "2080505" && c.Column == 2 ? c.Value + 10 : c.Value)).ToList();
        after.ReplaceTable("05", cells, DateTimeOffset.UnixEpoch);

        var comparison = YearComparison.Between(before, ShippedData.Jiangxi2023, after, shanghai, ShippedData.Catalogs, _ => null);

        comparison.SameSet.Should().BeFalse();
        var threePublic = comparison.Tables.Single(t => t.TableNo == "07");
        threePublic.Note.Should().Be("2023 年度为公开09表", "the sets number their tables differently: matched by title");
        var table05 = comparison.Tables.Single(t => t.TableNo == "05");
        table05.Compared.Should().BeTrue();
        table05.ListedRows.SelectMany(r => r.Listed.Select(c => (r.Key, c.Column, c.Change))).Should().Equal([("2080505", 2, YearChange.Increase)]);
        table05.Rows.SelectMany(r => r.Cells).Should().NotContain(c => c.Column == 1, "栏 1 is 本年支出合计 in one set and 合计 in the other: not assumed to be the same");
        comparison.Tables.Where(t => !t.Compared).Should().OnlyContain(t => t.Note!.Contains("没有此表", StringComparison.Ordinal));
    }

    private static YearComparison Compare(Report before, Report after, CodeMapping? mapping) =>
        YearComparison.Between(before, ShippedData.Jiangxi2023, after, ShippedData.Jiangxi2023, ShippedData.Catalogs,
            kind => kind == ClassificationKind.Functional ? mapping : null);

    private static CodeMapping Mapping(params (string From, string To)[] pairs) =>
        new(ClassificationKind.Functional, 2022, 2023, pairs.Select(p => new CodePair(p.From, p.To)));

    /// <summary>The demo's tables as one year's report; a code renamed or codes merged, one cell raised.</summary>
    private static Report Demo(int year, (string From, string To)? rename = null, (string[] From, string To)? merge = null, (string Table, string Row, int Col, decimal Add)? change = null)
    {
        var report = new Report(Department, year, ShippedData.Jiangxi2023.Id, 1, DateTimeOffset.UnixEpoch);
        foreach (var tableNo in Tables)
        {
            var cells = ShippedData.PublishedCells(tableNo)
                .Select(c => (Row: rename is { } r && c.RowKey == r.From ? r.To : merge is { } m && m.From.Contains(c.RowKey) ? m.To : c.RowKey, c.Column,
                    Value: change is { } x && x.Table == tableNo && x.Row == c.RowKey && x.Col == c.Column ? c.Value + x.Add : c.Value))
                .GroupBy(c => (c.Row, c.Column))
                .Select(g => new ReportCell(tableNo, g.Key.Row, g.Key.Column, g.Sum(c => c.Value)))
                .ToList();
            report.ReplaceTable(tableNo, cells, DateTimeOffset.UnixEpoch);
        }

        return report;
    }
}
