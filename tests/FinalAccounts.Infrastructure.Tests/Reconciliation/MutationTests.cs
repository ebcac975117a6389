using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Infrastructure.Tests.Reconciliation;

/// <summary>
/// Generated from the catalogue: for every formula rule, every comparison it evaluates on the published report and
/// every cell that comparison reads, one changed cell must make the rule fail and name that cell. An equality is
/// broken by +1.00 (+1 for counts); a one-sided check (≤, ≥) can only break in one direction and may have slack, so
/// the cell moves by slack + 1.00 in whichever direction breaks it.
/// </summary>
public class MutationTests
{
    private static readonly ReconciliationResult Golden = DemoReport.Reconcile();

    public static TheoryData<string> FormulaRules()
    {
        var data = new TheoryData<string>();
        foreach (var rule in DemoReport.Rules.Rules.Where(r => r.Builtin is null && Golden.Find(r.Id)!.Checks.Any(c => c.Operator is not null)))
        {
            data.Add(rule.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FormulaRules))]
    public void Changing_any_cell_a_rule_reads_makes_it_fail_and_name_the_cell(string ruleId)
    {
        var rule = DemoReport.Rules.Find(ruleId)!;
        var single = new ReconciliationRuleSet("jiangxi-2023", "test", [rule]);
        var comparisons = Golden.Find(ruleId)!.Checks.Where(c => c.Operator is not null).ToList();
        var mutations = 0;

        foreach (var check in comparisons)
        {
            foreach (var cell in check.Cells.Where(c => c.Table != "O").DistinctBy(c => (c.Table, c.Row, c.Column)))
            {
                var deltas = check.Operator == "="
                    ? [1.00m]
                    : new[] { Math.Abs(check.Difference!.Value) + 1.00m, -(Math.Abs(check.Difference!.Value) + 1.00m) };
                var named = deltas.Any(delta =>
                {
                    var mutated = DemoReport.With(cell.Table, cell.Row, cell.Column, (cell.Value ?? 0) + delta);
                    var result = ReconciliationEngine.Evaluate(single, DemoReport.Data(mutated));
                    return result.Rules[0].Checks.Any(c => c.Status == CheckStatus.Fail &&
                        c.Cells.Any(x => x.Table == cell.Table && x.Row == cell.Row && x.Column == cell.Column));
                });
                named.Should().BeTrue($"{ruleId} {check.Where} must fail and name {cell} when it changes");
                mutations++;
            }
        }

        mutations.Should().BeGreaterThan(0);
    }

    public static TheoryData<string> ExactEqualities()
    {
        var data = new TheoryData<string>();
        foreach (var rule in Golden.Rules.Where(r => r.Checks.Any(IsExactAmountEquality)))
        {
            data.Add(rule.Rule.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExactEqualities))]
    public void A_cent_in_a_summed_cell_passes_as_a_tail_and_fails_in_strict_mode(string ruleId)
    {
        var single = new ReconciliationRuleSet("jiangxi-2023", "test", [DemoReport.Rules.Find(ruleId)!]);
        var check = Golden.Find(ruleId)!.Checks.First(IsExactAmountEquality);
        var cell = check.Cells.First(c => c.Value is > 0);
        var mutated = DemoReport.With(cell.Table, cell.Row, cell.Column, cell.Value!.Value + 0.01m);

        var tolerant = ReconciliationEngine.Evaluate(single, DemoReport.Data(mutated)).Rules[0];
        var strict = ReconciliationEngine.Evaluate(single, DemoReport.Data(mutated), strict: true).Rules[0];

        tolerant.Status.Should().Be(CheckStatus.Tail, $"{cell} + 0.01 is a rounding tail for {ruleId}");
        tolerant.Checks.Should().Contain(c => c.Status == CheckStatus.Tail && c.Message!.StartsWith("尾差") && c.Cells.Any(x => x.Table == cell.Table && x.Row == cell.Row && x.Column == cell.Column));
        strict.Status.Should().Be(CheckStatus.Fail);
    }

    private static bool IsExactAmountEquality(CheckResult c) =>
        c.Operator == "=" && c.Difference == 0 && c.Status == CheckStatus.Pass && c.Tolerance >= 0.01m && c.Cells.Any(x => x.Value is > 0);

    [Fact]
    public void Linked_statistics_and_implications_fail_naming_the_changed_cell()
    {
        Fails(DemoReport.Reconcile(DemoReport.With("09", "2", 3, 1.00m)), "T09-06", ("09", "2", 3));
        Fails(DemoReport.Reconcile(DemoReport.With("09", "16", 3, 1m)), "T09-06", ("09", "16", 3));
        Fails(DemoReport.Reconcile(DemoReport.With("09", "5", 3, 1.00m)), "X-19", ("09", "5", 3));
        Fails(DemoReport.Reconcile(DemoReport.With("06", "30302", 1, 1.00m)), "X-21", ("06", "30302", 1));
        Fails(DemoReport.Reconcile(facts: DemoReport.Facts(new StaffCounts(60, 2, 0, 8))), "X-21", ("O", "retired", 1));
    }

    internal static void Fails(ReconciliationResult result, string ruleId, (string Table, string Row, int Column) cell) =>
        result.Find(ruleId)!.Checks.Should().Contain(c => c.Status == CheckStatus.Fail &&
            c.Cells.Any(x => x.Table == cell.Table && x.Row == cell.Row && x.Column == cell.Column), $"{ruleId} must name {cell}");
}
