using Bunit;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Reports.Drafts;
using FinalAccounts.Web.Components.Workspace.Editing;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Components.Tests;

public sealed class WorkflowPanelTests : BunitContext
{
    private static readonly string Warning = Samples.WarningRule;

    [Fact]
    public void A_failing_warning_needs_its_explanation_before_submitting()
    {
        var explanations = new Dictionary<string, string>();
        var submitted = 0;
        var panel = Render<WorkflowPanel>(p => p.Add(w => w.Set, FinalAccounts.Domain.Tests.ShippedData.Jiangxi2023).Add(w => w.Report, Samples.NewReport()).Add(w => w.CanEdit, true)
            .Add(w => w.Live, Samples.Failing((Warning, new CellRef("01", "1", 1, null))))
            .Add(w => w.Explanations, explanations).Add(w => w.OnSubmit, () => submitted++));

        panel.Find("#submit").HasAttribute("disabled").Should().BeTrue();
        panel.Find("#submit-blocked").TextContent.Should().Contain("1 条警告未填写出错说明");

        panel.Find($"#explain-{Warning}").Change("本部门无此科目");

        explanations[Warning].Should().Be("本部门无此科目");
        panel.Find("#submit").HasAttribute("disabled").Should().BeFalse();
        panel.Find("#submit").Click();
        submitted.Should().Be(1);
        panel.FindAll("#approve, #return, #publish").Should().BeEmpty("an officer has no reviewer's buttons");
    }

    [Fact]
    public void Unsaved_cells_hold_back_submission()
    {
        var panel = Render<WorkflowPanel>(p => p.Add(w => w.Set, FinalAccounts.Domain.Tests.ShippedData.Jiangxi2023).Add(w => w.Report, Samples.NewReport()).Add(w => w.CanEdit, true)
            .Add(w => w.Live, Samples.Failing()).Add(w => w.Unsaved, 2));

        panel.Find("#submit").HasAttribute("disabled").Should().BeTrue();
        panel.Find("#submit-blocked").TextContent.Should().Contain("有 2 个单元格尚未保存");
    }

    [Fact]
    public void A_reviewer_of_a_submitted_report_sees_the_explanations_and_returns_with_cell_comments()
    {
        var report = Submitted(out _);
        string? general = null;
        CellComment? added = null;
        var panel = Render<WorkflowPanel>(p => p.Add(w => w.Set, FinalAccounts.Domain.Tests.ShippedData.Jiangxi2023).Add(w => w.Report, report).Add(w => w.CanReview, true).Add(w => w.TableNo, "09")
            .Add(w => w.RuleLabel, id => id == Warning ? "规则名称" : null)
            .Add(w => w.OnReturn, text => general = text).Add(w => w.AddComment, c => added = c));

        panel.FindAll("#submit").Should().BeEmpty();
        panel.Find("#explanations").TextContent.Should().Contain("规则名称").And.Contain("表样印刷编码");
        panel.Find("#comment-cell").HasAttribute("disabled").Should().BeTrue("no cell picked yet");
        panel.FindAll("#approve").Should().HaveCount(1);

        panel.Render(p => p.Add(w => w.SelectedCell, new CellKey("6", 3)));
        panel.Find("#selected-cell").TextContent.Should().Be("6 栏3");
        panel.Find("#cell-comment-text").Change("请与接待费核对");
        panel.Find("#comment-cell").Click();
        added.Should().Be(new CellComment("09", new CellKey("6", 3), "请与接待费核对"));

        panel.Render(p => p.Add(w => w.Pending, [added!]));
        panel.Find("#pending-comments").TextContent.Should().Contain("公开09表 6 栏3：请与接待费核对");
        panel.Find("#review-comment").Change("其余无误");
        panel.Find("#return").Click();
        general.Should().Be("其余无误");
    }

    [Fact]
    public void Comments_with_a_cell_can_be_located_and_an_approved_report_offers_only_publishing()
    {
        var report = Submitted(out var at);
        report.Return("reviewer", [new ReviewComment(0, at, "", "总体意见"), new ReviewComment(0, at, "", "核对", "03", "201", 1)], at).IsSuccess.Should().BeTrue();
        CellRef? located = null;
        var panel = Render<WorkflowPanel>(p => p.Add(w => w.Set, FinalAccounts.Domain.Tests.ShippedData.Jiangxi2023).Add(w => w.Report, report).Add(w => w.CanEdit, true).Add(w => w.Locate, c => located = c));

        panel.FindAll("#comments li").Should().HaveCount(2);
        panel.FindAll("#comments li button").Should().ContainSingle("only the comment on a cell can be located").Which.Click();
        located.Should().Be(new CellRef("03", "201", 1, null));

        var approved = Submitted(out _);
        approved.Approve(at).IsSuccess.Should().BeTrue();
        var reviewer = Render<WorkflowPanel>(p => p.Add(w => w.Set, FinalAccounts.Domain.Tests.ShippedData.Jiangxi2023).Add(w => w.Report, approved).Add(w => w.CanReview, true));
        reviewer.FindAll("#publish").Should().HaveCount(1);
        reviewer.FindAll("#approve, #return").Should().BeEmpty();
    }

    private static Report Submitted(out DateTimeOffset at)
    {
        at = Samples.Now;
        var report = Samples.NewReport();
        report.Submit(Samples.Failing((Warning, new CellRef("01", "1", 1, null))), new Dictionary<string, string> { [Warning] = "表样印刷编码 310111" }, at)
            .IsSuccess.Should().BeTrue();
        return report;
    }
}
