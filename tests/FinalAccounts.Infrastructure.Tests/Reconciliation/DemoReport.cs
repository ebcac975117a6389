using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Seeding;
using FinalAccounts.Infrastructure.Templates;

namespace FinalAccounts.Infrastructure.Tests.Reconciliation;

/// <summary>The published 2023 report of the demo department, as cells, ready to reconcile and to mutate.</summary>
internal static class DemoReport
{
    public static readonly ReferenceData Reference = ReferenceDataLoader.Load(null);
    private static readonly DepartmentData Department = DemoDataSeeder.ReadPublishedDemo();

    public static ReconciliationRuleSet Rules => Reference.Rules.Find("jiangxi-2023")!;

    public static Domain.Templates.TemplateSet Set => Reference.Templates.Find("jiangxi-2023")!;

    public static List<ReportCell> Cells() =>
        Department.Reports[0].Tables.SelectMany(t =>
        {
            var table = Set.FindTable(t.TableNo)!;
            return TableCellsValidator.Validate(table, Reference.Catalogs.ForTable(Set, table), t.Cells.Select(c => new CellInput(c.Row, c.Col, c.Value))).Value;
        }).ToList();

    public static ReportFacts Facts(StaffCounts? staff = null, string? nameInHeaders = null) => new(
        Department.Department.Name,
        Department.Department.Aliases ?? [],
        nameInHeaders ?? Department.Reports[0].Overview!.NameInHeaders!,
        2023,
        staff ?? new StaffCounts(60, 0, 0, 8));

    public static ReconciliationData Data(IEnumerable<ReportCell>? cells = null, ReportFacts? facts = null) =>
        new(Set, Reference.Catalogs, cells ?? Cells(), facts ?? Facts());

    public static ReconciliationResult Reconcile(IEnumerable<ReportCell>? cells = null, ReportFacts? facts = null, bool strict = false) =>
        ReconciliationEngine.Evaluate(Rules, Data(cells, facts), strict);

    /// <summary>The demo cells with one cell set to a value (null = made blank).</summary>
    public static List<ReportCell> With(string table, string row, int column, decimal? value)
    {
        var cells = Cells().Where(c => !(c.TableNo == table && c.RowKey == row && c.Column == column)).ToList();
        if (value is not null)
        {
            cells.Add(new ReportCell(table, row, column, value.Value));
        }

        return cells;
    }
}
