using FinalAccounts.Domain.Narrative;
using FinalAccounts.Domain.Performance;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Tests.Performance;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests.Narrative;

/// <summary>
/// The N9 rules with the 绩效 tables (issue 12): 情况说明 九 against the 项目支出绩效自评表 scores, the scheme's grade
/// bands and the 部门整体支出绩效自评表. On the demo they find the seed's defects; on a consistent text one changed
/// number in the text or one changed 绩效 cell makes each fire and name both the sentence and the cell.
/// </summary>
public sealed class NarrativePerformanceTests
{
    private static readonly ReconciliationRuleSet Rules = ShippedData.Jiangxi2023Rules.WithNarrative(DemoNarrative.Template).WithPerformance(PerformanceSamples.Scheme);
    private static readonly PerformanceDocument Demo = PerformanceSamples.Demo;

    private static ReconciliationResult Reconcile(IReadOnlyList<string>? sections = null, PerformanceDocument? document = null) =>
        ReconciliationEngine.Evaluate(Rules, new ReconciliationData(ShippedData.Jiangxi2023, ShippedData.Catalogs, DemoNarrative.Cells(), DemoNarrative.Facts)
        {
            Narrative = DemoNarrative.Data(sections: sections).Narrative,
            Performance = document ?? Demo,
        });

    private static List<CheckResult> Failures(ReconciliationResult result, string id) =>
        result.Find(id)!.Checks.Where(c => c.Status == CheckStatus.Fail).ToList();

    /// <summary>The demo's 九 with every N9 statement made true to its tables (the seed's defects corrected).</summary>
    private static List<string> Consistent()
    {
        var basic = Reconcile().Find("N9-07")!.Checks.Single(c => c.Where!.Contains("项目全年预算数合计", StringComparison.Ordinal)).Rhs!.Value;
        var text = DemoNarrative.Sections()[8]
            .Replace("14个项目评价结果为“优”，0个项目评价结果为“良”，0个项目评价结果为“中”", "7个项目评价结果为“优”，6个项目评价结果为“良”，1个项目评价结果为“中”", StringComparison.Ordinal)
            .Replace("绩效等级为“优”", "绩效等级为“良”", StringComparison.Ordinal)
            .Replace("涉及一般公共预算支出2818.98万元，政府性基金预算支出0万元", "涉及一般公共预算支出1170.28万元，政府性基金预算支出1628.91万元", StringComparison.Ordinal)
            .Replace("涉及一般公共预算支出3708.49万元，政府性基金预算支出0万元", "涉及一般公共预算支出2079.58万元，政府性基金预算支出1628.91万元", StringComparison.Ordinal)
            .Replace("全年预算数合计3935.01万元", $"全年预算数合计{Math.Floor(basic * 100) / 100:0.00}万元", StringComparison.Ordinal)
            .Replace("部门预算项目支出总额3708.49万元", "部门预算项目支出总额2818.98万元", StringComparison.Ordinal);
        var sections = DemoNarrative.Sections().ToList();
        sections[8] = text;
        return sections;
    }

    private static List<string> With(List<string> sections, string from, string to)
    {
        var copy = sections.ToList();
        copy[8].Should().Contain(from);
        var at = copy[8].IndexOf(from, StringComparison.Ordinal);
        copy[8] = copy[8][..at] + to + copy[8][(at + from.Length)..];
        return copy;
    }

    private static PerformanceDocument WithScore(int project, decimal score) =>
        Demo with { Projects = Demo.Projects.Select((p, i) => i == project ? p with { TotalScore = score } : p).ToList() };

    private static PerformanceDocument WithTotal(Func<FundsRow, FundsRow> change) =>
        Demo with { Department = Demo.Department! with { Funds = Demo.Department.Funds! with { Total = change(Demo.Department.Funds.Total) } } };

    [Fact]
    public void The_demo_with_its_tables_fails_grade_counts_the_average_grade_and_the_fund_statements_as_catalogued()
    {
        var result = Reconcile();

        Failures(result, "N9-01").Should().BeEmpty("14 projects stated, 14 self-evaluated");
        var grades = Failures(result, "N9-03");
        grades.Select(c => (c.Lhs, c.Rhs)).Should().BeEquivalentTo([(14m, 7m), (0m, 6m), (0m, 1m)], "000-1: 14 优 stated, 7 / 6 / 1 by the 自评表 scores");
        grades.Single(c => c.Rhs == 1m).Cells.Should().ContainSingle().Which.Performance!.ToString()
            .Should().Be("项目支出绩效自评表／新办企业首套印章免费刻制和免费寄递服务项目／总分", "the 中 is the project scored 79.77");
        var average = Failures(result, "N9-04").Should().ContainSingle().Subject;
        average.Message.Should().Contain("88.27").And.Contain("良").And.Contain("优");
        average.Text!.Sentence.Should().Contain("平均分为88.27分");
        average.Cells.Should().HaveCount(14).And.OnlyContain(c => c.Performance!.Column == "总分");
        var score = result.Find("N9-05")!.Checks.Should().ContainSingle().Subject;
        score.Status.Should().Be(CheckStatus.Pass, "部门整体支出绩效自评得分97分 = 自评表 总分 97");
        score.Cells.Single().Performance!.ToString().Should().Be("部门整体支出绩效自评表／总分");

        Failures(result, "N9-06").Select(c => (c.Lhs, c.Rhs)).Should().BeEquivalentTo(
            [(3708.49m, 2079.58m), (0m, 1628.91m), (2818.98m, 1170.28m), (0m, 1628.91m)], "000-4: both evaluations omit the 政府性基金 1628.91");
        result.Find("N9-06")!.Checks.Single(c => c.Where!.Contains("自评表全年执行数", StringComparison.Ordinal)).Status
            .Should().Be(CheckStatus.Tail, "3708.49 + 0 is the 自评表's 3,708.489 at the text's precision");
        Failures(result, "N9-07").Select(c => c.Lhs).Should().BeEquivalentTo([3708.49m, 3935.01m], "000-5: both figures of 四 are the wrong 口径");
        Failures(result, "N9-07").Single(c => c.Lhs == 3935.01m).Cells.Should().Contain(c => c.Performance != null && c.Performance.Column == "全年预算数")
            .And.Contain(c => c.Table == "03" && c.Row == "合计" && c.Column == 2);
    }

    [Fact]
    public void The_consistent_text_passes_every_N9_rule()
    {
        var result = Reconcile(Consistent());

        foreach (var id in new[] { "N9-01", "N9-02", "N9-03", "N9-04", "N9-05", "N9-06", "N9-07" })
        {
            result.Find(id)!.Checks.Should().NotBeEmpty(id).And.NotContain(c => c.Status == CheckStatus.Fail, id);
        }
    }

    [Theory]
    [InlineData("N9-01", "二级项目14个", "二级项目15个", "项目支出绩效自评表／个数")]
    [InlineData("N9-03", "7个项目评价结果为“优”", "8个项目评价结果为“优”", "项目支出绩效自评表／行政服务中心运转经费项目／总分")]
    [InlineData("N9-04", "平均分为88.27分", "平均分为88.37分", "项目支出绩效自评表／行政服务中心运转经费项目／总分")]
    [InlineData("N9-04", "绩效等级为“良”", "绩效等级为“优”", "项目支出绩效自评表／行政服务中心运转经费项目／总分")]
    [InlineData("N9-05", "部门整体支出绩效自评得分97分", "部门整体支出绩效自评得分95分", "部门整体支出绩效自评表／总分")]
    [InlineData("N9-06", "涉及一般公共预算支出2079.58万元", "涉及一般公共预算支出2089.58万元", "部门整体支出绩效自评表／年度资金总额／全年执行数")]
    [InlineData("N9-07", "全年预算数合计30", "全年预算数合计31", "部门整体支出绩效自评表／年度资金总额／全年预算数")]
    public void One_changed_number_in_the_text_fires_the_rule_naming_the_sentence_and_the_performance_cell(string rule, string from, string to, string cell)
    {
        var failures = Failures(Reconcile(With(Consistent(), from, to)), rule);

        failures.Should().Contain(c => c.Text != null && c.Text.Sentence.Contains(to, StringComparison.Ordinal)
            && c.Cells.Any(x => x.Performance != null && x.Performance.ToString() == cell), $"{rule} names the sentence with “{to}” and {cell}");
    }

    public static TheoryData<string, string, string> ChangedCells => new()
    {
        { "N9-01", "drop", "项目支出绩效自评表／个数" },
        { "N9-03", "score:1:84.2", "项目支出绩效自评表／行政服务中心运转经费项目／总分" },
        { "N9-04", "score:0:81", "项目支出绩效自评表／行政服务中心窗口人员奖励经费项目／总分" },
        { "N9-05", "total:96", "部门整体支出绩效自评表／总分" },
        { "N9-06", "executed:3718.489", "部门整体支出绩效自评表／年度资金总额／全年执行数" },
        { "N9-07", "budget:3835.011", "部门整体支出绩效自评表／年度资金总额／全年预算数" },
    };

    [Theory]
    [MemberData(nameof(ChangedCells))]
    public void One_changed_performance_cell_fires_the_rule_naming_the_cell_and_the_sentence(string rule, string change, string cell)
    {
        var parts = change.Split(':');
        var document = parts[0] switch
        {
            "drop" => Demo with { Projects = Demo.Projects.Skip(1).ToList() },
            "score" => WithScore(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), PerformanceSamples.D(parts[2])),
            "total" => Demo with { Department = Demo.Department! with { TotalScore = PerformanceSamples.D(parts[1]) } },
            "executed" => WithTotal(t => t with { Executed = PerformanceSamples.D(parts[1]) }),
            _ => WithTotal(t => t with { FullYearBudget = PerformanceSamples.D(parts[1]) }),
        };

        var failures = Failures(Reconcile(Consistent(), document), rule);

        failures.Should().Contain(c => c.Text != null && c.Text.Section == 9 && c.Cells.Any(x => x.Performance != null && x.Performance.ToString() == cell),
            $"{rule} names the sentence of 九 and {cell}");
    }

    [Fact]
    public void Grades_follow_the_documents_grade_scheme()
    {
        // The same scores read with 上海's bands (合格/不合格): the stated 优/良/中 counts no longer match a band, 中 is not one.
        var shanghai = PerformanceSamples.Scheme.GradeSchemes.FirstOrDefault(s => s.Bands.Any(b => b.Grade == "合格"));
        shanghai.Should().NotBeNull("the scheme file defines a 优/良/合格/不合格 scheme");
        var result = Reconcile(Consistent(), Demo with { GradeScheme = shanghai!.Id });

        Failures(result, "N9-03").Should().Contain(c => c.Where!.Contains("“中”", StringComparison.Ordinal) && c.Rhs == 0m, "under 合格/不合格 no project is graded 中");
    }
}
