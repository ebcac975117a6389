using System.Text.Json;
using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Performance;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Reconciliation;
using FinalAccounts.Infrastructure.Seeding;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Infrastructure.Tests.Demo;

/// <summary>The synthetic demo region (issue 14 item 8): generated from the real report, every rule holding, marked.</summary>
public class SyntheticRegionTests
{
    private static readonly Templates.ReferenceData Reference = Reconciliation.DemoReport.Reference;
    private static readonly DateTimeOffset At = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<SyntheticRegion.Generated> Generated = SyntheticRegion.Generate(Reference, At);

    // Evaluate never touches the database.
    private static readonly ReconciliationService Service = new(null!, Reference, TimeProvider.System);

    [Fact]
    public void Every_generated_report_reconciles_without_an_error_and_with_no_failure_the_real_report_does_not_have()
    {
        var real = RealReport();
        var realResult = Service.Evaluate(real.Report, real.Department)!.Value.Result;
        var realFailures = realResult.Rules.Where(r => r.Status == CheckStatus.Fail).Select(r => r.Rule.Id).ToHashSet();
        realResult.Rules.Where(r => r.Rule.Group == "N" && r.Status == CheckStatus.Pass).Should().NotBeEmpty("the N rules read the 情况说明");

        var reports = Generated.SelectMany(g => g.Reports.Select(r => (g.Department, r.Report))).ToList();
        reports.Should().HaveCount(15);
        foreach (var (department, report) in reports)
        {
            var result = Service.Evaluate(report, department)!.Value.Result;
            var failing = result.Rules.Where(r => r.Status == CheckStatus.Fail).ToList();
            failing.Where(r => r.Rule.Severity == RuleSeverity.Error).Select(r => $"{r.Rule.Id} {r.Checks.FirstOrDefault(c => c.Status == CheckStatus.Fail)?.Message}")
                .Should().BeEmpty($"{department.Code} {report.FiscalYear} must reconcile");
            failing.Select(r => r.Rule.Id).Should().BeSubsetOf(realFailures, $"{department.Code} {report.FiscalYear} has no warning the real report does not have");
            result.Rules.Count(r => r.Rule.Group == "N" && r.Status == CheckStatus.Pass).Should().BeGreaterThan(10, "the 情况说明's figures are checked, not skipped");
        }
    }

    [Fact]
    public void Figures_differ_from_the_real_report_and_between_departments_but_not_between_runs()
    {
        var source = SyntheticRegion.SourceCells(Reference, DemoDataSeeder.ReadPublishedDemo().Reports[0]).ToDictionary(c => (c.TableNo, c.RowKey, c.Column), c => c.Value);
        var fingerprints = new HashSet<string>();
        foreach (var report in Generated.SelectMany(g => g.Reports).Select(r => r.Report))
        {
            report.Cells.Count(c => source.GetValueOrDefault((c.TableNo, c.RowKey, c.Column)) != c.Value).Should().BeGreaterThan(5);
            fingerprints.Add(string.Join(";", report.Cells.OrderBy(c => c.TableNo).ThenBy(c => c.RowKey).ThenBy(c => c.Column).Select(c => c.Value)));
        }

        fingerprints.Should().HaveCount(15, "every department-year has its own figures");
        var again = SyntheticRegion.Generate(Reference, At);
        again.SelectMany(g => g.Reports).Select(r => r.Report.Cells.Sum(c => c.Value * c.Column))
            .Should().Equal(Generated.SelectMany(g => g.Reports).Select(r => r.Report.Cells.Sum(c => c.Value * c.Column)), "generation is deterministic");
    }

    [Fact]
    public void Every_department_is_marked_synthetic_in_the_demo_region_and_its_texts_name_its_own_place_and_year()
    {
        Generated.Should().HaveCount(8);
        Generated.Should().OnlyContain(g => g.Department.Synthetic && SyntheticRegion.Regions.Contains(g.Department.Region));
        Generated.Select(g => g.Department.Region).Distinct().Should().BeEquivalentTo(SyntheticRegion.Regions);
        foreach (var (department, reports) in Generated)
        {
            foreach (var (report, _) in reports)
            {
                var text = string.Join("\n", report.Narrative.Select(n => n.Text)) + report.Duties + string.Join("", report.Units.Select(u => u.Name));
                report.Performance.Should().BeNull("the real 绩效 tables fail P rules at error level");
                text.Should().NotContain("景德镇");
                report.Narrative.First().Text.Should().StartWith($"本部门{report.FiscalYear}年度");
                report.NameInHeaders.Should().Be(department.Name);
            }
        }

        var in2023 = Generated.Select(g => g.Reports.Where(r => r.Report.FiscalYear == 2023).Select(r => (ReportStatus?)r.Status).SingleOrDefault()).ToList();
        in2023.Count(s => s is null).Should().Be(1, "one department has not started 2023");
        in2023.Count(s => s == ReportStatus.Submitted).Should().Be(1);
        in2023.Count(s => s == ReportStatus.Published).Should().Be(6);
    }

    [Fact]
    public void A_year_inside_an_amount_is_left_alone()
    {
        var department = new Department("x", "演示省测试局", "演示省", "省级");
        SyntheticRegion.Localise("本部门2023年度支出12023.50万元，2022年景德镇市项目", department, 2022)
            .Should().Be("本部门2022年度支出12023.50万元，2021年演示省项目");
    }

    private static (Department Department, Report Report) RealReport()
    {
        var data = DemoDataSeeder.ReadPublishedDemo();
        var source = data.Reports[0];
        var department = new Department(data.Department.Code, data.Department.Name, data.Department.Region, data.Department.Level);
        foreach (var alias in data.Department.Aliases ?? [])
        {
            department.AddAlias(alias);
        }

        var report = new Report(department, source.FiscalYear, source.TemplateSet, 1, At);
        var staff = source.Overview!.Staff!;
        report.SetOverview(source.Overview.NameInHeaders!, source.Overview.Duties!, source.Overview.Units!.Select(u => new BudgetUnit(u.Seq, u.Name, u.BudgetLevel)),
            new StaffCounts(staff.Active, staff.Retired, staff.Other, staff.RetiredPaidByPensionFund));
        report.SetNarrative(source.Narrative!.Select(n => new NarrativeSection(n.Order, n.Heading, n.Text)));
        report.SetGlossary(source.Glossary!.Select(g => new GlossaryTerm(g.Order, g.Term, g.Definition)));
        report.SetPerformance(PerformanceDocumentWriter.Write(PerformanceDocumentReader.Read(source.Performance!.Value, "demo").Value));
        foreach (var table in SyntheticRegion.SourceCells(Reference, source).GroupBy(c => c.TableNo))
        {
            report.ReplaceTable(table.Key, table.ToList(), At);
        }

        return (department, report);
    }
}
