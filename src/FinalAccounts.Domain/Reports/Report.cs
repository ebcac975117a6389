using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Reconciliation;

namespace FinalAccounts.Domain.Reports;

/// <summary>
/// One department's 部门决算 for one fiscal year, in one revision: its 概况, the cells of its tables (laid out by the
/// template set it names), and later its 情况说明, 名词解释 and performance material.
/// </summary>
public sealed class Report : IVersioned
{
    private readonly List<ReportCell> _cells = [];
    private readonly List<BudgetUnit> _units = [];
    private readonly List<NarrativeSection> _narrative = [];
    private readonly List<GlossaryTerm> _glossary = [];
    private readonly List<NarrativeInputValue> _narrativeInputs = [];
    private readonly List<ReportTableNote> _tableNotes = [];
    private readonly List<ReportExplanation> _explanations = [];
    private readonly List<ReviewComment> _comments = [];
    private readonly List<PrintedCodeName> _printedNames = [];

    private Report()
    {
        TemplateSetId = NameInHeaders = Duties = "";
        Staff = StaffCounts.Unknown;
    }

    public Report(Department department, int fiscalYear, string templateSetId, int revision, DateTimeOffset createdAt)
    {
        if (!FiscalYears.IsValid(fiscalYear))
        {
            throw new ArgumentOutOfRangeException(nameof(fiscalYear), fiscalYear, "年度应在 2000–2100 之间");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(revision, 1);
        Id = Guid.CreateVersion7();
        DepartmentId = department.Id;
        FiscalYear = fiscalYear;
        TemplateSetId = templateSetId;
        Revision = revision;
        Status = ReportStatus.Draft;
        NameInHeaders = department.Name;
        Duties = department.Duties;
        Staff = StaffCounts.Unknown;
        _units.AddRange(department.Units.Select(u => new BudgetUnit(u.Seq, u.Name, u.BudgetLevel)));
        CreatedAt = UpdatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid DepartmentId { get; private set; }
    public int FiscalYear { get; private set; }

    /// <summary>1 for the first publication; a correction of a published report is revision N+1.</summary>
    public int Revision { get; private set; }

    /// <summary>Id of the template set the tables are laid out by, e.g. <c>jiangxi-2023</c>.</summary>
    public string TemplateSetId { get; private set; }

    public ReportStatus Status { get; private set; }

    /// <summary>The department name as printed in the table headers (部门：…), which may be an alias.</summary>
    public string NameInHeaders { get; private set; }

    /// <summary>概况 一、部门主要职责.</summary>
    public string Duties { get; private set; }

    /// <summary>概况 二、机构设置: the units covered by this year's 决算.</summary>
    public IReadOnlyList<BudgetUnit> Units => _units;

    /// <summary>概况 二、人员情况.</summary>
    public StaffCounts Staff { get; private set; }

    public IReadOnlyList<NarrativeSection> Narrative => _narrative;
    public IReadOnlyList<GlossaryTerm> Glossary => _glossary;

    /// <summary>The 情况说明's named inputs that are not in the tables (年初预算.201, 机关运行经费, 上年.收入总计 …).</summary>
    public IReadOnlyList<NarrativeInputValue> NarrativeInputs => _narrativeInputs;

    /// <summary>The department's own notes under its tables (“本年度没有…，故本表无数据”), replacing the template's.</summary>
    public IReadOnlyList<ReportTableNote> TableNotes => _tableNotes;

    /// <summary>The department's note under a table, or null when it keeps the template's.</summary>
    public string? TableNoteOf(string tableNo) => _tableNotes.FirstOrDefault(n => n.TableNo == tableNo)?.Text;

    /// <summary>Sets (or, with blank text, removes) the note under a table; returns whether it changed.</summary>
    public bool SetTableNote(string tableNo, string? text)
    {
        EnsureEditable();
        var value = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (TableNoteOf(tableNo) == value)
        {
            return false;
        }

        _tableNotes.RemoveAll(n => n.TableNo == tableNo);
        if (value is not null)
        {
            _tableNotes.Add(new ReportTableNote(tableNo, value));
        }

        return true;
    }

    /// <summary>The 绩效 tables and evaluations (stored as the JSON of <c>PerformanceDocumentWriter</c>), or null when none were entered.</summary>
    public ReportPerformance? Performance { get; private set; }

    /// <summary>更正说明: why this revision corrects the previous one (null for the first publication).</summary>
    public string? RevisionNote { get; private set; }
    public IReadOnlyList<ReportCell> Cells => _cells;

    /// <summary>出错说明: the officer's explanation for each failing warning-level rule, given at submission.</summary>
    public IReadOnlyList<ReportExplanation> Explanations => _explanations;

    /// <summary>The reviewer's comments when returning the report, optionally anchored to a cell.</summary>
    public IReadOnlyList<ReviewComment> Comments => _comments;

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }

    public int Version { get; private set; }

    public void IncrementVersion() => Version++;

    public bool IsEditable => Status is ReportStatus.Draft or ReportStatus.Returned;

    public void SetOverview(string nameInHeaders, string duties, IEnumerable<BudgetUnit> units, StaffCounts staff)
    {
        EnsureEditable();
        NameInHeaders = nameInHeaders;
        Duties = duties;
        _units.Clear();
        _units.AddRange(units);
        Staff = staff with { }; // a copy: owned values must not be shared between reports
    }

    /// <summary>Records when the draft was last changed (概况 edits; table saves do this themselves).</summary>
    public void Touch(DateTimeOffset at) => UpdatedAt = at;

    public void SetNarrative(IEnumerable<NarrativeSection> sections)
    {
        EnsureEditable();
        _narrative.Clear();
        _narrative.AddRange(sections.OrderBy(s => s.Order));
    }

    public void SetNarrativeInputs(IEnumerable<NarrativeInputValue> inputs)
    {
        EnsureEditable();
        _narrativeInputs.Clear();
        _narrativeInputs.AddRange(inputs.OrderBy(i => i.Key, StringComparer.Ordinal));
    }

    /// <summary>The 情况说明 inputs as the N rules read them.</summary>
    public IReadOnlyDictionary<string, decimal> NarrativeInputMap() => _narrativeInputs.ToDictionary(i => i.Key, i => i.Value, StringComparer.Ordinal);

    /// <summary>Replaces the 绩效 document (its canonical JSON); null removes it.</summary>
    public void SetPerformance(string? document)
    {
        EnsureEditable();
        Performance = document is null ? null : new ReportPerformance(document);
    }

    public void SetRevisionNote(string? note)
    {
        EnsureEditable();
        RevisionNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
    }

    public void SetGlossary(IEnumerable<GlossaryTerm> terms)
    {
        EnsureEditable();
        _glossary.Clear();
        _glossary.AddRange(terms.OrderBy(t => t.Order));
    }

    /// <summary>
    /// Replaces all cells of one table with already validated values (see <see cref="TableCellsValidator"/>) and
    /// returns what changed, cell by cell (null = blank), for the audit log.
    /// </summary>
    public IReadOnlyList<CellChange> ReplaceTable(string tableNo, IReadOnlyCollection<ReportCell> cells, DateTimeOffset at)
    {
        EnsureEditable();
        if (cells.Any(c => c.TableNo != tableNo))
        {
            throw new ArgumentException("所有单元格必须属于同一张表", nameof(cells));
        }

        var changes = CellChanges.Between(_cells.Where(c => c.TableNo == tableNo), cells);
        _cells.RemoveAll(c => c.TableNo == tableNo);
        _cells.AddRange(cells);
        UpdatedAt = at;
        return changes;
    }

    public IEnumerable<ReportCell> CellsOf(string tableNo) => _cells.Where(c => c.TableNo == tableNo);

    /// <summary>Names as printed of coded rows the catalogue did not have when they were entered (all tables).</summary>
    public IReadOnlyList<PrintedCodeName> PrintedNames => _printedNames;

    /// <summary>One table's printed names by code.</summary>
    public IReadOnlyDictionary<string, string> PrintedNamesOf(string tableNo) =>
        _printedNames.Where(n => n.TableNo == tableNo).ToDictionary(n => n.Code, n => n.Name, StringComparer.Ordinal);

    /// <summary>Replaces one table's printed names (only those of codes the table still has are kept); false if nothing changed.</summary>
    public bool SetPrintedNames(string tableNo, IReadOnlyDictionary<string, string> names, DateTimeOffset at)
    {
        EnsureEditable();
        var rows = _cells.Where(c => c.TableNo == tableNo).Select(c => c.RowKey).ToHashSet(StringComparer.Ordinal);
        var kept = names.Where(n => rows.Contains(n.Key)).OrderBy(n => n.Key, StringComparer.Ordinal).ToList();
        var current = PrintedNamesOf(tableNo);
        if (current.Count == kept.Count && kept.All(n => current.GetValueOrDefault(n.Key) == n.Value))
        {
            return false; // unchanged: no write
        }

        _printedNames.RemoveAll(n => n.TableNo == tableNo);
        _printedNames.AddRange(kept.Select(n => new PrintedCodeName(tableNo, n.Key, n.Value)));
        UpdatedAt = at;
        return true;
    }

    /// <summary>Stores a report that was already published elsewhere (demo data, imports of past years).</summary>
    public void PublishImported(DateTimeOffset at)
    {
        Status = ReportStatus.Published;
        PublishedAt = at;
        UpdatedAt = at;
    }

    /// <summary>
    /// Draft/Returned → Submitted. Refused while an error-level rule fails; every failing warning-level rule needs a
    /// written explanation (出错说明).
    /// </summary>
    public Result<ReportStatus> Submit(ReconciliationResult reconciliation, IReadOnlyDictionary<string, string> explanations, DateTimeOffset at)
    {
        if (!IsEditable)
        {
            return Transition("报送");
        }

        var errors = reconciliation.Rules.Where(r => r.Rule.Severity == RuleSeverity.Error && r.Status == CheckStatus.Fail).ToList();
        if (errors.Count > 0)
        {
            return Result<ReportStatus>.Failure(new DomainError("workflow.blocked_by_errors",
                $"存在 {errors.Count} 条错误级审核问题，不能报送：{string.Join("、", errors.Select(e => $"{e.Rule.Id} {e.Rule.Label}"))}"));
        }

        var unexplained = reconciliation.Rules
            .Where(r => r.Rule.Severity == RuleSeverity.Warning && r.Status == CheckStatus.Fail)
            .Where(r => string.IsNullOrWhiteSpace(explanations.GetValueOrDefault(r.Rule.Id)))
            .ToList();
        if (unexplained.Count > 0)
        {
            return Result<ReportStatus>.Failure(new DomainError("workflow.missing_explanation",
                $"以下警告级审核问题需要填写出错说明：{string.Join("、", unexplained.Select(e => $"{e.Rule.Id} {e.Rule.Label}"))}"));
        }

        var unreadable = reconciliation.Rules
            .Where(r => r.Rule.Severity == RuleSeverity.Warning && r.Status == CheckStatus.Fail)
            .Select(r => TextRules.Check(explanations[r.Rule.Id], $"{r.Rule.Id} 的出错说明", $"说明.{r.Rule.Id}", multiline: true))
            .OfType<DomainError>()
            .ToList();
        if (unreadable.Count > 0)
        {
            return Result<ReportStatus>.Failure(unreadable);
        }

        _explanations.Clear();
        _explanations.AddRange(reconciliation.Rules
            .Where(r => r.Rule.Severity == RuleSeverity.Warning && r.Status == CheckStatus.Fail)
            .Select(r => new ReportExplanation(r.Rule.Id, explanations[r.Rule.Id].Trim())));
        return Move(ReportStatus.Submitted, at);
    }

    /// <summary>Submitted → Returned, with the reviewer's comments.</summary>
    public Result<ReportStatus> Return(string reviewer, IReadOnlyList<ReviewComment> comments, DateTimeOffset at)
    {
        if (Status != ReportStatus.Submitted)
        {
            return Transition("退回");
        }

        if (comments.Count == 0 || comments.Any(c => string.IsNullOrWhiteSpace(c.Text)))
        {
            return Result<ReportStatus>.Failure(new DomainError("workflow.comment_required", "退回时必须填写审核意见"));
        }

        var unreadable = comments.Select((c, i) => TextRules.Check(c.Text, "审核意见", $"审核意见[{i + 1}]", multiline: true)).OfType<DomainError>().ToList();
        if (unreadable.Count > 0)
        {
            return Result<ReportStatus>.Failure(unreadable);
        }

        var next = _comments.Count == 0 ? 1 : _comments.Max(c => c.Order) + 1;
        _comments.AddRange(comments.Select((c, i) => new ReviewComment(next + i, at, reviewer, c.Text.Trim(), c.TableNo, c.RowKey, c.Column)));
        return Move(ReportStatus.Returned, at);
    }

    /// <summary>Submitted → Approved.</summary>
    public Result<ReportStatus> Approve(DateTimeOffset at) =>
        Status == ReportStatus.Submitted ? Move(ReportStatus.Approved, at) : Transition("审核通过");

    /// <summary>Approved → Published. Published revisions are immutable; a correction starts a new revision.</summary>
    public Result<ReportStatus> Publish(DateTimeOffset at)
    {
        if (Status != ReportStatus.Approved)
        {
            return Transition("公开");
        }

        PublishedAt = at;
        return Move(ReportStatus.Published, at);
    }

    /// <summary>Revision N+1 of a published report, as a Draft carrying all its content.</summary>
    public Report StartRevision(Department department, DateTimeOffset at)
    {
        if (Status != ReportStatus.Published)
        {
            throw new InvalidOperationException("只有已公开的决算才能开始新的修订版");
        }

        var next = new Report(department, FiscalYear, TemplateSetId, Revision + 1, at);
        next.SetOverview(NameInHeaders, Duties, _units.Select(u => new BudgetUnit(u.Seq, u.Name, u.BudgetLevel)), Staff);
        next.SetNarrative(_narrative.Select(n => new NarrativeSection(n.Order, n.Heading, n.Text)));
        next.SetGlossary(_glossary.Select(g => new GlossaryTerm(g.Order, g.Term, g.Definition)));
        next.SetNarrativeInputs(_narrativeInputs.Select(i => new NarrativeInputValue(i.Key, i.Value)));
        next.SetPerformance(Performance?.Document);
        foreach (var note in _tableNotes)
        {
            next.SetTableNote(note.TableNo, note.Text);
        }

        foreach (var table in _cells.GroupBy(c => c.TableNo))
        {
            next.ReplaceTable(table.Key, table.Select(c => new ReportCell(c.TableNo, c.RowKey, c.Column, c.Value)).ToList(), at);
        }

        foreach (var names in _printedNames.GroupBy(n => n.TableNo))
        {
            next.SetPrintedNames(names.Key, names.ToDictionary(n => n.Code, n => n.Name, StringComparer.Ordinal), at);
        }

        return next;
    }

    private Result<ReportStatus> Move(ReportStatus to, DateTimeOffset at)
    {
        Status = to;
        UpdatedAt = at;
        return Result<ReportStatus>.Success(to);
    }

    private Result<ReportStatus> Transition(string action) =>
        Result<ReportStatus>.Failure(new DomainError("workflow.invalid_transition", $"{Status.ToChinese()}的决算不能{action}"));

    private void EnsureEditable()
    {
        if (!IsEditable)
        {
            throw new InvalidOperationException($"{Status.ToChinese()}的决算不能修改");
        }
    }
}

public static class FiscalYears
{
    public static bool IsValid(int year) => year is >= 2000 and <= 2100;
}
