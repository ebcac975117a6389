using FinalAccounts.Domain.Reconciliation;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Infrastructure.Tests.Reconciliation;

/// <summary>The published 2023 report of 景德镇市政务服务数据管理局 against the whole S/T/X catalogue (rule document §3).</summary>
public class GoldenReconciliationTests
{
    private static readonly ReconciliationResult Result = DemoReport.Reconcile();

    [Fact]
    public void The_catalogue_holds_every_S_T_and_X_rule()
    {
        // S-10 (codes entered as printed, ADR 0019) joined the nine S rules of the rule catalogue.
        DemoReport.Rules.Rules.Select(r => r.Group).GroupBy(g => g).ToDictionary(g => g.Key, g => g.Count())
            .Should().Equal(new Dictionary<string, int> { ["S"] = 10, ["T"] = 39, ["X"] = 21 });
    }

    [Fact]
    public void Every_error_level_rule_passes_and_every_tail_is_a_cent()
    {
        var errors = Result.Rules.Where(r => r.Rule.Severity == RuleSeverity.Error).ToList();

        errors.Where(r => r.Status == CheckStatus.Fail).Select(r => r.Rule.Id).Should().BeEmpty();
        Result.BlocksSubmission.Should().BeFalse();
        var tails = Result.Rules.SelectMany(r => r.Checks).Where(c => c.Status == CheckStatus.Tail).ToList();
        tails.Should().NotBeEmpty();
        tails.Should().OnlyContain(c => Math.Abs(c.Difference!.Value) == 0.01m, "every legitimate tail in 000 is exactly 0.01");
        Result.Rules.Where(r => r.Status == CheckStatus.Tail).Select(r => r.Rule.Id)
            .Should().BeEquivalentTo("T01-01", "T02-01", "T02-02", "T03-01", "T03-02", "T05-02");
        Result.Find("T08-01")!.Status.Should().Be(CheckStatus.NotApplicable, "table 08 is empty");
    }

    [Fact]
    public void The_findings_of_the_rule_document_appear()
    {
        Result.Rules.Where(r => r.Status == CheckStatus.Fail).Select(r => r.Rule.Id).Should().BeEquivalentTo("S-09", "T03-03", "X-20");
        Result.Find("S-05")!.Status.Should().Be(CheckStatus.Pass, "the form's own misprinted code 310111 is the template's, recorded with a note, not the department's");

        Result.Find("S-09")!.Checks.Should().ContainSingle(c => c.Message!.Contains("景德镇市政务数据管理局") && c.Message.Contains("景德镇市政务服务数据管理局"));
        Failures("T03-03").Should().BeEquivalentTo([("03", "2010301", 3, 14.30m), ("03", "2010302", 2, 2.73m)]);
        Result.Find("X-20")!.Checks.Where(c => c.Status == CheckStatus.Fail).Select(c => (c.Lhs, c.Rhs)).Should().BeEquivalentTo(
            [((decimal?)66.67m, (decimal?)67.92m), (40.38m, 40.97m), (100.58m, 55.57m), (35.55m, 35.42m)]);
    }

    [Fact]
    public void Failures_sharing_a_cell_are_grouped_with_the_most_shared_first()
    {
        var cells = DemoReport.With("01", "27", 1, 3800.00m); // one wrong total feeds several identities
        var groups = DemoReport.Reconcile(cells).GroupFailures();

        groups[0].Cell.Should().Be(new CellRef("01", "27", 1, 3800.00m));
        groups[0].Failures.Select(f => f.RuleId).Should().Contain(["T01-01", "T01-02", "X-02"]);
    }

    [Fact]
    public void A_passing_check_still_names_every_cell_it_read_when_asked_and_so_does_a_failure()
    {
        // Passing checks work their cells out only when asked (issue 14: no cell list per passing check).
        var pass = Result.Find("T01-05")!.Checks.Single();
        pass.Status.Should().Be(CheckStatus.Pass);
        pass.Cells.Select(c => (c.Table, c.Row, c.Column)).Should().Equal(("01", "31", 1), ("01", "62", 2));
        pass.Cells.Select(c => c.Value).Should().Equal(pass.Lhs, pass.Rhs);

        var sums = Result.Find("T01-03")!.Checks.Single();
        sums.Cells[0].Should().Be(new CellRef("01", "58", 2, sums.Lhs));
        sums.Cells.Skip(1).Select(c => c.Row).Should().Equal(Enumerable.Range(32, 26).Select(r => r.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        sums.Cells.Skip(1).Sum(c => c.Value ?? 0).Should().Be(sums.Rhs);

        var rows = Result.Find("T02-01")!.Checks.Where(c => c.Status == CheckStatus.Pass).ToList();
        rows.Should().NotBeEmpty().And.OnlyContain(c => c.Cells.Count == 7 && c.Cells.Select(x => x.Row).Distinct().Count() == 1, "a row check reads its own row's seven columns");
        rows.Select(c => c.Cells[0].Row).Should().OnlyHaveUniqueItems("each check is bound to its own row");
    }

    private static IEnumerable<(string, string, int, decimal)> Failures(string rule) =>
        Result.Find(rule)!.Checks.Where(c => c.Status == CheckStatus.Fail)
            .SelectMany(c => c.Cells.Select(x => (x.Table, x.Row, x.Column, x.Value ?? 0)));
}

public class ReportGeneratorTests
{
    [Fact]
    public void Generated_department_years_differ_from_the_original_and_stay_consistent()
    {
        var original = DemoReport.Cells();
        var variants = Seeding.ReportGenerator.Generate(original, 25, seed: 7).ToList();

        variants.Should().HaveCount(25);
        foreach (var cells in variants)
        {
            var result = DemoReport.Reconcile(cells);
            result.Rules.Where(r => r.Rule.Severity == RuleSeverity.Error && r.Status == CheckStatus.Fail).Select(r => r.Rule.Id)
                .Should().BeEmpty("a consistent perturbation keeps every identity");
            cells.Where(c => c.TableNo == "03" && c.RowKey == "合计").Should().BeEquivalentTo(original.Where(c => c.TableNo == "03" && c.RowKey == "合计"));
        }

        variants.Count(v => v.Single(c => c.TableNo == "03" && c.RowKey == "2010301" && c.Column == 1).Value != 513.38m)
            .Should().BeGreaterThan(20, "the items themselves are perturbed");
        variants.Select(v => v.Single(c => c.TableNo == "06" && c.RowKey == "30101").Value).Distinct().Should().HaveCountGreaterThan(20);
    }
}
