using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Domain.Reports;

/// <summary>How one cell differs between the two years.</summary>
public enum YearChange
{
    Same,
    Increase,
    Decrease,

    /// <summary>Blank in the earlier year, a value in the later one.</summary>
    OnlyTo,

    /// <summary>A value in the earlier year, blank in the later one.</summary>
    OnlyFrom,
}

/// <summary>One 栏次 of a compared row: both years' values (null = blank), the difference and the change in per cent.</summary>
public sealed record YearCell(int Column, string ColumnLabel, ValueKind Kind, decimal? From, decimal? To)
{
    public YearChange Change => (From, To) switch
    {
        (null, null) => YearChange.Same,
        (null, _) => YearChange.OnlyTo,
        (_, null) => YearChange.OnlyFrom,
        var (f, t) when t > f => YearChange.Increase,
        var (f, t) when t < f => YearChange.Decrease,
        _ => YearChange.Same,
    };

    public decimal? Difference => From is { } f && To is { } t ? t - f : null;

    /// <summary>The change against the earlier value in per cent (one decimal); none when the earlier value is 0 or blank.</summary>
    public decimal? PercentChange => From is { } f && To is { } t && f != 0 ? Math.Round((t - f) / Math.Abs(f) * 100, 1, MidpointRounding.AwayFromZero) : null;
}

/// <summary>
/// One compared row: a fixed row (same row key in both years) or a classification code, or the codes a catalogue
/// mapping ties together (<see cref="MappingNote"/> says how, e.g. “2080501 → 2080505（科目调整）”). Mapped codes are
/// compared as sums: a split code's earlier value against the sum of its new codes.
/// </summary>
public sealed record YearRow(string Key, string Label, IReadOnlyList<string> FromKeys, IReadOnlyList<string> ToKeys, string? MappingNote, IReadOnlyList<YearCell> Cells)
{
    public bool InFrom => Cells.Any(c => c.From is not null);
    public bool InTo => Cells.Any(c => c.To is not null);
    public bool HasChanges => Cells.Any(c => c.Change != YearChange.Same);

    /// <summary>What a comparison lists of the row: its changed cells, or every cell of a mapped row that did not change.</summary>
    public IReadOnlyList<YearCell> Listed => HasChanges ? Cells.Where(c => c.Change != YearChange.Same).ToList() : MappingNote is not null ? Cells : [];
}

/// <summary>One table of the set compared; a table only one year's set has is listed with <see cref="Compared"/> false.</summary>
public sealed record YearTable(string TableNo, string Name, bool Compared, string? Note, IReadOnlyList<YearRow> Rows)
{
    /// <summary>Rows with a change, and mapped rows (the mapping is worth saying even when the amounts agree).</summary>
    public IEnumerable<YearRow> ListedRows => Rows.Where(r => r.Listed.Count > 0);
    public int ChangedCells => Rows.Sum(r => r.Cells.Count(c => c.Change != YearChange.Same));
    public int UnchangedCells => Rows.Sum(r => r.Cells.Count(c => c.Change == YearChange.Same && c.From is not null));
}

/// <summary>Two published years of a department compared cell by cell (ADR 0024).</summary>
public sealed record YearComparison(int FromYear, int FromRevision, string FromSet, int ToYear, int ToRevision, string ToSet, IReadOnlyList<YearTable> Tables, IReadOnlyList<CodePair> MappingsUsed)
{
    public bool SameSet => FromSet == ToSet;

    /// <summary>
    /// Compares two reports. Fixed rows (行次) are matched by row key, coded rows by classification code through the
    /// mapping of the table's kind from the earlier year's codes to the later year's (<paramref name="mappings"/>;
    /// no mapping = codes compared as they are). When the two sets differ only the tables, rows and 栏次 both have are
    /// compared; the rest is named in each table's note.
    /// </summary>
    public static YearComparison Between(Report from, TemplateSet fromSet, Report to, TemplateSet toSet, ClassificationCatalogs catalogs, Func<ClassificationKind, CodeMapping?> mappings)
    {
        var used = new List<CodePair>();
        var tables = new List<YearTable>();
        var same = fromSet.Id == toSet.Id;
        var matched = new HashSet<TableTemplate>();
        foreach (var after in toSet.Tables)
        {
            // One set: by 表号. Two sets: by title, as their numbering differs (上海 07 is “三公”, 江西 07 政府性基金).
            var before = same ? fromSet.FindTable(after.TableNo) : fromSet.Tables.FirstOrDefault(t => Same(t.Title, after.Title));
            if (before is null)
            {
                tables.Add(new YearTable(after.TableNo, after.Heading, false, $"{from.FiscalYear} 年度的表样（{fromSet.Id}）没有此表，未比较", []));
                continue;
            }

            matched.Add(before);
            tables.Add(CompareTable(from, fromSet, before, to, toSet, after, same, catalogs, mappings, used));
        }

        foreach (var before in fromSet.Tables.Where(t => !matched.Contains(t)))
        {
            tables.Add(new YearTable(before.TableNo, before.Heading, false, $"{to.FiscalYear} 年度的表样（{toSet.Id}）没有此表，未比较", []));
        }

        return new YearComparison(from.FiscalYear, from.Revision, fromSet.Id, to.FiscalYear, to.Revision, toSet.Id, tables, used.Distinct().ToList());
    }

    private static bool Same(string a, string b) => string.Concat(a.Where(c => !char.IsWhiteSpace(c))) == string.Concat(b.Where(c => !char.IsWhiteSpace(c)));

    private static YearTable CompareTable(Report from, TemplateSet fromSet, TableTemplate before, Report to, TemplateSet toSet, TableTemplate after, bool sameSet,
        ClassificationCatalogs catalogs, Func<ClassificationKind, CodeMapping?> mappings, List<CodePair> used)
    {
        var a = from.CellsOf(before.TableNo).ToDictionary(c => (c.RowKey, c.Column), c => c.Value);
        var b = to.CellsOf(after.TableNo).ToDictionary(c => (c.RowKey, c.Column), c => c.Value);
        var rows = new List<YearRow>();
        var skipped = 0;

        bool IsFixed(TableTemplate table, string key) => table.FindFixedRow(key) is not null || table.FindFooter(key) is not null || table.CodedPanel is null;
        string? CodedTotal(TableTemplate table) => table.CodedPanel?.Coded?.TotalKey;

        // Fixed rows and the coded panel's total: the same key in both years.
        var fixedKeys = after.Panels.SelectMany(p => p.Rows).Where(r => !r.IsFiller).Select(r => r.Key)
            .Concat(after.Footer.Select(f => f.Key)).Concat(CodedTotal(after) is { } t ? [t] : []).ToList();
        var fixedBefore = before.Panels.SelectMany(p => p.Rows).Where(r => !r.IsFiller).Select(r => r.Key)
            .Concat(before.Footer.Select(f => f.Key)).Concat(CodedTotal(before) is { } u ? [u] : []).ToHashSet(StringComparer.Ordinal);
        foreach (var key in fixedKeys)
        {
            // Two sets share a 行次 only if it means the same line: same key and the same label.
            var labelBefore = before.FindFixedRow(key)?.Label ?? before.FindFooter(key)?.Label;
            var labelAfter = after.FindFixedRow(key)?.Label ?? after.FindFooter(key)?.Label;
            if (!fixedBefore.Contains(key) || (!sameSet && !Same(labelBefore ?? "", labelAfter ?? "")))
            {
                skipped += a.Keys.Count(k => k.RowKey == key) + b.Keys.Count(k => k.RowKey == key);
                continue;
            }

            var label = after.FindFixedRow(key)?.Label ?? after.FindFooter(key)?.Label ?? after.CodedPanel?.Coded?.TotalLabel ?? key;
            var row = Row(key, label, [key], [key], null, before, after, sameSet, a, b);
            if (row.Cells.Count > 0)
            {
                rows.Add(row);
            }
        }

        // Coded rows: by code, through the mapping of the table's classification.
        if (after.CodedPanel?.Coded is { } coded && before.CodedPanel?.Coded is { } codedBefore && coded.Classification == codedBefore.Classification)
        {
            var total = coded.TotalKey;
            var fromCodes = a.Keys.Select(k => k.RowKey).Where(k => k != codedBefore.TotalKey && !IsFixed(before, k)).Distinct().ToList();
            var toCodes = b.Keys.Select(k => k.RowKey).Where(k => k != total && !IsFixed(after, k)).Distinct().ToList();
            var mapping = mappings(coded.Classification);
            var names = new Func<string, string?>[]
            {
                code => catalogs.ForTable(toSet, after)?.NameOf(code),
                code => catalogs.Find(coded.Classification, to.FiscalYear)?.NameOf(code),
                code => catalogs.ForTable(fromSet, before)?.NameOf(code),
                code => catalogs.Find(coded.Classification, from.FiscalYear)?.NameOf(code),
            };
            string Name(string code) => names.Select(n => n(code)).FirstOrDefault(n => n is not null) ?? "";

            foreach (var group in Groups(fromCodes, toCodes, mapping))
            {
                string? note = null;
                if (group.Pairs.Count > 0)
                {
                    used.AddRange(group.Pairs);
                    var kind = (group.From.Count, group.To.Count) switch
                    {
                        (1, 1) => "科目调整",
                        (1, _) => "科目拆分",
                        (_, 1) => "科目合并",
                        _ => "科目对照",
                    };
                    note = $"{string.Join("、", group.From)} → {string.Join("、", group.To)}（{kind}）";
                }

                var key = group.To.Count > 0 ? string.Join("+", group.To) : string.Join("+", group.From);
                var label = string.Join("、", (group.To.Count > 0 ? group.To : group.From).Select(c => $"{c} {Name(c)}".Trim()));
                var row = Row(key, label, group.From, group.To, note, before, after, sameSet, a, b);
                if (row.Cells.Count > 0)
                {
                    rows.Add(row);
                }
            }
        }
        else if (after.CodedPanel is not null || before.CodedPanel is not null)
        {
            skipped += a.Keys.Count(k => !IsFixed(before, k.RowKey)) + b.Keys.Count(k => !IsFixed(after, k.RowKey));
        }

        var notes = new List<string>();
        if (before.TableNo != after.TableNo)
        {
            notes.Add($"{from.FiscalYear} 年度为{before.ShortName}");
        }

        if (skipped > 0)
        {
            notes.Add($"{skipped} 个单元格所在的行或科目只有一个年度的表样有，未比较");
        }

        return new YearTable(after.TableNo, after.Heading, true, notes.Count > 0 ? string.Join("；", notes) : null, rows);
    }

    /// <summary>A row's cells over the 栏次 both tables have: sums over the row's keys in each year.</summary>
    private static YearRow Row(string key, string label, IReadOnlyList<string> fromKeys, IReadOnlyList<string> toKeys, string? note,
        TableTemplate before, TableTemplate after, bool sameSet, Dictionary<(string, int), decimal> a, Dictionary<(string, int), decimal> b)
    {
        var panel = after.PanelOf(toKeys.FirstOrDefault() ?? key);
        var panelBefore = before.PanelOf(fromKeys.FirstOrDefault() ?? key);
        // Two sets share a 栏次 only with the same number and heading.
        var columns = (panel?.Columns ?? []).Where(c => panelBefore?.FindColumn(c.No) is { } other && (sameSet || Same(other.Label, c.Label))).ToList();
        var cells = new List<YearCell>();
        foreach (var column in columns)
        {
            decimal? Sum(IReadOnlyList<string> keys, Dictionary<(string, int), decimal> values)
            {
                var found = keys.Where(k => values.ContainsKey((k, column.No))).Select(k => values[(k, column.No)]).ToList();
                return found.Count > 0 ? found.Sum() : null;
            }

            var cell = new YearCell(column.No, column.Label, after.KindOf(toKeys.FirstOrDefault() ?? key, column.No), Sum(fromKeys, a), Sum(toKeys, b));
            if (cell.From is not null || cell.To is not null)
            {
                cells.Add(cell);
            }
        }

        return new YearRow(key, label, fromKeys, toKeys, note, cells);
    }

    private sealed record CodeGroup(List<string> From, List<string> To, List<CodePair> Pairs);

    /// <summary>
    /// The codes of both years grouped so that codes a mapping ties together (directly or through a split and a merge)
    /// are one group; an unmapped code is a group with itself in either year. Ordered by the first code.
    /// </summary>
    private static List<CodeGroup> Groups(IReadOnlyList<string> fromCodes, IReadOnlyList<string> toCodes, CodeMapping? mapping)
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        string Find(string x)
        {
            while (parent[x] != x)
            {
                x = parent[x] = parent[parent[x]];
            }

            return x;
        }

        void Add(string x) => parent.TryAdd(x, x);
        void Union(string x, string y)
        {
            Add(x);
            Add(y);
            parent[Find(x)] = Find(y);
        }

        var pairs = new List<CodePair>();
        foreach (var code in fromCodes)
        {
            Add("F" + code);
            foreach (var target in mapping?.Forward(code) ?? [code])
            {
                Union("F" + code, "T" + target);
                if (target != code || (mapping?.Pairs.Contains(new CodePair(code, target)) ?? false))
                {
                    pairs.Add(new CodePair(code, target));
                }
            }
        }

        foreach (var code in toCodes)
        {
            Add("T" + code);
            foreach (var source in mapping?.Backward(code) ?? [code])
            {
                Union("T" + code, "F" + source);
                if (source != code || (mapping?.Pairs.Contains(new CodePair(source, code)) ?? false))
                {
                    pairs.Add(new CodePair(source, code));
                }
            }
        }

        var distinctPairs = pairs.Distinct().ToList();
        return parent.Keys.GroupBy(Find)
            .Select(g => new CodeGroup(
                g.Where(k => k[0] == 'F').Select(k => k[1..]).Order(StringComparer.Ordinal).ToList(),
                g.Where(k => k[0] == 'T').Select(k => k[1..]).Order(StringComparer.Ordinal).ToList(),
                distinctPairs.Where(p => g.Contains("F" + p.FromCode) || g.Contains("T" + p.ToCode)).ToList()))
            .OrderBy(g => g.To.Concat(g.From).Min(StringComparer.Ordinal), StringComparer.Ordinal)
            .ToList();
    }
}
