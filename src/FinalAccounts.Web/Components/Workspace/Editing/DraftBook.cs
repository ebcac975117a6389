using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Reports.Drafts;

namespace FinalAccounts.Web.Components.Workspace.Editing;

/// <summary>Which report revision a draft belongs to: department, year and the revision's id.</summary>
public readonly record struct DraftReport(string Code, int Year, Guid ReportId);

/// <summary>A reviewer's comment on one cell, collected on the page and sent with 退回修改.</summary>
public sealed record CellComment(string TableNo, CellKey Cell, string Text);

/// <summary>
/// The unsaved work of one browser tab (a Blazor circuit: registered scoped), so that switching between the tables of
/// a report keeps what was typed. Drafts are per revision and table; each remembers the report version it was read
/// at, and the page moves it onto a newer version (or merges) when another table was saved meanwhile.
/// Lost with the circuit (a closed tab, a server restart): the page asks before leaving while anything is unsaved.
/// </summary>
public sealed class DraftBook
{
    private readonly Dictionary<(DraftReport Report, string TableNo), TableDraft> _drafts = [];
    private readonly Dictionary<DraftReport, List<CellComment>> _comments = [];

    public TableDraft? Find(DraftReport report, string tableNo) => _drafts.GetValueOrDefault((report, tableNo));

    public void Keep(DraftReport report, string tableNo, TableDraft draft) => _drafts[(report, tableNo)] = draft;

    public void Forget(DraftReport report, string tableNo) => _drafts.Remove((report, tableNo));

    /// <summary>Unsaved cells per table of a report (tables without changes left out).</summary>
    public IReadOnlyDictionary<string, int> Unsaved(DraftReport report) =>
        _drafts.Where(d => d.Key.Report == report && d.Value.HasChanges).ToDictionary(d => d.Key.TableNo, d => d.Value.DirtyCount);

    public int UnsavedCount(DraftReport report) => Unsaved(report).Values.Sum();

    /// <summary>放弃修改并离开: every draft of the report goes.</summary>
    public void DiscardAll(DraftReport report)
    {
        foreach (var key in _drafts.Keys.Where(k => k.Report == report).ToList())
        {
            _drafts.Remove(key);
        }
    }

    /// <summary>The reviewer's cell comments not yet sent (kept across the tables of the report).</summary>
    public List<CellComment> CommentsOf(DraftReport report) =>
        _comments.TryGetValue(report, out var list) ? list : _comments[report] = [];
}
