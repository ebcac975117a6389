using FinalAccounts.Domain.Performance;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using FluentAssertions;
using Xunit;
using static FinalAccounts.Domain.Tests.Performance.PerformanceSamples;

namespace FinalAccounts.Domain.Tests.Performance;

/// <summary>
/// Every P and D rule on a consistent sample (all pass) and with one changed cell (the rule fails and names that
/// cell: sheet, project, indicator and column, or the 公开表 cell a D rule reads).
/// </summary>
public class PerformanceRuleTests
{
    private const string Dept = "部门整体支出绩效自评表";
    private const string ProjectSheet = "项目支出绩效自评表";
    private const string Evaluation = PerformanceChecks.EvaluationSheet;
    private const string FeedbackSheet = PerformanceChecks.FeedbackSheet;

    [Fact]
    public void Every_P_and_D_rule_passes_on_the_consistent_sample()
    {
        var result = Reconcile(Sample(), SampleCells(), units: 5);

        foreach (var id in PerformanceScheme.RuleIds)
        {
            var rule = result.Find(id);
            rule.Should().NotBeNull(id);
            rule!.Status.Should().BeOneOf([CheckStatus.Pass, CheckStatus.Tail], $"{id}: {string.Join("; ", rule.Checks.Where(c => c.Status == CheckStatus.Fail).Select(c => c.Where + " " + c.Message))}");
        }
    }

    [Fact]
    public void Without_a_performance_document_the_P_and_D_rules_are_not_applicable()
    {
        var result = ReconciliationEngine.Evaluate(Rules, new ReconciliationData(ShippedData.Jiangxi2023, ShippedData.Catalogs, SampleCells(), Facts(5)));

        foreach (var id in PerformanceScheme.RuleIds)
        {
            result.Find(id)!.Status.Should().Be(CheckStatus.NotApplicable, id);
        }
    }

    public sealed record Mutation(string Name, Func<PerformanceDocument, PerformanceDocument> Change, Func<List<ReportCell>, List<ReportCell>>? Cells, int? Units, string Rule, string Table, string? Sheet, string? Project, string? Indicator, string Column)
    {
        public override string ToString() => Name;
    }

    private static Mutation Doc(string name, Func<PerformanceDocument, PerformanceDocument> change, string rule, string sheet, string? project, string? indicator, string column) =>
        new(name, change, null, null, rule, PerformanceCellRef.Table, sheet, project, indicator, column);

    public static TheoryData<Mutation> Mutations => new()
    {
        Doc("P-01 部门等级 优→良", d => d with { Department = d.Department! with { Grade = "良" } }, "P-01", Dept, null, null, "等级"),
        Doc("P-01 项目得分 100→89", d => d with { Projects = [d.Projects[0] with { TotalScore = 89 }] }, "P-01", ProjectSheet, Project, null, "总分"),
        Doc("P-01 平均分 100→88.27", d => d with { Summary = d.Summary! with { Average = D("88.27") } }, "P-01", PerformanceChecks.SummarySheet, null, "项目平均分", "平均分"),
        Doc("P-01 部门评价等级 优→中", d => d with { Evaluations = [d.Evaluations[0] with { Grade = "中" }] }, "P-01", Evaluation, Project, null, "等级"),
        Doc("P-02 总分分值 100→110", d => d with { Department = d.Department! with { TotalWeight = 110 } }, "P-02", Dept, null, null, "总分分值"),
        Doc("P-02 指标分值 20→21", d => Indicator(d, "受理件数", i => i with { Weight = 21 }), "P-02", Dept, null, "受理件数", "分值"),
        Doc("P-03 总分 96.22→97.22", d => d with { Department = d.Department! with { TotalScore = D("97.22") } }, "P-03", Dept, null, null, "总分"),
        Doc("P-04 得分 10→11 超过分值", d => Indicator(d, "办结时限", i => i with { Score = 11 }), "P-04", Dept, null, "办结时限", "得分"),
        Doc("P-04 得分为负", d => Indicator(d, "办结时限", i => i with { Score = -1 }), "P-04", Dept, null, "办结时限", "得分"),
        Doc("P-05 其他资金执行率 90.00→91.00", d => Funds(d, "其他资金", r => r with { ExecutionRate = D("91.00") }), "P-05", Dept, null, "其他资金", "执行率"),
        Doc("P-05 执行数 1140.00→1150.00", d => Funds(d, "年度资金总额", r => r with { Executed = D("1150.00") }), "P-05", Dept, null, "年度资金总额", "全年执行数"),
        Doc("P-06 执行率得分 9→8", d => Funds(d, "年度资金总额", r => r with { Score = 8 }), "P-06", Dept, null, "年度资金总额", "得分"),
        Doc("P-07 达标指标得分 20→19", d => Indicator(d, "受理件数", i => i with { Score = 19 }), "P-07", Dept, null, "受理件数", "得分"),
        Doc("P-08 偏差原因空", d => Indicator(d, "群众满意度", i => i with { Deviation = "" }), "P-08", Dept, null, "群众满意度", "偏差原因及改进措施"),
        Doc("P-08 未达标却满分", d => Indicator(d, "群众满意度", i => i with { Score = 20 }), "P-08", Dept, null, "群众满意度", "得分"),
        Doc("P-09 部分得分 17.22→18", d => Indicator(d, "群众满意度", i => i with { Score = 18 }), "P-09", Dept, null, "群众满意度", "得分"),
        Doc("P-09 部门评价部分得分 8.75→9.5", d => d with { Evaluations = [EvaluationIndicator(d.Evaluations[0], "培训场次", i => i with { Score = D("9.5") })] }, "P-09", Evaluation, Project, "培训场次", "得分"),
        Doc("P-10 ＝目标超额", d => Indicator(d, "办结率", i => i with { Actual = "101" }), "P-10", Dept, null, "办结率", "实际完成值"),
        Doc("P-11 定性目标 提升", d => Indicator(d, "服务对象满意度", i => i with { Target = T("提升") }), "P-11", Dept, null, "服务对象满意度", "指标值"),
        Doc("P-11 ≥0% 恒成立", d => Indicator(d, "服务对象满意度", i => i with { Target = T("≥0%") }), "P-11", Dept, null, "服务对象满意度", "指标值"),
        Doc("P-11 数量指标用 ≤", d => Indicator(d, "受理件数", i => i with { Target = T("≤120万件") }), "P-11", Dept, null, "受理件数", "指标值"),
        Doc("P-12 财政拨款执行数 1050→1060", d => Funds(d, "财政拨款", r => r with { Executed = D("1060.00") }), "P-12", Dept, null, "财政拨款", "全年执行数"),
        Doc("P-12 年初预算 900→910", d => Funds(d, "财政拨款", r => r with { InitialBudget = D("910.00") }), "P-12", Dept, null, "财政拨款", "年初预算数"),
        Doc("P-13 一级分值 决策 20→25", d => d with { Evaluations = [Section(d.Evaluations[0], "决策", s => s with { Weight = 25 })] }, "P-13", Evaluation, Project, "决策", "分值"),
        Doc("P-13 三级分值 服务满意度 30→25", d => d with { Evaluations = [EvaluationIndicator(d.Evaluations[0], "服务满意度", i => i with { Weight = 25 })] }, "P-13", Evaluation, Project, "服务满意度", "分值"),
        Doc("P-13 得分率 95.83→96.83", d => d with { Evaluations = [Section(d.Evaluations[0], "产出", s => s with { ScoreRate = D("96.83") })] }, "P-13", Evaluation, Project, "产出", "得分率"),
        Doc("P-13 三级个数 2→3", d => d with { Evaluations = [Section(d.Evaluations[0], "过程", s => s with { StatedIndicators = 3 })] }, "P-13", Evaluation, Project, "过程", "个数"),
        Doc("P-13 评价得分 98.75→94.2", d => d with { Evaluations = [d.Evaluations[0] with { Score = D("94.2") }] }, "P-13", Evaluation, Project, null, "总分"),
        Doc("P-13 一级分值缺失", d => d with { Evaluations = [Section(d.Evaluations[0], "效益", s => s with { Weight = null })] }, "P-13", Evaluation, Project, "效益", "分值"),
        Doc("P-14 说明目标 500→550", d => d with { Projects = [d.Projects[0] with { StatedTargets = [new StatedTarget("培训人次", T("≥550人次"))] }] }, "P-14", ProjectSheet, Project, "培训人次", "指标值"),
        Doc("D-01 财政评价等级 优→良", d => Feedback(d, f => f with { Grade = "良" }), "D-01", FeedbackSheet, PerformanceSamples.Feedback, null, "等级"),
        Doc("D-02 财政评价执行数 1140.00→1140.02", d => Feedback(d, f => f with { Executed = D("1140.02") }), "D-02", FeedbackSheet, PerformanceSamples.Feedback, null, "全年执行数"),
        Doc("D-03 财政评价预算收入 1200.00→1200.02", d => Feedback(d, f => f with { BudgetIncome = D("1200.02"), Recovered = D("60.02") }), "D-03", FeedbackSheet, PerformanceSamples.Feedback, null, "本年预算收入"),
        Doc("D-04 收回 60.00→61.00", d => Feedback(d, f => f with { Recovered = D("61.00") }), "D-04", FeedbackSheet, PerformanceSamples.Feedback, null, "财政收回"),
        Doc("D-05 其他收入 8.17→0.00", d => Feedback(d, f => f with { OtherIncome = D("0.00") }), "D-05", FeedbackSheet, PerformanceSamples.Feedback, null, "其他收入"),
        Doc("D-06 财政评价得分 92.5→86（同为优）", d => Feedback(d, f => f with { Score = 86 }), "D-06", FeedbackSheet, PerformanceSamples.Feedback, null, "总分"),
        Doc("D-07 引用实际值 120万件→125万件", d => Feedback(d, f => f with { Indicators = [new QuotedIndicator("受理件数", "≥100万件", "125万件")] }), "D-07", FeedbackSheet, PerformanceSamples.Feedback, "受理件数", "实际完成值"),
        Doc("D-07 引用目标 万件→万元", d => Feedback(d, f => f with { Indicators = [new QuotedIndicator("受理件数", "≥100万元", "120万件")] }), "D-07", FeedbackSheet, PerformanceSamples.Feedback, "受理件数", "指标值"),
        Doc("D-08 下属单位个数 4→5", d => d with { Department = d.Department! with { SubordinateUnits = 5 } }, "D-08", Dept, null, null, "下属单位个数"),
        Doc("D-09 编制数合计 65→66", d => Feedback(d, f => f with { Staffing = f.Staffing! with { Total = 66 } }), "D-09", FeedbackSheet, PerformanceSamples.Feedback, "核定编制数", "编制数"),
        Doc("D-10 预决算差异率 489.93→489.99", d => Feedback(d, f => f with { BudgetVariance = f.BudgetVariance! with { StatedPercent = D("489.99") } }), "D-10", FeedbackSheet, PerformanceSamples.Feedback, "预决算差异率", "比率"),
        Doc("D-11 户均发布率 3.03→3.05", d => Feedback(d, f => f with { PublicationRate = f.PublicationRate! with { StatedRate = D("3.05") } }), "D-11", FeedbackSheet, PerformanceSamples.Feedback, "户均发布率", "比率"),
        new("D-02 04表财政拨款支出 1140.00→1140.05", d => d, c => With(c, "04", "59", 2, D("1140.05")), null, "D-02", "04", null, null, null, "2"),
        new("D-05 01表年初结转和结余 20.44→30.44", d => d, c => With(c, "01", "29", 1, D("30.44")), null, "D-05", "01", null, null, null, "1"),
        new("D-08 决算单位数 5→6", d => d, null, 6, "D-08", PerformanceCellRef.Table, Dept, null, null, "下属单位个数"),
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public void One_changed_cell_fails_its_rule_and_names_the_cell(Mutation mutation)
    {
        var cells = SampleCells();
        var result = Reconcile(mutation.Change(Sample()), mutation.Cells?.Invoke(cells) ?? cells, mutation.Units ?? 5);

        var rule = result.Find(mutation.Rule)!;
        rule.Status.Should().Be(CheckStatus.Fail);
        var failures = rule.Checks.Where(c => c.Status == CheckStatus.Fail).ToList();
        failures.Any(c => c.Cells.Any(cell => Named(mutation, cell))).Should().BeTrue(string.Join("\n", failures.Select(f => $"{f.Where}: {f.Message} [{string.Join(", ", f.Cells)}]")));
        failures.Should().OnlyContain(c => c.Severity == PerformanceSamples.Scheme.Rule(mutation.Rule)!.Severity);
    }

    private static bool Named(Mutation mutation, CellRef cell) => mutation.Table == PerformanceCellRef.Table
            ? cell.Table == PerformanceCellRef.Table && cell.Performance is { } p && p.Sheet == mutation.Sheet && p.Project == mutation.Project && p.Indicator == mutation.Indicator && p.Column == mutation.Column
            : cell.Table == mutation.Table && cell.Column.ToString(System.Globalization.CultureInfo.InvariantCulture) == mutation.Column && cell.Performance is null;

    [Fact]
    public void A_performance_cell_reads_as_sheet_project_indicator_and_column()
    {
        var cell = PerformanceChecks.Cell(ProjectSheet, Project, "培训人次", PerformanceColumn.Score, 45);

        cell.ToString().Should().Be("项目支出绩效自评表／窗口服务项目／培训人次／得分");
        cell.Table.Should().Be("P");
        cell.Column.Should().Be((int)PerformanceColumn.Score);
    }

    [Fact]
    public void The_shanghai_scheme_grades_the_same_scores_with_its_own_words()
    {
        var document = Sample() with { GradeScheme = "shanghai", Projects = [Sample().Projects[0] with { TotalScore = 70, Grade = "合格" }] };

        var checks = Reconcile(document, SampleCells()).Find("P-01")!.Checks;

        checks.Should().Contain(c => c.Where!.Contains(Project) && c.Status == CheckStatus.Pass);
        Reconcile(document with { GradeScheme = null }, SampleCells()).Find("P-01")!.Checks
            .Should().Contain(c => c.Where!.Contains(Project) && c.Status == CheckStatus.Fail && c.Message!.Contains("不是"));
    }

    internal static PerformanceDocument Indicator(PerformanceDocument d, string name, Func<PerformanceIndicator, PerformanceIndicator> change) =>
        d with { Department = d.Department! with { Indicators = d.Department.Indicators.Select(i => i.Name == name ? change(i) : i).ToList() } };

    private static PerformanceDocument Funds(PerformanceDocument d, string row, Func<FundsRow, FundsRow> change)
    {
        var funds = d.Department!.Funds!;
        var changed = funds.Total.Name == row
            ? funds with { Total = change(funds.Total) }
            : funds with { Rows = funds.Rows.Select(r => r.Name == row ? change(r) : r).ToList() };
        return d with { Department = d.Department with { Funds = changed } };
    }

    private static DepartmentEvaluation Section(DepartmentEvaluation e, string name, Func<EvaluationSection, EvaluationSection> change) =>
        e with { Sections = e.Sections.Select(s => s.Name == name ? change(s) : s).ToList() };

    private static DepartmentEvaluation EvaluationIndicator(DepartmentEvaluation e, string name, Func<EvaluationIndicator, EvaluationIndicator> change) =>
        e with
        {
            Sections = e.Sections.Select(s => s with
            {
                Groups = s.Groups.Select(g => g with { Indicators = g.Indicators.Select(i => i.Name == name ? change(i) : i).ToList() }).ToList(),
            }).ToList(),
        };

    private static PerformanceDocument Feedback(PerformanceDocument d, Func<FinanceFeedback, FinanceFeedback> change) =>
        d with { FinanceFeedbacks = [change(d.FinanceFeedbacks[0])] };

    private static List<ReportCell> With(List<ReportCell> cells, string table, string row, int column, decimal value) =>
        [.. cells.Where(c => !(c.TableNo == table && c.RowKey == row && c.Column == column)), new ReportCell(table, row, column, value)];
}
