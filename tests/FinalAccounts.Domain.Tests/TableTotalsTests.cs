using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests;

public class TableTotalsTests
{
    private static readonly TemplateSet Set = ShippedData.Jiangxi2023;

    /// <summary>
    /// Totals whose published value is not the exact sum of its published parts (尾差 of the original document: the
    /// golden reconciliation reports them as tails of T01-01, T02-01/02, T03-01/02 and T05-02). Each is a cent, or two
    /// where two such cents meet in a grand total; every other total comes back exactly.
    /// </summary>
    private static readonly Dictionary<string, string[]> PublishedTails = new()
    {
        ["01"] = ["27,1", "31,1"],
        ["02"] = ["合计,1", "合计,2", "201,1", "20103,1", "2010305,1", "2010350,1", "210,1", "210,2", "21011,1", "21011,2"],
        ["03"] = ["合计,1", "合计,2", "合计,3", "201,3", "20103,2", "20103,3", "2010305,1", "2010399,1", "210,1", "210,2", "21011,1", "21011,2"],
        ["05"] = ["合计,1", "合计,2", "210,1", "210,2", "21011,1", "21011,2"],
    };

    public static TheoryData<string> Tables() => [.. Set.Tables.Select(t => t.TableNo)];

    [Theory]
    [MemberData(nameof(Tables))]
    public void Blanked_totals_of_the_published_report_come_back_from_their_parts(string tableNo)
    {
        var table = Set.FindTable(tableNo)!;
        var published = ShippedData.PublishedCells(tableNo).ToDictionary(c => (c.RowKey, c.Column), c => (decimal?)c.Value);
        var which = Compute(table, published.Select(c => (c.Key.RowKey, c.Key.Column, c.Value!.Value)));
        var publishedTotals = published.Keys.Where(k => which.IsTotal(k.RowKey, k.Column)).ToList();
        var parts = published.Where(c => !which.IsTotal(c.Key.RowKey, c.Key.Column)).Select(c => (c.Key.RowKey, c.Key.Column, c.Value!.Value));

        var totals = Compute(table, parts, published.Keys.Select(k => k.RowKey).Distinct());

        if (tableNo == "08")
        {
            published.Should().BeEmpty("the department has no 国有资本经营预算 and publishes 公开08表 empty");
            totals.Totals.Should().BeEmpty();
            return;
        }

        publishedTotals.Should().NotBeEmpty();
        publishedTotals.Should().OnlyContain(k => totals.Totals.ContainsKey(k), "every published total is recognised as one from the rules");
        var differing = totals.Totals.Where(t => t.Value != published.GetValueOrDefault(t.Key)).ToList();
        differing.Select(t => $"{t.Key.Row},{t.Key.Column}").Should().BeEquivalentTo(PublishedTails.GetValueOrDefault(tableNo, []));
        differing.Should().NotContain(t => t.Value == null || Math.Abs(t.Value.Value - published[t.Key]!.Value) > 0.02m);
    }

    [Fact]
    public void Fixed_row_tables_have_their_totals_from_the_rules()
    {
        Totals("06").Where(t => t.Key.Row is "人员经费合计" or "公用经费合计" or "301" or "302")
            .Should().BeEquivalentTo(new Dictionary<(string, int), decimal?>
            {
                [("人员经费合计", 1)] = 784.35m,
                [("公用经费合计", 1)] = 124.95m,
                [("301", 1)] = 780.46m,
                [("302", 1)] = 124.95m,
            });
        Totals("01").Keys.Select(k => k.Row).Should().BeEquivalentTo("27", "31", "58", "62");
        Totals("09").Keys.Should().BeEquivalentTo([("1", 1), ("1", 2), ("1", 3), ("3", 1), ("3", 2), ("3", 3), ("6", 3)]);
        Totals("10").Keys.Should().BeEquivalentTo([("1", 1)]);
    }

    [Fact]
    public void Totals_of_totals_are_computed_in_dependency_order_and_blank_parts_leave_a_blank()
    {
        var table = Set.FindTable("03")!;
        // Only one 项 with values; its 款, 类 and the 合计 are not in the cells at all.
        var totals = Compute(table, [("2010301", 2, 10.10m), ("2010301", 3, 0.205m), ("2010302", 2, 1m)]);

        totals.Totals[("2010301", 1)].Should().Be(10.31m, "栏1 = 栏2 + 栏3, rounded to two places (10.305 → 10.31)");
        totals.Totals[("20103", 2)].Should().Be(11.10m);
        totals.Totals[("201", 1)].Should().Be(11.31m);
        totals.Totals[("合计", 1)].Should().Be(11.31m);
        totals.Totals[("合计", 3)].Should().Be(0.21m);
        totals.Totals.Should().ContainKey(("合计", 4)).WhoseValue.Should().BeNull("栏4 has no value in any part");
    }

    [Fact]
    public void The_empty_published_table_08_totals_like_any_coded_table()
    {
        var totals = Compute(Set.FindTable("08")!, [("2230101", 2, 4m), ("2230101", 3, 1.5m), ("2230102", 2, 2m)]);

        totals.Totals[("2230101", 1)].Should().Be(5.50m);
        totals.Totals[("22301", 1)].Should().Be(7.50m);
        totals.Totals[("合计", 2)].Should().Be(6m);
        totals.Totals[("合计", 1)].Should().Be(7.50m);
    }

    [Fact]
    public void A_row_shown_without_values_is_summed_into_its_parents()
    {
        var table = Set.FindTable("05")!;
        var totals = Compute(table, [("2080501", 1, 3m)], ["2010301"]);

        totals.IsTotal("201", 1).Should().BeTrue();
        totals.Totals[("201", 1)].Should().BeNull();
        totals.Totals[("2080501", 1)].Should().BeNull("栏1 of a 项 is 栏2 + 栏3, both blank: nothing to fill");
        totals.Totals[("208", 1)].Should().Be(3m, "the 3 typed into the 项's 栏1 still adds up to its 类");
        totals.Totals[("合计", 1)].Should().Be(3m);
    }

    private static IReadOnlyDictionary<(string Row, int Column), decimal?> Totals(string tableNo)
    {
        var table = Set.FindTable(tableNo)!;
        return Compute(table, ShippedData.PublishedCells(tableNo).Select(c => (c.RowKey, c.Column, c.Value))).Totals;
    }

    private static TableTotals Compute(TableTemplate table, IEnumerable<(string, int, decimal)> cells, IEnumerable<string>? rows = null) =>
        TableTotals.Compute(ShippedData.Jiangxi2023Rules, Set, table, ShippedData.Catalogs.ForTable(Set, table), cells, rows);
}
