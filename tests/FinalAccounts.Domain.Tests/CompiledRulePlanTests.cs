using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Domain.Tests.Narrative;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests;

/// <summary>
/// The compiled rule plan (docs/adr/0026-compiled-rule-plans.md) against the interpreter it replaces: on the demo
/// report and on every one-cell change of it, every rule's status and every check's status, place, values, tolerance,
/// message and cells (in reading order; a pass's deferred cells too) must be the same.
/// </summary>
public class CompiledRulePlanTests
{
    private static readonly ReconciliationRuleSet Rules = ShippedData.Jiangxi2023Rules;

    [Fact]
    public void Every_formula_rule_of_the_shipped_sets_is_compiled()
    {
        var plan = Rules.PlanFor(ShippedData.Jiangxi2023);

        var formulaRules = Rules.Rules.Select((rule, i) => (rule, i)).Where(x => x.rule.Builtin is null).ToList();
        formulaRules.Should().HaveCountGreaterThan(50);
        formulaRules.Where(x => plan.Rules[x.i] is null).Select(x => x.rule.Id).Should().BeEmpty("a rule left to the interpreter would not be compared");
        Rules.PlanFor(ShippedData.Jiangxi2023).Should().BeSameAs(plan, "the plan is compiled once per template set");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_demo_report_gives_the_interpreters_results(bool strict)
    {
        var (compiled, interpreted) = Both(DemoNarrative.Cells(), strict);

        compiled.Summary.Checks.Should().BeGreaterThan(700);
        // The demo's rounding tails (strict: failures), whose places, cells and texts are compared, not only passes.
        compiled.Rules.Should().Contain(r => r.Status == (strict ? CheckStatus.Fail : CheckStatus.Tail));
        ShouldMatch(compiled, interpreted, includePassCells: true);
    }

    [Fact]
    public void Every_one_cell_change_of_the_demo_report_gives_the_interpreters_results()
    {
        var cells = DemoNarrative.Cells();
        var failing = 0;
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            // A changed amount (fails several identities), a blanked cell, and a 0.01 change (a tail or a failure).
            foreach (var value in new decimal?[] { cell.Value + 12.34m, null, cell.Value + 0.01m })
            {
                var mutated = cells.Where((_, j) => j != i).ToList();
                if (value is { } v)
                {
                    mutated.Add(new ReportCell(cell.TableNo, cell.RowKey, cell.Column, v));
                }

                var (compiled, interpreted) = Both(mutated, strict: false);
                failing += compiled.Failures.Any() ? 1 : 0;
                ShouldMatch(compiled, interpreted, includePassCells: false);
            }
        }

        failing.Should().BeGreaterThan(cells.Count, "most changes break an identity, so failures and their cells are compared");
    }

    [Fact]
    public void Codes_added_and_removed_give_the_interpreters_results()
    {
        // A new 项 under an existing 款 of 公开05表 (its parent sums change) and a coded table emptied (rows(T08) is empty).
        var cells = DemoNarrative.Cells().Where(c => c.TableNo != "08").ToList();
        var parent = cells.First(c => c.TableNo == "05" && c.RowKey.Length == 5);
        cells.Add(new ReportCell("05", parent.RowKey + "99", 1, 3.5m));
        cells.Add(new ReportCell("05", parent.RowKey + "99", 2, 3.5m));

        var (compiled, interpreted) = Both(cells, strict: false);

        compiled.Failures.Should().NotBeEmpty();
        ShouldMatch(compiled, interpreted, includePassCells: true);
    }

    [Fact]
    public void Data_of_one_table_alone_is_left_to_the_interpreter()
    {
        // ReconciliationData.ForTable holds one table; a rule reading another is not evaluated from the plan.
        var template = ShippedData.Jiangxi2023.FindTable("01")!;
        var data = ReconciliationData.ForTable(ShippedData.Jiangxi2023, template, null, ShippedData.PublishedCells("01").Select(c => (c.RowKey, c.Column, c.Value)), []);
        var plan = Rules.PlanFor(ShippedData.Jiangxi2023);

        var t01 = Rules.Rules.Select((rule, i) => (rule, i)).Single(x => x.rule.Id == "T01-01").i;
        var x02 = Rules.Rules.Select((rule, i) => (rule, i)).Single(x => x.rule.Id == "X-02").i;

        plan.Rules[t01]!.Fits(data).Should().BeTrue();
        plan.Rules[x02]!.Fits(data).Should().BeFalse();
    }

    private static (ReconciliationResult Compiled, ReconciliationResult Interpreted) Both(List<ReportCell> cells, bool strict)
    {
        var data = new ReconciliationData(ShippedData.Jiangxi2023, ShippedData.Catalogs, cells, DemoNarrative.Facts);
        return (ReconciliationEngine.Evaluate(Rules, data, strict, compiled: true), ReconciliationEngine.Evaluate(Rules, data, strict, compiled: false));
    }

    private static (CheckStatus, string?, decimal?, decimal?, decimal, string?, string) Key(CheckResult c) =>
        (c.Status, c.Where, c.Lhs, c.Rhs, c.Tolerance, c.Message, string.Join(";", c.Cells));

    private static void ShouldMatch(ReconciliationResult compiled, ReconciliationResult interpreted, bool includePassCells)
    {
        compiled.Rules.Should().HaveSameCount(interpreted.Rules);
        for (var r = 0; r < compiled.Rules.Count; r++)
        {
            var (a, b) = (compiled.Rules[r], interpreted.Rules[r]);
            a.Rule.Should().BeSameAs(b.Rule);
            a.Status.Should().Be(b.Status, a.Rule.Id);
            // Failures and tails as the plan lists them without making its passes, before any pass is read.
            a.Notable.Select(Key).Should().Equal(b.Checks.Where(c => c.Status is CheckStatus.Fail or CheckStatus.Tail).Select(Key), a.Rule.Id);
            a.Checks.Should().HaveSameCount(b.Checks, a.Rule.Id);
            for (var c = 0; c < a.Checks.Count; c++)
            {
                var (x, y) = (a.Checks[c], b.Checks[c]);
                var at = $"{a.Rule.Id} check {c} ({y.Where})";
                (x.RuleId, x.Severity, x.Status, x.Where, x.Lhs, x.Rhs, x.Difference, x.Tolerance, x.Message, x.Operator, x.Text)
                    .Should().Be((y.RuleId, y.Severity, y.Status, y.Where, y.Lhs, y.Rhs, y.Difference, y.Tolerance, y.Message, y.Operator, y.Text), at);
                if (x.Status != CheckStatus.Pass || includePassCells)
                {
                    x.Cells.Should().Equal(y.Cells, at);
                }
            }
        }
    }
}

/// <summary>The plan on the 上海 2024 set, whose forms differ (no 行次, other codes), with values in every fixed cell.</summary>
public class CompiledRulePlanShanghaiTests
{
    private static readonly TemplateSet Set = TemplateSetParser.Parse(ShippedData.Read("templates/shanghai-2024.json"), "shanghai-2024.json").Value;

    private static readonly ReconciliationRuleSet Rules =
        RuleSetParser.Parse(ShippedData.Read("templates/shanghai-2024.rules.json"), "shanghai-2024.rules.json", id => id == Set.Id ? Set : null).Value;

    [Fact]
    public void Arbitrary_values_give_the_interpreters_results()
    {
        // Deterministic values in every cell of every fixed row, and a few codes in the coded tables: most identities fail.
        var random = new Random(2024);
        var cells = new List<ReportCell>();
        foreach (var table in Set.Tables)
        {
            foreach (var panel in table.Panels)
            {
                foreach (var row in panel.Rows.Where(r => !r.IsFiller))
                {
                    cells.AddRange(panel.Columns.Select(c => new ReportCell(table.TableNo, row.Key, c.No, random.Next(0, 500) / 4m)));
                }

                if (panel.Coded is { } coded)
                {
                    foreach (var code in new[] { "201", "20101", "2010101", "2010102", "208", "20805", "2080505" })
                    {
                        cells.AddRange(panel.Columns.Select(c => new ReportCell(table.TableNo, code, c.No, random.Next(0, 500) / 4m)));
                    }

                    cells.AddRange(panel.Columns.Select(c => new ReportCell(table.TableNo, coded.TotalKey, c.No, random.Next(0, 500) / 4m)));
                }
            }
        }

        var data = new ReconciliationData(Set, ShippedData.Catalogs, cells, DemoNarrative.Facts);
        var plan = Rules.PlanFor(Set);
        Rules.Rules.Select((rule, i) => (rule, i)).Where(x => x.rule.Builtin is null && plan.Rules[x.i] is null).Should().BeEmpty();

        var compiled = ReconciliationEngine.Evaluate(Rules, data, strict: false, compiled: true);
        var interpreted = ReconciliationEngine.Evaluate(Rules, data, strict: false, compiled: false);

        compiled.Failures.Should().NotBeEmpty();
        compiled.Rules.Select(r => r.Status).Should().Equal(interpreted.Rules.Select(r => r.Status));
        compiled.Rules.SelectMany(r => r.Checks).Select(c => (c.Status, c.Where, c.Lhs, c.Rhs, c.Tolerance, c.Message, string.Join(";", c.Cells)))
            .Should().Equal(interpreted.Rules.SelectMany(r => r.Checks).Select(c => (c.Status, c.Where, c.Lhs, c.Rhs, c.Tolerance, c.Message, string.Join(";", c.Cells))));
    }
}
