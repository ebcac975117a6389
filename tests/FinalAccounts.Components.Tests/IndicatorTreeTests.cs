using Bunit;
using FinalAccounts.Domain.Performance;
using FinalAccounts.Web.Components.Workspace.Editing;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Components.Tests;

public sealed class IndicatorTreeTests : BunitContext
{
    private static SheetDraft Sheet()
    {
        var sheet = new PerformanceDraft(PerformanceDocument.Empty).StartDepartment();
        sheet.Paste(0, "产出指标\t数量指标\t办件量\t≥140万件\t151万件\t10\t10\n\t\t进驻事项\t≥1200项\t1100项\t10\t8\t进驻延后\n\t质量指标\t办结率\t＝100%\t100%\t10\t10\n效益指标\t社会效益\t满意度\t≥95%\t98%\t10\t10\n");
        return sheet;
    }

    [Fact]
    public void The_read_view_prints_the_official_layout_with_merged_level1_and_level2_cells()
    {
        var tree = Render<IndicatorTree>(p => p.Add(t => t.Sheet, Sheet()).Add(t => t.ReadOnly, true));

        var level1 = tree.FindAll("tbody th[scope='rowgroup']").Select(th => (th.TextContent, th.GetAttribute("rowspan"))).ToList();
        level1.Should().Equal(("产出指标", "3"), ("数量指标", "2"), ("质量指标", "1"), ("效益指标", "1"), ("社会效益", "1"));
        tree.FindAll("tbody tr").Should().HaveCount(4);
        tree.FindAll("input").Should().BeEmpty("readers and reviewers see the sheet read-only");
    }

    [Fact]
    public void A_typed_score_reaches_the_draft_and_shows_against_the_suggestion()
    {
        var sheet = Sheet();
        var changes = 0;
        var tree = Render<IndicatorTree>(p => p.Add(t => t.Sheet, sheet).Add(t => t.Suggested, new decimal?[] { 10m, 7.5m, 10m, 10m })
            .Add(t => t.Changed, () => changes++));

        tree.Find("#d-i1-c6").Change("7");

        sheet.Indicators[1].Score.Should().Be("7");
        changes.Should().Be(1);
        tree.FindAll("td.suggested")[1].TextContent.Trim().Should().Be("7.5");
        tree.FindAll("td.suggested .differs").Should().ContainSingle().Which.TextContent.Should().Be("7.5");
    }

    [Fact]
    public void Rows_are_inserted_moved_and_removed_with_the_row_buttons()
    {
        var sheet = Sheet();
        var tree = Render<IndicatorTree>(p => p.Add(t => t.Sheet, sheet));

        tree.Find("button[aria-label='第 2 行上移']").Click();
        sheet.Indicators.Select(i => i.Name).Should().Equal("进驻事项", "办件量", "办结率", "满意度");

        tree.Find("button[aria-label='删除第 4 行']").Click();
        tree.Find("button[aria-label='第 1 行下方插入']").Click();
        sheet.Indicators.Select(i => i.Name).Should().Equal("进驻事项", "", "办件量", "办结率");
        sheet.Indicators[1].Level2.Should().Be("数量指标");
        tree.FindAll("tbody tr").Should().HaveCount(4);
    }

    [Fact]
    public void Enter_on_the_last_row_adds_a_row_and_asks_to_focus_the_same_column_below()
    {
        var sheet = Sheet();
        string? focused = null;
        var tree = Render<IndicatorTree>(p => p.Add(t => t.Sheet, sheet).Add(t => t.Focus, id => focused = id));

        tree.Find("#d-i3-c6").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });

        sheet.Indicators.Should().HaveCount(5);
        focused.Should().Be("d-i4-c6");
        tree.FindAll("#d-i4-c6").Should().ContainSingle();
    }

    [Fact]
    public void Rows_pasted_from_excel_are_written_into_the_tree_and_bad_ones_named()
    {
        var sheet = Sheet();
        var tree = Render<IndicatorTree>(p => p.Add(t => t.Sheet, sheet));

        tree.Find("#d-paste").Change("\t\t投诉率\t≤1%\t0.5%\t5\t5\n");
        tree.Find("#d-paste-apply").Click();
        sheet.Indicators[0].Name.Should().Be("投诉率");
        tree.Find("#d-i0-c2").GetAttribute("value").Should().Be("投诉率");

        tree.Find("#d-paste").Change("1\t2\t3\t4\t5\t6\t7\t8\t9\n");
        tree.Find("#d-paste-apply").Click();
        tree.Find(".paste-box [role='alert']").TextContent.Should().Contain("第 1 行有 9 列");
    }
}
