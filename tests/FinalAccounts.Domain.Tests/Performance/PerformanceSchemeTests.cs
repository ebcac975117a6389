using System.Text.Json.Nodes;
using FinalAccounts.Domain.Performance;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests.Performance;

/// <summary>The shipped scoring scheme (templates/jiangxi-2023.performance.json), its parser's errors and the scorer.</summary>
public class PerformanceSchemeTests
{
    private static PerformanceScheme Shipped => PerformanceSamples.Scheme;

    [Fact]
    public void The_shipped_scheme_carries_every_P_and_D_rule_with_its_catalogued_severity()
    {
        Shipped.Rules.Select(r => r.Id).Should().BeEquivalentTo(PerformanceScheme.RuleIds);
        var errors = new[] { "P-01", "P-02", "P-03", "P-04", "P-05", "P-12", "P-13", "D-01", "D-04", "D-09" };
        var infos = new[] { "P-10", "P-11", "D-07" };
        foreach (var rule in Shipped.Rules)
        {
            var expected = errors.Contains(rule.Id) ? Reconciliation.RuleSeverity.Error : infos.Contains(rule.Id) ? Reconciliation.RuleSeverity.Info : Reconciliation.RuleSeverity.Warning;
            rule.Severity.Should().Be(expected, rule.Id);
            rule.Builtin.Should().Be(PerformanceSchemeParser.Builtin);
        }

        Shipped.Rule("P-12")!.Tolerance.Should().Be(0.01m);
        Shipped.Rule("P-13")!.Tolerance.Should().Be(0.01m);
        Shipped.Rule("P-05")!.Tolerance.Should().BeNull("percentages use interval arithmetic");
    }

    [Theory]
    [InlineData("four-band", 90, "优")]
    [InlineData("four-band", 89.99, "良")]
    [InlineData("four-band", 88.27, "良")]
    [InlineData("four-band", 80, "良")]
    [InlineData("four-band", 79.77, "中")]
    [InlineData("four-band", 59.9, "差")]
    [InlineData("shanghai", 65, "合格")]
    [InlineData("shanghai", 40, "不合格")]
    [InlineData("five-band", 75, "中")]
    [InlineData("five-band", 65, "合格")]
    [InlineData("five-band", 85, "良好")]
    [InlineData(null, 91, "优")]
    public void Grades_by_the_chosen_scheme(string? scheme, double score, string grade)
    {
        new PerformanceScorer(Shipped, scheme).GradeOf((decimal)score).Should().Be(grade);
    }

    [Theory]
    [InlineData(100, 10)]
    [InlineData(99.85, 9)]
    [InlineData(94.24, 7)]
    [InlineData(91.38, 7)]
    [InlineData(90, 7)]
    public void Scores_the_execution_rate_by_band(double rate, double score)
    {
        new PerformanceScorer(Shipped).ExecutionScore((decimal)rate, 10).Should().Be((decimal)score);
    }

    [Fact]
    public void Below_the_calibrated_bands_there_is_no_suggested_execution_score()
    {
        new PerformanceScorer(Shipped).ExecutionScore(87.08m, 10).Should().BeNull();
    }

    [Theory]
    [InlineData("≥290种", "289", 1.5, 1.4871)]
    [InlineData("≥360天", "291", 2, 1.0417)]
    [InlineData("≥4000次", "3573", 1, 0.7331)]
    [InlineData("≥95%", "90", 10, 8.6842)]
    [InlineData("≥56家", "50", 3, 2.1964)]
    [InlineData("≥100万件", "50", 3, 0)]
    public void The_missed_indicator_formula_fits_the_seeds(string target, string actual, double weight, double expected)
    {
        var scorer = new PerformanceScorer(Shipped);

        scorer.SuggestedScore(PerformanceTarget.Parse(target).Value, actual, (decimal)weight)!.Value.Should().BeApproximately((decimal)expected, 0.0001m);
    }

    [Fact]
    public void The_proportional_method_is_a_configuration_away()
    {
        var scheme = Shipped with { MissedMethod = MissedIndicatorMethod.Proportional };

        new PerformanceScorer(scheme).SuggestedScore(PerformanceTarget.Parse("≥360天").Value, "291", 2)!.Value.Should().BeApproximately(1.6167m, 0.0001m);
    }

    [Theory]
    [InlineData("及时", "基本达成目标", true)]
    [InlineData("及时", "未达成", false)]
    [InlineData("提升", "不及时", false)]
    [InlineData("提升", "见说明", null)]
    [InlineData("≥20场", "20", true)]
    [InlineData("≥20场", "十场", null)]
    public void Tells_whether_a_target_is_met(string target, string actual, bool? met)
    {
        new PerformanceScorer(Shipped).IsMet(PerformanceTarget.Parse(target).Value, actual).Should().Be(met);
    }

    [Fact]
    public void Suggests_the_demo_department_table_scores_and_grade()
    {
        var department = PerformanceSamples.Demo.Department!;

        var suggested = new PerformanceScorer(Shipped).Suggest(department);

        suggested.ExecutionScore.Should().Be(7);
        suggested.IndicatorScores.Should().AllSatisfy(s => s.Should().NotBeNull());
        suggested.Total.Should().Be(97);
        suggested.Grade.Should().Be("优");
    }

    public static TheoryData<string, string, string> BrokenSchemes => new()
    {
        { "not json", "performance.json", "jiangxi-2023.performance.json" },
        { "[]", "performance.json", "jiangxi-2023.performance.json" },
        { Edit(n => n["templateSet"] = "nowhere-2023"), "performance.template", "jiangxi-2023.performance.json" },
        { Edit(n => n.AsObject().Remove("version")), "performance.version", "jiangxi-2023.performance.json" },
        { Edit(n => n["gradeSchemes"] = new JsonArray()), "performance.grades", "jiangxi-2023.performance.json" },
        { Edit(n => n["gradeSchemes"]![0]!["id"] = ""), "performance.grades", "jiangxi-2023.performance.json 等级方案 " },
        { Edit(n => n["gradeSchemes"]![1]!["id"] = "four-band"), "performance.grades", "jiangxi-2023.performance.json 等级方案 four-band" },
        { Edit(n => n["gradeSchemes"]![0]!["bands"]![1]!["min"] = 95), "performance.grades", "jiangxi-2023.performance.json 等级方案 four-band" },
        { Edit(n => n["gradeSchemes"]![0]!["bands"]![1]!["grade"] = "优"), "performance.grades", "jiangxi-2023.performance.json 等级方案 four-band" },
        { Edit(n => n["gradeSchemes"]![0]!["bands"]![3]!["min"] = 10), "performance.grades", "jiangxi-2023.performance.json 等级方案 four-band" },
        { Edit(n => n["gradeSchemes"]![0]!["bands"]![0]!["min"] = 120), "performance.grades", "jiangxi-2023.performance.json 等级方案 four-band" },
        { Edit(n => n["defaultGradeScheme"] = "seven-band"), "performance.grades.default", "jiangxi-2023.performance.json" },
        { Edit(n => n.AsObject().Remove("executionRate")), "performance.execution", "jiangxi-2023.performance.json" },
        { Edit(n => n["executionRate"]!["weight"] = 0), "performance.execution", "jiangxi-2023.performance.json executionRate" },
        { Edit(n => n["executionRate"]!["bands"]![1]!["coefficient"] = 1.5), "performance.execution", "jiangxi-2023.performance.json executionRate" },
        { Edit(n => n["executionRate"]!["bands"]![2]!["min"] = 99), "performance.execution", "jiangxi-2023.performance.json executionRate" },
        { Edit(n => n["executionRate"]!["bands"] = new JsonArray()), "performance.execution", "jiangxi-2023.performance.json executionRate" },
        { Edit(n => n.AsObject().Remove("missedIndicator")), "performance.formula", "jiangxi-2023.performance.json" },
        { Edit(n => n["missedIndicator"]!["method"] = "quadratic"), "performance.formula", "jiangxi-2023.performance.json missedIndicator" },
        { Edit(n => n["missedIndicator"]!["floor"] = 1), "performance.formula", "jiangxi-2023.performance.json missedIndicator" },
        { Edit(n => n["selfVersusExternalGap"] = -1), "performance.gap", "jiangxi-2023.performance.json" },
        { Edit(n => n["cells"]!["otherIncome"] = "T01[8]"), "performance.cell", "jiangxi-2023.performance.json cells.otherIncome" },
        { Edit(n => n["cells"]!["otherIncome"] = "T01[99,1]"), "performance.cell", "jiangxi-2023.performance.json cells.otherIncome" },
        { Edit(n => n["cells"]!["fiscalExpenditure"] = "T04[59,1]"), "performance.cell", "jiangxi-2023.performance.json cells.fiscalExpenditure" },
        { Edit(n => n["cells"]!.AsObject().Remove("carriedForward")), "performance.cell.missing", "jiangxi-2023.performance.json" },
        { Edit(n => n["rules"]![0]!["severity"] = "fatal"), "performance.rule", "jiangxi-2023.performance.json 规则 P-01" },
        { Edit(n => n["rules"]!.AsArray().Add(new JsonObject { ["id"] = "P-99", ["label"] = "?", ["severity"] = "info" })), "performance.rule.unknown", "jiangxi-2023.performance.json 规则 P-99" },
        { Edit(n => n["rules"]!.AsArray().Add(new JsonObject { ["id"] = "P-01", ["label"] = "?", ["severity"] = "info" })), "performance.rule.duplicate", "jiangxi-2023.performance.json 规则 P-01" },
        { Edit(n => n["rules"]!.AsArray().RemoveAt(13)), "performance.rule.missing", "jiangxi-2023.performance.json" },
        { Edit(n => n["rules"]![11]!["tolerance"] = "roughly"), "performance.tolerance", "jiangxi-2023.performance.json 规则 P-12" },
        { Edit(n => n["rules"]![11]!["tolerance"] = -0.01), "performance.tolerance", "jiangxi-2023.performance.json 规则 P-12" },
    };

    [Theory]
    [MemberData(nameof(BrokenSchemes))]
    public void A_broken_scheme_is_refused_with_a_named_error(string json, string code, string target)
    {
        var result = PerformanceSchemeParser.Parse(json, "jiangxi-2023.performance.json", PerformanceSamples.Templates);

        result.IsSuccess.Should().BeFalse();
        result.Errors.Should().Contain(e => e.Code == code && e.Target == target, string.Join("\n", result.Errors.Select(e => $"{e.Code} {e.Target} {e.Message}")));
        result.Errors.Should().OnlyContain(e => e.Message.Length > 0);
    }

    [Fact]
    public void The_missing_rule_is_named()
    {
        var result = PerformanceSchemeParser.Parse(Edit(n => n["rules"]!.AsArray().RemoveAt(13)), "x", PerformanceSamples.Templates);

        result.Errors.Should().ContainSingle().Which.Message.Should().Contain("P-14");
    }

    private static string Edit(Action<JsonNode> change)
    {
        var node = JsonNode.Parse(ShippedData.Read("templates/jiangxi-2023.performance.json"))!;
        change(node);
        return node.ToJsonString();
    }
}
