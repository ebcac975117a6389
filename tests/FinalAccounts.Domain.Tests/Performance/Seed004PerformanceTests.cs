using FinalAccounts.Domain.Performance;
using FinalAccounts.Domain.Reconciliation;
using FluentAssertions;
using Xunit;
using static FinalAccounts.Domain.Tests.Performance.PerformanceSamples;

namespace FinalAccounts.Domain.Tests.Performance;

/// <summary>
/// The demo's second department-year, 南昌市政务服务数据管理局 2022 (seed 004: its 部门整体支出绩效自评表 as printed).
/// Its scores follow the default scoring formulas everywhere, so it checks them against a real document the scheme
/// was not fitted on item by item; its only departure is the printed total 94 for a sum of 94.44.
/// </summary>
public class Seed004PerformanceTests
{
    private static readonly ReconciliationResult Result = Reconcile(Nanchang2022, cells: [], units: 3);

    [Fact]
    public void The_transcription_holds_the_printed_sheet()
    {
        var sheet = Nanchang2022.Department!;
        sheet.Name.Should().Be("南昌市政务服务数据管理局");
        sheet.Indicators.Should().HaveCount(44);
        sheet.Indicators.Sum(i => i.Weight).Should().Be(90m);
        sheet.Indicators.Sum(i => i.Score).Should().Be(87.44m);
        sheet.Funds!.Total.Score.Should().Be(7m);
        sheet.TotalScore.Should().Be(94m);
        sheet.Indicators.Select(i => i.Level1).Distinct().Should().Equal("产出指标", "效益指标", "满意度指标");
    }

    [Fact]
    public void No_error_the_printed_total_is_a_tail_and_every_partial_score_follows_the_formula()
    {
        Result.Failures.Where(f => f.RuleId.StartsWith('P') && f.Severity == RuleSeverity.Error).Select(f => $"{f.RuleId} {f.Where} {f.Message}").Should().BeEmpty();
        Result.Find("P-03")!.Status.Should().Be(CheckStatus.Tail, "94 is 94.44 stated as a whole number");
        Result.Find("P-05")!.Status.Should().BeOneOf([CheckStatus.Pass, CheckStatus.Tail], "every execution rate is 执行数/预算数 to its printed precision");
        Result.Find("P-12")!.Status.Should().BeOneOf([CheckStatus.Pass, CheckStatus.Tail], "资金来源 and 资金结构 both add up to 年度资金总额");
        Result.Find("P-09")!.Status.Should().BeOneOf([CheckStatus.Pass, CheckStatus.Tail], "1.49, 1.04, 0.73 and 8.68 are 分值 × clamp((r − 0.6)/0.4)");
        Result.Find("P-08")!.Status.Should().Be(CheckStatus.Pass, "each missed indicator is marked down and explained");
    }

    [Fact]
    public void One_changed_partial_score_fires_P09_naming_the_indicator()
    {
        var changed = Nanchang2022 with
        {
            Department = Nanchang2022.Department! with
            {
                Indicators = [.. Nanchang2022.Department.Indicators.Select(i => i.Name == "交易中心开标" ? i with { Score = 0.9m } : i)],
            },
        };

        var failure = Reconcile(changed, cells: [], units: 3).Failures.Should().ContainSingle(f => f.RuleId == "P-09").Subject;
        failure.Cells.Should().NotBeEmpty().And.OnlyContain(c => c.Row.Contains("交易中心开标"), "the target, the actual and the score of that indicator");
    }
}
