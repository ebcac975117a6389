using FinalAccounts.Domain.Narrative;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Tests.Shared;

namespace FinalAccounts.Domain.Tests.Narrative;

/// <summary>
/// Seed 001 (南昌市东湖区政务服务数据管理局 2022) ready to reconcile: its 情况说明 as printed — sections cut at the printed
/// headings, normalised as the API stores them, PDF line breaks kept — and its reconstructed tables.
/// </summary>
internal static class Seed001Narrative
{
    public static IReadOnlyList<string> Sections() => Seed001Report.Sections().Select(s => s.Text).ToList();

    /// <summary>The printed sections with the first occurrence of a text in one section (1-based) replaced.</summary>
    public static List<string> SectionsWith(int section, string from, string to)
    {
        var sections = Sections().ToList();
        var at = sections[section - 1].IndexOf(from, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new ArgumentException($"“{from}” is not in section {section}");
        }

        sections[section - 1] = sections[section - 1][..at] + to + sections[section - 1][(at + from.Length)..];
        return sections;
    }

    public static List<ReportCell> Cells(IEnumerable<Seed001Cell>? cells = null) =>
        (cells ?? Seed001Report.Cells()).GroupBy(c => c.Table).SelectMany(t =>
        {
            var template = ShippedData.Jiangxi2023.FindTable(t.Key)!;
            var inputs = t.Select(c => new CellInput(c.Row, c.Col, c.Value)).ToList();
            return TableCellsValidator.Validate(template, ShippedData.Catalogs.ForTable(ShippedData.Jiangxi2023, template), inputs).Value;
        }).ToList();

    public static ReportFacts Facts
    {
        get
        {
            var staff = Seed001Report.Staff;
            return new(Seed001Report.DepartmentName, [], Seed001Report.DepartmentName, Seed001Report.FiscalYear, new StaffCounts(staff.Active, staff.Retired, staff.Other, staff.RetiredPaidByPensionFund));
        }
    }

    public static ReconciliationResult Reconcile(IEnumerable<Seed001Cell>? cells = null, IReadOnlyList<string>? sections = null, IReadOnlyDictionary<string, decimal>? inputs = null, bool strict = false) =>
        ReconciliationEngine.Evaluate(DemoNarrative.Rules, new ReconciliationData(ShippedData.Jiangxi2023, ShippedData.Catalogs, Cells(cells), Facts)
        {
            Narrative = new NarrativeDocument(DemoNarrative.Template, sections ?? Sections(), inputs ?? Seed001Report.Inputs),
        }, strict);
}
