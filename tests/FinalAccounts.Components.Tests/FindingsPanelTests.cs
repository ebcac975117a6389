using Bunit;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Web.Components.Workspace.Editing;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Components.Tests;

public sealed class FindingsPanelTests : BunitContext
{
    [Fact]
    public void Lists_failing_rules_the_most_severe_first_and_locates_their_cell()
    {
        var warning = Samples.WarningRule;
        var error = Samples.ErrorRule;
        var result = Samples.Failing((warning, new CellRef("03", "201", 1, null)), (error, new CellRef("09", "6", 3, 0.71m)));
        CellRef? located = null;

        var panel = Render<FindingsPanel>(p => p.Add(f => f.Set, FinalAccounts.Domain.Tests.ShippedData.Jiangxi2023).Add(f => f.Result, result).Add(f => f.Locate, c => located = c));

        panel.Find("#live-summary").TextContent.Should().Contain("错误 1").And.Contain("警告 1");
        panel.FindAll("#findings li").Select(li => li.GetAttribute("data-rule")).Should().Equal(error, warning);
        panel.Find($"li[data-rule='{warning}']").TextContent.Should().Contain("不通过");
        panel.Find($"li[data-rule='{warning}'] button").TextContent.Should().Contain("定位 公开03表[201,1]");

        panel.Find($"li[data-rule='{warning}'] button").Click();

        located.Should().Be(new CellRef("03", "201", 1, null));
    }

    [Fact]
    public void Shows_nothing_to_locate_before_the_rules_ran()
    {
        var panel = Render<FindingsPanel>(p => p.Add(f => f.Set, FinalAccounts.Domain.Tests.ShippedData.Jiangxi2023).Add(f => f.Result, null));

        panel.FindAll("#findings").Should().BeEmpty();
        panel.Markup.Should().Contain("审核结果");
    }
}
