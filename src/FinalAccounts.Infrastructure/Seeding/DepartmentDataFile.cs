namespace FinalAccounts.Infrastructure.Seeding;

// The shape of data files that carry whole departments with their reports (the demo data, later bulk imports).
// Table cells use the same {row, col, value} shape as the JSON API.

public sealed record DepartmentData(DepartmentInfo Department, List<ReportData> Reports);

public sealed record DepartmentInfo(string Code, string Name, List<string>? Aliases, string Region, string Level);

public sealed record ReportData(
    int FiscalYear,
    string TemplateSet,
    string Status,
    int Revision,
    OverviewData? Overview,
    List<TableData> Tables,
    List<NarrativeData>? Narrative,
    List<GlossaryData>? Glossary)
{
    /// <summary>
    /// The 绩效 document (PerformanceDocumentReader's JSON); the demo keeps it in its own file (demo/performance.json)
    /// and the seeder attaches it by department code and year.
    /// </summary>
    public System.Text.Json.JsonElement? Performance { get; init; }
}

public sealed record OverviewData(string? NameInHeaders, string? Duties, List<UnitData>? Units, StaffData? Staff);

public sealed record UnitData(string Seq, string Name, string BudgetLevel);

public sealed record StaffData(int? Active, int? Retired, int? Other, int? RetiredPaidByPensionFund);

public sealed record TableData(string TableNo, List<CellData> Cells);

public sealed record CellData(string Row, int Col, string? Value);

public sealed record NarrativeData(int Order, string Heading, string Text);

public sealed record GlossaryData(int Order, string Term, string Definition);
