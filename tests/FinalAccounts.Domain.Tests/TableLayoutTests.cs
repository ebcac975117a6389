using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests;

public class TableLayoutTests
{
    private static readonly TemplateSet Set = TemplateSetParser.Parse(TemplateSamples.TwoTables, "t").Value;

    [Fact]
    public void Coded_rows_follow_the_total_in_depth_first_code_order_with_catalogue_names()
    {
        var catalog = ClassificationCatalog.ParseCsv(ClassificationKind.Functional, 2024,
            "code,name\n201,一般公共服务支出\n20103,政府办公厅（室）及相关机构事务\n2010301,行政运行\n20111,纪检监察事务\n208,社会保障和就业支出\n", "t").Value;
        var cells = new[] { "208", "20111", "2010301", "合计", "201", "20103" }
            .Select(code => new ReportCell("02", code, 1, 1m));

        var layout = TableLayout.Resolve(Set.FindTable("02")!, cells, catalog);

        var rows = layout.Lines.Select(l => l.Panels[0]!).ToList();
        rows.Select(r => r.Key).Should().Equal("合计", "201", "20103", "2010301", "20111", "208");
        rows.Select(r => r.Indent).Should().Equal(0, 0, 1, 2, 1, 0);
        rows[3].Label.Should().Be("行政运行");
        rows[0].IsTotal.Should().BeTrue();
    }

    [Fact]
    public void Fixed_rows_show_values_blanks_and_not_applicable_cells()
    {
        var cells = new[] { new ReportCell("01", "1", 1, 3737.09m), new ReportCell("01", "4", 1, 6m), new ReportCell("02", "1", 1, 99m) };

        var layout = TableLayout.Resolve(Set.FindTable("01")!, cells, null);

        var display = layout.Lines.ToDictionary(l => l.Panels[0]!.Key, l => l.Panels[0]!.Values[0].Display);
        display.Should().Equal(new Dictionary<string, string> { ["1"] = "3,737.09", ["2"] = "", ["3"] = "", ["4"] = "6", ["5"] = "——" });
    }
}
