using FinalAccounts.Domain.Reports.Drafts;

namespace FinalAccounts.Web.Components.Workspace.Editing;

/// <summary>A text typed into one cell of the entry grid (null or blank clears it).</summary>
public sealed record CellEdit(CellKey Cell, string? Text);

/// <summary>A block pasted into the entry grid at (line, editable cell).</summary>
public sealed record PastedBlock(int Line, int Start, string[][] Rows);
