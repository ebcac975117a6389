using FinalAccounts.Domain.Performance;
using FinalAccounts.Domain.Reconciliation;
using FluentAssertions;
using Xunit;
using static FinalAccounts.Domain.Tests.Performance.PerformanceSamples;

namespace FinalAccounts.Domain.Tests.Performance;

/// <summary>
/// The seeds' real 绩效 defects found on the demo report (demo/performance.json: seed 000's 部门整体支出绩效自评表,
/// its 14 project scores and summary, the 部门评价 of 行政服务中心运转经费; seed 002's 财政评价结果反馈) with the
/// demo's ten tables, as the rule catalogue (§2.5, §2.6, §3.1, §4) records them — and none of its passing checks failing.
/// </summary>
public class DemoPerformanceTests
{
    private static readonly ReconciliationResult Result = Reconcile(Demo);

    private static List<CheckResult> Failures(string id) => Result.Find(id)!.Checks.Where(c => c.Status == CheckStatus.Fail).ToList();

    [Fact]
    public void The_demo_data_is_the_seeds_transcription()
    {
        Demo.Department!.Indicators.Should().HaveCount(25);
        Demo.Department.Indicators.Sum(i => i.Weight).Should().Be(90);
        Demo.Department.Funds!.Total.FullYearBudget.Should().Be(D("3935.011"));
        Demo.Projects.Should().HaveCount(14);
        Math.Round(Demo.Projects.Sum(p => p.TotalScore!.Value) / 14, 2).Should().Be(Demo.Summary!.Average);
        Demo.Evaluations.Should().ContainSingle().Which.Sections.Should().HaveCount(5);
        Demo.FinanceFeedbacks.Should().ContainSingle().Which.Score.Should().Be(D("81.47"));
    }

    [Fact]
    public void The_average_of_88_27_labelled_优_fails_P01()
    {
        var failure = Failures("P-01").Should().ContainSingle().Subject;

        failure.Message.Should().Contain("88.27").And.Contain("良").And.Contain("优");
        failure.Cells.Should().Contain(c => c.Performance!.Indicator == "项目平均分" && c.Performance.Column == "等级");
        Result.Find("P-01")!.Checks.Should().Contain(c => c.Where!.Contains("部门评价") && c.Status == CheckStatus.Pass, "94.2 is 优");
    }

    [Fact]
    public void The_部门评价_sheet_whose_weights_do_not_nest_fails_P13_as_catalogued()
    {
        var messages = Failures("P-13").Select(f => f.Where + " " + f.Message).ToList();

        messages.Should().HaveCount(6);
        messages.Should().Contain(m => m.Contains("一级分值合计") && m.Contains("112"));
        messages.Should().Contain(m => m.Contains("产出成本(分值20) 未归入任何一级指标"));
        messages.Should().Contain(m => m.Contains("项目效益 Σ三级分值") && m.Contains("40 vs 50"));
        messages.Should().Contain(m => m.Contains("项目效益 Σ三级得分") && m.Contains("40 vs 50"));
        messages.Should().Contain(m => m.Contains("项目效益 三级指标个数") && m.Contains("5 vs 6"));
        messages.Should().Contain(m => m.Contains("Σ全部三级得分") && m.Contains("121.2 vs 94.2"));
    }

    [Fact]
    public void The_eight_unmeasurable_targets_fail_P11()
    {
        Failures("P-11").Select(f => f.Cells[0].Performance!.Indicator).Should().BeEquivalentTo(
            "公共资源交易中心总交易金额", "绩效考评及时性", "开展营商环境工作及时性", "成本控制率", "政府增收节支", "提升政务服务水平", "投诉减少率", "优化政务服务和营商环境工作");
        Result.Find("P-11")!.Rule.Severity.Should().Be(RuleSeverity.Info);
    }

    [Fact]
    public void Self_score_97_beside_the_finance_bureaus_81_47_fails_D06()
    {
        var failure = Failures("D-06").Should().ContainSingle().Subject;

        failure.Lhs.Should().Be(97);
        failure.Rhs.Should().Be(D("81.47"));
        failure.Message.Should().Contain("15.53");
    }

    [Fact]
    public void The_feedback_does_not_tie_to_the_report_it_evaluates()
    {
        Failures("D-02").Should().HaveCount(2).And.Contain(f => f.Cells.Any(c => c.Table == "04" && c.Row == "59" && c.Column == 2));
        Failures("D-03").Should().ContainSingle().Which.Message.Should().Contain("3935.02").And.Contain("3935.011");
        Failures("D-05").Select(f => f.Cells[1].Row).Should().BeEquivalentTo("8", "29");
        Failures("D-07").Select(f => f.Cells[0].Performance!.Indicator).Should().BeEquivalentTo(
            "12345政务服务便民热线管理中心受理诉求件量", "公共资源交易中心总交易金额", "政务服务事项受理数");
        Failures("D-08").Should().HaveCount(2).And.OnlyContain(f => f.Lhs == 5 && f.Rhs == 4);
    }

    [Fact]
    public void None_of_the_catalogues_passing_checks_fails()
    {
        foreach (var id in new[] { "P-02", "P-03", "P-04", "P-05", "P-06", "P-07", "P-09", "P-10", "P-12", "D-01", "D-04", "D-09", "D-10", "D-11" })
        {
            Result.Find(id)!.Status.Should().BeOneOf([CheckStatus.Pass, CheckStatus.Tail], id);
        }

        Result.Find("P-08")!.Status.Should().Be(CheckStatus.NotApplicable);
        Result.Find("P-14")!.Status.Should().Be(CheckStatus.NotApplicable);
        Result.Find("P-06")!.Checks.Should().ContainSingle().Which.Message.Should().Contain("比例法", "94.24% scores 7 by band, 9.42 proportionally");
        Result.Find("P-09")!.Checks.Should().ContainSingle().Which.Cells[0].Performance!.Indicator.Should().Be("政务服务进驻部门数");
    }

    [Fact]
    public void The_P_and_D_failures_block_submission_through_their_error_rules()
    {
        Result.BlocksSubmission.Should().BeTrue();
        Result.GroupFailures().Should().Contain(g => g.Cell.Table == PerformanceCellRef.Table);
    }

    [Fact]
    public void Seed_001s_project_scored_91_graded_中_fails_P01()
    {
        var projects = new (string Name, string Score, string Grade)[]
        {
            ("拨付采购工作经费", "93.61", "优"), ("窗口人员绩效考核经费", "80.63", "良"), ("外包人员服务工作经费", "96.05", "优"),
            ("行政中心事务工作经费", "77.68", "中"), ("其他资金", "91", "中"),
        };
        var document = PerformanceDocument.Empty with
        {
            Projects = projects.Select(p => new SelfEvaluation(SelfEvaluationKind.Project, p.Name, null, [], [], null, D(p.Score), p.Grade)).ToList(),
        };

        var failure = Failures(Reconcile(document), "P-01").Should().ContainSingle().Subject;

        failure.Cells.Should().Contain(c => c.Performance!.Project == "其他资金" && c.Performance.Column == "等级");
        failure.Message.Should().Contain("91 分应为“优”");
    }

    [Fact]
    public void Seed_001s_printed_一级_weights_40_and_60_fail_P13()
    {
        static EvaluationSection Section(string name, decimal? weight, params decimal[] groups) =>
            new(name, weight, null, null, null, null, groups.Select((g, i) => new EvaluationGroup($"{name}{i + 1}", g, g, [new EvaluationIndicator($"{name}{i + 1}指标", g, g)])).ToList());
        var evaluation = new DepartmentEvaluation("外包人员服务工作经费", null, null, 100, "优",
            [Section("决策", 40, 10, 10), Section("过程", null, 10, 10), Section("产出", 60, 15, 15), Section("效益", null, 15, 15)]);

        var failures = Failures(Reconcile(PerformanceDocument.Empty with { Evaluations = [evaluation] }), "P-13");

        failures.Select(f => f.Message).Should().Contain(m => m!.Contains("决策") || m.Contains("20 vs 40"));
        failures.Should().Contain(f => f.Where!.EndsWith("决策 Σ二级分值", StringComparison.Ordinal) && f.Lhs == 20 && f.Rhs == 40);
        failures.Should().Contain(f => f.Message!.Contains("过程(分值20) 未归入任何一级指标"));
        Reconcile(PerformanceDocument.Empty with { Evaluations = [evaluation] }).Find("P-13")!.Checks
            .Should().Contain(c => c.Where!.Contains("Σ全部三级得分") && c.Status == CheckStatus.Pass, "the 三级 scores add up to the total");
    }

    private static List<CheckResult> Failures(ReconciliationResult result, string id) =>
        result.Find(id)!.Checks.Where(c => c.Status == CheckStatus.Fail).ToList();
}
