using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Reports;

namespace FinalAccounts.Application.Reports;

/// <summary>A report with its department: what most use cases load, and what most of them return.</summary>
public sealed record ReportView(Report Report, Department Department);

/// <summary>A table of a report as read or written: its cells and the report's version (for If-Match).</summary>
public sealed record TableState(Report Report, Department Department, string TableNo, IReadOnlyList<ReportCell> Cells);

/// <summary>A stale save: the cells as they are now, and where they differ from what the caller sent (Old = yours, New = theirs).</summary>
public sealed record SaveConflict(int CurrentVersion, IReadOnlyList<ReportCell> Current, IReadOnlyList<CellChange> Differences);

/// <summary>
/// What a table save did: the table as it is now and the cells that changed — or, if someone saved since the caller
/// loaded, nothing written and the <see cref="Conflict"/> to show (a result, not an error: the UI shows the differences).
/// </summary>
public sealed record TableSaved(TableState State, IReadOnlyList<CellChange> Changes, SaveConflict? Conflict);

/// <summary>An import: the changes it makes (or would make, in a preview) against the draft.</summary>
public sealed record ImportOutcome(Report Report, IReadOnlyList<CellChange> Changes, bool Applied)
{
    /// <summary>Whether the workbook's 绩效 sheets differ from the report's 绩效 (replaced as a whole when applied).</summary>
    public bool PerformanceChanged { get; init; }
}

/// <summary>A workflow step taken: the report after it and the status it left.</summary>
public sealed record StatusChanged(Report Report, Department Department, ReportStatus From);

/// <summary>A draft deleted: which revision it was and how many cells went with it.</summary>
public sealed record DraftDeleted(int Revision, ReportStatus Status, int Cells);
