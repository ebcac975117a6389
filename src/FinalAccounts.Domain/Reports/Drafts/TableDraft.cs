using System.Globalization;
using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Domain.Reports.Drafts;

/// <summary>One cell of a table: row key (行次, code or total key) and 栏次.</summary>
public readonly record struct CellKey(string Row, int Col)
{
    public override string ToString() => $"{Row} 栏{Col}";
}

/// <summary>A row as the entry grid prints it (a fixed row, a coded row, the coded total or a footer total).</summary>
public sealed record DraftRow(string Key, string Label, string? Code, int Indent, bool IsTotal, bool IsFiller, IReadOnlySet<int> NotApplicable);

/// <summary>What 按下级汇总 did: totals filled into blank cells, and totals holding another value that wait for a yes.</summary>
public sealed record TotalsOutcome(int Filled, IReadOnlyDictionary<CellKey, decimal> Pending);

/// <summary>
/// The officer's unsaved work on one table: the texts typed per cell (as typed, full-width digits included), coded rows
/// added, per-cell errors, totals waiting for confirmation, and the saved cells it started from (the base), so it knows
/// which cells differ from what is stored and can merge with someone else's save. Nothing here touches storage: the
/// page saves <see cref="Inputs"/> and starts a new draft from what was stored.
/// </summary>
public sealed class TableDraft
{
    private readonly Dictionary<CellKey, decimal> _base;
    private readonly Dictionary<CellKey, string> _texts = [];
    private readonly Dictionary<CellKey, string> _errors = [];
    private readonly HashSet<string> _added = [];
    private readonly Dictionary<string, string> _printedNames = new(StringComparer.Ordinal);
    private Dictionary<CellKey, decimal> _pendingTotals = [];
    private List<DraftRow?[]> _lines = [];

    /// <param name="printedNames">Names as printed of coded rows the catalogue lacks, as stored with the report (ADR 0019).</param>
    public TableDraft(TableTemplate table, ClassificationCatalog? catalog, IEnumerable<ReportCell> saved, int baseVersion, IReadOnlyDictionary<string, string>? printedNames = null)
    {
        Table = table;
        Catalog = catalog;
        foreach (var (code, name) in printedNames ?? new Dictionary<string, string>())
        {
            _printedNames[code] = name;
        }

        BaseVersion = baseVersion;
        _base = saved.Where(c => c.TableNo == table.TableNo).ToDictionary(c => new CellKey(c.RowKey, c.Column), c => c.Value);
        foreach (var (key, value) in _base)
        {
            _texts[key] = CellValueText.Format(value, table.KindOf(key.Row, key.Col));
        }

        BuildLines();
    }

    public TableTemplate Table { get; }

    public ClassificationCatalog? Catalog { get; }

    /// <summary>Names as printed of coded rows whose code the catalogue lacks (saved with the table; flagged by S-10).</summary>
    public IReadOnlyDictionary<string, string> PrintedNames => _printedNames;

    /// <summary>A coded row's name: the catalogue's, else the one entered as printed.</summary>
    public string? NameOf(string code) => Catalog?.NameOf(code) ?? _printedNames.GetValueOrDefault(code);

    /// <summary>The report version the base cells were read at (sent as the expected version when saving).</summary>
    public int BaseVersion { get; private set; }

    /// <summary>The printed lines: one row per panel side by side (null where a panel has no more rows), the footer last.</summary>
    public IReadOnlyList<DraftRow?[]> Lines => _lines;

    public IReadOnlyDictionary<CellKey, string> Texts => _texts;

    public IReadOnlyDictionary<CellKey, string> Errors => _errors;

    public IReadOnlyDictionary<CellKey, decimal> PendingTotals => _pendingTotals;

    /// <summary>Coded rows the officer added in this draft (and the 类/款 added to hold them): they can be removed again.</summary>
    public IReadOnlySet<string> AddedRows => _added;

    public string? TextOf(CellKey key) => _texts.GetValueOrDefault(key);

    public string? ErrorOf(CellKey key) => _errors.GetValueOrDefault(key);

    public decimal? BaseValueOf(CellKey key) => _base.TryGetValue(key, out var value) ? value : null;

    /// <summary>
    /// Cells whose content differs from the base: a value typed back to what was saved (also as <c>３，７１６．６５</c>)
    /// is not a change; text that is not a number always is.
    /// </summary>
    public IReadOnlyList<CellKey> DirtyCells =>
        _texts.Keys.Concat(_base.Keys).Distinct().Where(IsDirty).OrderBy(k => k.Row, StringComparer.Ordinal).ThenBy(k => k.Col).ToList();

    public int DirtyCount => DirtyCells.Count;

    public bool HasChanges => DirtyCount > 0;

    public bool IsDirty(CellKey key)
    {
        var hasText = _texts.TryGetValue(key, out var text);
        var hasBase = _base.TryGetValue(key, out var saved);
        if (!hasText)
        {
            return hasBase;
        }

        return !hasBase || Parse(key, text!) is not { } value || value != saved;
    }

    /// <summary>Types a text into a cell (blank clears it) and checks it as saving would.</summary>
    public void Set(CellKey key, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            _texts.Remove(key);
        }
        else
        {
            _texts[key] = text.Trim();
        }

        _pendingTotals.Remove(key);
        Validate(key);
    }

    /// <summary>The editable cells of one printed line, left to right (what arrows and paste walk through).</summary>
    public IReadOnlyList<CellKey> EditableCells(int line)
    {
        var cells = new List<CellKey>();
        if (line < 0 || line >= _lines.Count)
        {
            return cells;
        }

        var rows = _lines[line];
        for (var p = 0; p < rows.Length; p++)
        {
            if (rows[p] is { IsFiller: false } row)
            {
                cells.AddRange(Table.Panels[p].Columns.Where(c => !row.NotApplicable.Contains(c.No)).Select(c => new CellKey(row.Key, c.No)));
            }
        }

        return cells;
    }

    /// <summary>
    /// Pastes a block copied from a spreadsheet with its top-left at (<paramref name="line"/>, editable cell
    /// <paramref name="start"/>); what falls outside the table is dropped. Returns how many cells were written.
    /// </summary>
    public int Paste(int line, int start, IReadOnlyList<IReadOnlyList<string>> block)
    {
        var pasted = 0;
        for (var i = 0; i < block.Count && line + i < _lines.Count; i++)
        {
            var editable = EditableCells(line + i);
            for (var j = 0; j < block[i].Count && start + j < editable.Count; j++)
            {
                Set(editable[start + j], block[i][j]);
                pasted++;
            }
        }

        return pasted;
    }

    /// <summary>
    /// Adds a coded row (and its missing 类/款, so the hierarchy stays complete). A code the catalogue lacks needs its
    /// name as printed on the form: the row is then kept and flagged for an administrator's confirmation.
    /// </summary>
    public Result<IReadOnlyList<string>> AddCode(string? code, string? printedName = null)
    {
        code = code?.Trim() ?? "";
        printedName = printedName?.Trim() ?? "";
        if (Table.CodedPanel?.Coded is not { } coded)
        {
            return Result<IReadOnlyList<string>>.Failure(new DomainError("draft.not_coded", $"{Table.ShortName}没有科目行"));
        }

        if (code.Length == 0 || !code.All(char.IsAsciiDigit) || ClassificationCode.LevelOf(code, coded.LevelLengths) < 0)
        {
            return Result<IReadOnlyList<string>>.Failure(new DomainError("cell.bad_code", $"科目编码“{code}”格式不正确（应为 {string.Join("/", coded.LevelLengths)} 位数字）"));
        }

        if (Catalog is not null && !Catalog.Contains(code))
        {
            if (printedName.Length == 0 && !_printedNames.ContainsKey(code))
            {
                return Result<IReadOnlyList<string>>.Failure(new DomainError("cell.unknown_code",
                    $"科目编码 {code} 不在 {Catalog.Year} 年{CatalogImport.KindName(Catalog.Kind)}科目中；如报表确有此科目，请同时填写报表上印制的科目名称"));
            }

            if (printedName.Length > 200)
            {
                return Result<IReadOnlyList<string>>.Failure(new DomainError("names.too_long", $"科目 {code} 的名称超过 200 字"));
            }

            if (printedName.Length > 0)
            {
                _printedNames[code] = printedName;
            }
        }

        // Only rows not shown yet count as added by the officer (and can be removed again).
        var shown = CodedRowsUnder("");
        var added = new List<string>();
        for (var parent = code; parent is not null; parent = ClassificationCode.ParentOf(parent, coded.LevelLengths))
        {
            if (!shown.Contains(parent) && _added.Add(parent))
            {
                added.Add(parent);
            }
        }

        BuildLines();
        return Result<IReadOnlyList<string>>.Success(added);
    }

    /// <summary>The coded rows shown at or below a code (every coded row for ""), the total row excepted.</summary>
    public IReadOnlySet<string> CodedRowsUnder(string code) =>
        Table.CodedPanel is { Coded: { } coded } panel
            ? _lines.Select(l => l[panel.Index]?.Key).OfType<string>().Where(k => k != coded.TotalKey && k.StartsWith(code, StringComparison.Ordinal)).ToHashSet()
            : new HashSet<string>();

    /// <summary>
    /// Removes a coded row the officer added, with the rows under it and their values, and the 类/款 that were added only
    /// to hold it. Returns the removed rows (none if the row was not added in this draft).
    /// </summary>
    public IReadOnlyList<string> RemoveAddedRow(string code)
    {
        if (!_added.Contains(code) || Table.CodedPanel?.Coded is not { } coded)
        {
            return [];
        }

        var removed = CodedRowsUnder(code).ToHashSet();
        foreach (var key in _texts.Keys.Where(k => removed.Contains(k.Row)).ToList())
        {
            _texts.Remove(key);
            _errors.Remove(key);
            _pendingTotals.Remove(key);
        }

        _added.ExceptWith(removed);
        for (var parent = ClassificationCode.ParentOf(code, coded.LevelLengths); parent is not null; parent = ClassificationCode.ParentOf(parent, coded.LevelLengths))
        {
            var p = parent;
            var stillHolds = _texts.Keys.Any(k => k.Row.StartsWith(p, StringComparison.Ordinal)) || _added.Any(a => a != p && a.StartsWith(p, StringComparison.Ordinal));
            if (!_added.Contains(p) || stillHolds)
            {
                break;
            }

            _added.Remove(p);
            removed.Add(p);
        }

        BuildLines();
        return removed.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// 按下级汇总: fills every total of the table from its parts (<see cref="TableTotals"/>, from the template set's
    /// rules). Blank totals are filled; totals holding another value (or text that is no number) are never overwritten
    /// unasked: they wait in <see cref="PendingTotals"/> for <see cref="ConfirmTotals"/>.
    /// </summary>
    public TotalsOutcome FillTotals(ReconciliationRuleSet rules, TemplateSet set)
    {
        var entered = _texts.Keys.Select(k => (k, Value: Parsed(k))).Where(t => t.Value is not null).Select(t => (t.k.Row, t.k.Col, t.Value!.Value));
        var shownRows = Table.CodedPanel is { } panel ? _lines.Select(l => l[panel.Index]?.Key).OfType<string>().ToList() : [];
        var computed = TableTotals.Compute(rules, set, Table, Catalog, entered, shownRows).Totals
            .Where(t => t.Value is not null).ToDictionary(t => new CellKey(t.Key.Row, t.Key.Column), t => t.Value!.Value);

        var filled = 0;
        _pendingTotals = [];
        foreach (var (key, value) in computed.OrderBy(c => c.Key.Row, StringComparer.Ordinal).ThenBy(c => c.Key.Col))
        {
            if (!_texts.ContainsKey(key))
            {
                _texts[key] = CellValueText.Format(value, Table.KindOf(key.Row, key.Col));
                Validate(key);
                filled++;
            }
            else if (Parsed(key) != value)
            {
                _pendingTotals[key] = value;
            }
        }

        BuildLines(); // a 类/款 filled for the first time becomes a row
        return new TotalsOutcome(filled, _pendingTotals);
    }

    /// <summary>Overwrites the totals waiting for confirmation; returns how many.</summary>
    public int ConfirmTotals()
    {
        var count = _pendingTotals.Count;
        foreach (var (key, value) in _pendingTotals)
        {
            _texts[key] = CellValueText.Format(value, Table.KindOf(key.Row, key.Col));
            Validate(key);
        }

        _pendingTotals = [];
        return count;
    }

    public void CancelTotals() => _pendingTotals = [];

    /// <summary>The typed values that are valid numbers (for reconciling while typing).</summary>
    public IEnumerable<ReportCell> ValidCells() =>
        _texts.Keys.Where(k => !_errors.ContainsKey(k)).Select(k => (k, Value: Parsed(k))).Where(t => t.Value is not null)
            .Select(t => new ReportCell(Table.TableNo, t.k.Row, t.k.Col, t.Value!.Value));

    /// <summary>The whole table as it is to be saved.</summary>
    public IReadOnlyList<CellInput> Inputs() => _texts.Select(t => new CellInput(t.Key.Row, t.Key.Col, t.Value)).ToList();

    /// <summary>
    /// Puts errors returned by a save on their cells (targets like <c>公开03表[201,1]</c>); returns those that name no
    /// cell of this table.
    /// </summary>
    public IReadOnlyList<DomainError> ShowErrors(IEnumerable<DomainError> errors)
    {
        var other = new List<DomainError>();
        foreach (var error in errors)
        {
            if (ParseTarget(error.Target) is { } key)
            {
                _errors[key] = error.Message;
            }
            else
            {
                other.Add(error);
            }
        }

        return other;
    }

    /// <summary>
    /// The draft on a newer version of the report whose cells of this table are <paramref name="current"/>: when nobody
    /// changed this table (only other tables of the report), the same work simply moves onto the new version.
    /// Returns false (and changes nothing) when this table was changed meanwhile: then <see cref="Merge"/> is needed.
    /// </summary>
    public bool TryRebase(IEnumerable<ReportCell> current, int version)
    {
        var theirs = current.Where(c => c.TableNo == Table.TableNo).ToDictionary(c => new CellKey(c.RowKey, c.Column), c => c.Value);
        if (theirs.Count != _base.Count || theirs.Any(t => !_base.TryGetValue(t.Key, out var v) || v != t.Value))
        {
            return false;
        }

        BaseVersion = version;
        return true;
    }

    /// <summary>
    /// Three-way merge of this draft (mine) with what someone else saved meanwhile (theirs), both from the same base.
    /// Cells only I changed keep mine, cells only they changed take theirs, cells both changed to the same value agree;
    /// cells both changed to different values are <see cref="DraftMerge.Conflicts"/> for a person to decide.
    /// </summary>
    public DraftMerge Merge(IEnumerable<ReportCell> theirs, int theirVersion)
    {
        var their = theirs.Where(c => c.TableNo == Table.TableNo).ToDictionary(c => new CellKey(c.RowKey, c.Column), c => c.Value);
        var keys = _texts.Keys.Concat(_base.Keys).Concat(their.Keys).Distinct().OrderBy(k => k.Row, StringComparer.Ordinal).ThenBy(k => k.Col);
        var merged = new Dictionary<CellKey, string>();
        var conflicts = new List<MergeConflict>();
        foreach (var key in keys)
        {
            var baseValue = BaseValueOf(key);
            var theirValue = their.TryGetValue(key, out var t) ? t : (decimal?)null;
            var mine = _texts.GetValueOrDefault(key);
            var theirText = theirValue is { } tv ? CellValueText.Format(tv, Table.KindOf(key.Row, key.Col)) : null;
            var mineChanged = IsDirty(key);
            var theirsChanged = baseValue != theirValue;
            string? result;
            if (!theirsChanged)
            {
                result = mine;
            }
            else if (!mineChanged || SameValue(key, mine, theirValue))
            {
                result = theirText;
            }
            else
            {
                conflicts.Add(new MergeConflict(key, baseValue is { } b ? CellValueText.Format(b, Table.KindOf(key.Row, key.Col)) : null, mine, theirText));
                result = mine;
            }

            if (result is not null)
            {
                merged[key] = result;
            }
        }

        return new DraftMerge(this, their, theirVersion, merged, conflicts);
    }

    /// <summary>A new draft on <paramref name="theirs"/> (base) holding <paramref name="texts"/> and this draft's added rows.</summary>
    internal TableDraft Fork(IReadOnlyDictionary<CellKey, decimal> theirs, int version, IReadOnlyDictionary<CellKey, string> texts)
    {
        var draft = new TableDraft(Table, Catalog, theirs.Select(t => new ReportCell(Table.TableNo, t.Key.Row, t.Key.Col, t.Value)), version, _printedNames);
        draft._texts.Clear();
        foreach (var (key, text) in texts)
        {
            draft._texts[key] = text;
            draft.Validate(key);
        }

        draft._added.UnionWith(_added);
        foreach (var row in theirs.Keys.Select(k => k.Row))
        {
            draft._added.Remove(row); // saved by them now: no longer a row of this draft only
        }

        draft.BuildLines();
        return draft;
    }

    private bool SameValue(CellKey key, string? mine, decimal? theirs) =>
        mine is null ? theirs is null : theirs is { } t && Parse(key, mine) == t;

    private void Validate(CellKey key)
    {
        _errors.Remove(key);
        if (_texts.TryGetValue(key, out var text))
        {
            var result = TableCellsValidator.Validate(Table, Catalog, [new CellInput(key.Row, key.Col, text)], _printedNames);
            if (!result.IsSuccess)
            {
                _errors[key] = result.Errors[0].Message;
            }
        }
    }

    /// <summary>The value typed into a cell, or null when it is blank or not (yet) a valid number.</summary>
    private decimal? Parsed(CellKey key) => _texts.TryGetValue(key, out var text) ? Parse(key, text) : null;

    private decimal? Parse(CellKey key, string text) =>
        CellValueText.Parse(text, Table.KindOf(key.Row, key.Col), true, "") is { IsSuccess: true } parsed ? parsed.Value : null;

    private CellKey? ParseTarget(string? target)
    {
        var prefix = $"{Table.ShortName}[";
        if (target is null || !target.StartsWith(prefix, StringComparison.Ordinal) || !target.EndsWith(']'))
        {
            return null;
        }

        var inner = target[prefix.Length..^1];
        var comma = inner.LastIndexOf(',');
        return comma > 0 && int.TryParse(inner[(comma + 1)..], CultureInfo.InvariantCulture, out var col) ? new CellKey(inner[..comma], col) : null;
    }

    private void BuildLines()
    {
        var panels = Table.Panels.Select(RowsOf).ToList();
        var count = panels.Count == 0 ? 0 : panels.Max(p => p.Count);
        _lines = Enumerable.Range(0, count).Select(i => panels.Select(p => i < p.Count ? p[i] : null).ToArray()).ToList();
        if (Table.Footer.Count > 0)
        {
            var footer = new DraftRow?[Table.Panels.Count];
            foreach (var f in Table.Footer)
            {
                footer[f.ToPanel] = new DraftRow(f.Key, f.Label, null, 0, true, false, new HashSet<int>());
            }

            _lines.Add(footer);
        }
    }

    private List<DraftRow> RowsOf(TablePanel panel)
    {
        if (panel.Coded is not { } coded)
        {
            return panel.Rows.Select(r => new DraftRow(r.Key, r.Label, r.Code, r.Indent, r.IsTotal, r.IsFiller, r.NotApplicableColumns)).ToList();
        }

        // Rows with a saved or typed value, and rows added: a row whose values were all cleared stays until saved.
        var codes = _texts.Keys.Select(k => k.Row).Concat(_base.Keys.Select(k => k.Row)).Concat(_added)
            .Where(k => k != coded.TotalKey && Table.FindFixedRow(k) is null && Table.FindFooter(k) is null).Distinct().Order(StringComparer.Ordinal);
        var rows = codes.Select(code =>
        {
            var level = ClassificationCode.LevelOf(code, coded.LevelLengths);
            return new DraftRow(code, NameOf(code) ?? "（未知科目）", code, Math.Max(level, 0), level == 0, false, new HashSet<int>());
        }).ToList();
        rows.Insert(Table.Print.CodedTotal == TotalPosition.Last ? rows.Count : 0, new DraftRow(coded.TotalKey, coded.TotalLabel, null, 0, true, false, new HashSet<int>()));
        return rows;
    }
}

/// <summary>A cell both sides changed to different values: the officer chooses.</summary>
public sealed record MergeConflict(CellKey Cell, string? Base, string? Mine, string? Theirs);

public enum MergeChoice
{
    Mine,
    Theirs,
}

/// <summary>The result of <see cref="TableDraft.Merge"/>: resolved cells plus the conflicts that need a choice.</summary>
public sealed class DraftMerge
{
    private readonly TableDraft _mine;
    private readonly IReadOnlyDictionary<CellKey, decimal> _theirs;
    private readonly IReadOnlyDictionary<CellKey, string> _merged;

    internal DraftMerge(TableDraft mine, IReadOnlyDictionary<CellKey, decimal> theirs, int theirVersion, IReadOnlyDictionary<CellKey, string> merged, IReadOnlyList<MergeConflict> conflicts)
    {
        _mine = mine;
        _theirs = theirs;
        _merged = merged;
        TheirVersion = theirVersion;
        Conflicts = conflicts;
    }

    public int TheirVersion { get; }

    public IReadOnlyList<MergeConflict> Conflicts { get; }

    /// <summary>
    /// A new, unsaved draft on their version: the merged cells, each conflict as chosen (mine where no choice is given).
    /// </summary>
    public TableDraft Resolve(IReadOnlyDictionary<CellKey, MergeChoice>? choices = null)
    {
        var texts = _merged.ToDictionary(m => m.Key, m => m.Value);
        foreach (var conflict in Conflicts)
        {
            var text = choices?.GetValueOrDefault(conflict.Cell) == MergeChoice.Theirs ? conflict.Theirs : conflict.Mine;
            if (text is null)
            {
                texts.Remove(conflict.Cell);
            }
            else
            {
                texts[conflict.Cell] = text;
            }
        }

        return _mine.Fork(_theirs, TheirVersion, texts);
    }
}
