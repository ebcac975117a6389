using Bunit;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Reports.Drafts;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Domain.Tests;
using FinalAccounts.Web.Components.Workspace.Editing;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Components.Tests;

/// <summary>The entry grid of a shanghai-2024 report follows the set's layout: no 行次, split codes, 合计 last on 表5, the 三公 row without a stub.</summary>
public sealed class ShanghaiEntryGridTests : BunitContext
{
    private static readonly TemplateSet Shanghai = TemplateSetParser.Parse(ShippedData.Read("templates/shanghai-2024.json"), "shanghai-2024.json").Value;

    public ShanghaiEntryGridTests() => JSInterop.Mode = JSRuntimeMode.Loose;

    private IRenderedComponent<EntryGrid> Grid(string tableNo, params ReportCell[] cells) =>
        Render<EntryGrid>(p => p.Add(g => g.Draft, new TableDraft(Shanghai.FindTable(tableNo)!, null, cells, 1)).Add(g => g.CanEdit, true));

    [Fact]
    public void Table_1_has_no_row_numbers_and_takes_values_by_row_key()
    {
        var grid = Grid("01", new ReportCell("01", "其他收入", 1, 12m));

        grid.FindAll("td.rowno").Should().BeEmpty();
        grid.Find("thead").TextContent.Should().NotContain("行次").And.NotContain("栏次");
        grid.Find("#in-01-其他收入-1").GetAttribute("value").Should().Be("12.00");
        grid.Find("#in-01-其他收入-1").GetAttribute("aria-label").Should().Be("八、其他收入 收入 决算数");
    }

    [Fact]
    public void Table_5_splits_codes_and_puts_the_total_last()
    {
        var grid = Grid("05", new ReportCell("05", "合计", 1, 10m), new ReportCell("05", "201", 1, 10m), new ReportCell("05", "20106", 1, 10m), new ReportCell("05", "2010601", 1, 10m));

        var rows = grid.FindAll("tbody tr");
        rows[^1].QuerySelector("th")!.TextContent.Trim().Should().Be("合计");
        rows[2].QuerySelectorAll("td.code").Select(td => td.TextContent.Trim()).Should().Equal("201", "06", "01");
        rows[0].QuerySelectorAll("td.code").Select(td => td.TextContent.Trim()).Should().Equal("201", "", "");
    }

    [Fact]
    public void The_san_gong_table_is_one_row_of_twelve_inputs()
    {
        var grid = Grid("07", new ReportCell("07", "三公经费", 12, 1.2m));

        var rows = grid.FindAll("tbody tr");
        rows.Should().ContainSingle();
        rows[0].QuerySelectorAll("th").Should().BeEmpty();
        rows[0].QuerySelectorAll("input").Should().HaveCount(12);
        grid.Find("#in-07-三公经费-12").GetAttribute("aria-label").Should().Be("财政拨款“三公”经费 公务接待费 决算数");
    }
}
