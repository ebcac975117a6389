using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Domain.Reconciliation;

/// <summary>What the structure checks need besides the cells: names as printed, the year and the staff counts.</summary>
public sealed record ReportFacts(string DepartmentName, IReadOnlyList<string> Aliases, string NameInHeaders, int FiscalYear, StaffCounts Staff)
{
    /// <summary>决算单位数 of the 概况 (本级 included), read by D-08; null when not known.</summary>
    public int? UnitCount { get; init; }

    /// <summary>
    /// Names as printed that the officer gave for coded rows the catalogue does not have, by table and code: such rows
    /// are flagged by the <c>unconfirmed-codes</c> check (a warning) instead of failing S-04.
    /// </summary>
    public IReadOnlyDictionary<(string TableNo, string Code), string> PrintedNames { get; init; } = new Dictionary<(string, string), string>();
}

/// <summary>
/// A report's cells indexed for evaluation: per table, per row key, an array by 栏次. Built once per reconciliation.
/// </summary>
public sealed class ReconciliationData
{
    private readonly TableValues?[] _tables = new TableValues?[100];

    public ReconciliationData(TemplateSet set, ClassificationCatalogs catalogs, IEnumerable<ReportCell> cells, ReportFacts facts)
    {
        Set = set;
        Facts = facts;
        foreach (var table in set.Tables)
        {
            _tables[int.Parse(table.TableNo, System.Globalization.CultureInfo.InvariantCulture)] = new TableValues(table, catalogs.ForTable(set, table));
        }

        foreach (var cell in cells)
        {
            if (TableNumber(cell.TableNo) is { } no && _tables[no] is { } values)
            {
                values.Set(cell.RowKey, cell.Column, cell.Value);
            }
        }

        foreach (var table in _tables)
        {
            table?.Freeze();
        }
    }

    private ReconciliationData(TemplateSet set, ReportFacts facts)
    {
        Set = set;
        Facts = facts;
    }

    /// <summary>
    /// One table alone, for working out its totals: its cells, plus rows shown without values (a coded row just
    /// added) and, in a coded table, every 类/款 above a present code, so a parent is summed even before it holds a value.
    /// </summary>
    public static ReconciliationData ForTable(TemplateSet set, TableTemplate table, ClassificationCatalog? catalog, IEnumerable<(string Row, int Column, decimal Value)> cells, IEnumerable<string> rows)
    {
        var data = new ReconciliationData(set, new ReportFacts("", [], "", set.FiscalYear, new StaffCounts(null, null, null, null)));
        var values = new TableValues(table, catalog);
        data._tables[int.Parse(table.TableNo, System.Globalization.CultureInfo.InvariantCulture)] = values;
        var keys = new HashSet<string>(rows, StringComparer.Ordinal);
        foreach (var (row, column, value) in cells)
        {
            values.Set(row, column, value);
            keys.Add(row);
        }

        if (table.CodedPanel?.Coded is { } coded)
        {
            foreach (var key in keys.ToList())
            {
                for (var parent = ClassificationCode.ParentOf(key, coded.LevelLengths); parent is not null; parent = ClassificationCode.ParentOf(parent, coded.LevelLengths))
                {
                    keys.Add(parent);
                }
            }
        }

        foreach (var key in keys)
        {
            values.Touch(key);
        }

        values.Freeze();
        return data;
    }

    public TemplateSet Set { get; }
    public ReportFacts Facts { get; }

    /// <summary>The 情况说明 and the named inputs the N rules read; null when the report has none (N rules are then n/a).</summary>
    public Narrative.NarrativeDocument? Narrative { get; init; }

    /// <summary>The 绩效 tables and evaluations the P and D rules read; null when the report has none (they are then n/a).</summary>
    public Performance.PerformanceDocument? Performance { get; init; }

    public TableValues? Table(string tableNo) => TableNumber(tableNo) is { } no ? _tables[no] : null;

    /// <summary>A table by its number (01 → 1), as compiled rules address it.</summary>
    internal TableValues? TableAt(int no) => _tables[no];

    /// <summary>
    /// Every stored row of every table, tables in number order and rows in the order they were filled, with the
    /// template row found when it was stored: the structure scans read the cells row by row from these.
    /// </summary>
    internal IEnumerable<(TableValues Table, string Row, RowEntry Entry)> StoredRows()
    {
        foreach (var table in _tables)
        {
            if (table is null)
            {
                continue;
            }

            foreach (var (row, entry) in table.RowValues)
            {
                yield return (table, row, entry);
            }
        }
    }

    public IEnumerable<TableValues> Tables => _tables.OfType<TableValues>();

    internal static int? TableNumber(string tableNo) =>
        tableNo.Length == 2 && char.IsAsciiDigit(tableNo[0]) && char.IsAsciiDigit(tableNo[1]) ? (tableNo[0] - '0') * 10 + tableNo[1] - '0' : null;
}

/// <summary>
/// A row of a report's table as a compiled rule reads it: its key, where its cells are read from, its values (null =
/// absent) and, in a coded table, its present children (null = look them up by key).
/// </summary>
internal readonly record struct DataRow(string Key, RowRead Read, decimal?[]? Values, DataRow[]? Children = null);

/// <summary>A stored row: its values by 栏次, where they are read from (worked out when the row is stored), its children.</summary>
internal sealed class RowEntry(RowRead read, decimal?[] values)
{
    public RowRead Read { get; } = read;
    public decimal?[] Values { get; set; } = values;
    public DataRow[]? Children { get; set; }
}

/// <summary>The values of one table of a report.</summary>
public sealed class TableValues(TableTemplate template, ClassificationCatalog? catalog)
{
    // Sized for the fixed rows (or a typical coded table) so that indexing does not grow it row by row.
    private readonly Dictionary<string, RowEntry> _rows = new(template.CodedPanel is null ? template.RowSlotCount : 32, StringComparer.Ordinal);

    // The same arrays as in _rows for fixed rows and footers, by slot (RowRead.Slot): a compiled rule reads a fixed row
    // with an array index instead of a string lookup.
    private readonly decimal?[]?[] _slots = new decimal?[]?[template.RowSlotCount];
    private List<string> _codes = [];
    private readonly Dictionary<string, List<string>> _children = new(StringComparer.Ordinal);

    // Coded tables: each parent's present children with their values, worked out once when frozen, so that a
    // sum(children(…)) per column does not look every child up again.
    private readonly Dictionary<string, DataRow[]> _childRows = new(StringComparer.Ordinal);

    public TableTemplate Template { get; } = template;
    public ClassificationCatalog? Catalog { get; } = catalog;
    public bool IsEmpty => _rows.Count == 0;

    /// <summary>Codes present in a coded table, in depth-first (string) order; the total row is not among them.</summary>
    public IReadOnlyList<string> Codes => _codes;

    public IEnumerable<(string Row, int Column, decimal Value)> Cells
    {
        get
        {
            // One iterator for the table rather than three LINQ iterators per row: structure checks scan every cell.
            foreach (var (row, entry) in _rows)
            {
                var values = entry.Values;
                for (var column = 0; column < values.Length; column++)
                {
                    if (values[column] is { } value)
                    {
                        yield return (row, column, value);
                    }
                }
            }
        }
    }

    public decimal? Get(string row, int column) =>
        _rows.TryGetValue(row, out var entry) && column < entry.Values.Length ? entry.Values[column] : null;

    public bool HasRow(string row) => _rows.ContainsKey(row);

    /// <summary>Whether a row is present, by a key not made into a string (a code's prefix).</summary>
    internal bool HasRow(ReadOnlySpan<char> row) => _rows.GetAlternateLookup<ReadOnlySpan<char>>().ContainsKey(row);

    /// <summary>Present codes one level below a code (or below the total row, for 类), in code order.</summary>
    public IReadOnlyList<string> ChildrenOf(string row) => _children.TryGetValue(row, out var children) ? children : [];

    /// <summary>The values of a fixed row or footer by its slot (<see cref="RowRead.Slot"/>); null when the report has none.</summary>
    internal decimal?[]? SlotRow(int slot) => _slots[slot];

    /// <summary>The values of a row by key; null when the report has none.</summary>
    internal decimal?[]? Row(string row) => _rows.GetValueOrDefault(row)?.Values;

    /// <summary>Rows in the order they were filled, for scans over every cell.</summary>
    internal Dictionary<string, RowEntry> RowValues => _rows;

    /// <summary>A row as a compiled rule reads it: one lookup for a stored row (its read was worked out when stored).</summary>
    internal DataRow Resolve(string row) =>
        _rows.TryGetValue(row, out var entry) ? new DataRow(row, entry.Read, entry.Values, entry.Children) : new DataRow(row, Template.ReadOf(row), null);

    /// <summary>A coded table's present children of a row (see <see cref="ChildrenOf"/>) with their values.</summary>
    internal DataRow[] ChildRowsOf(string row) => _childRows.TryGetValue(row, out var children) ? children : [];

    internal void Set(string row, int column, decimal value)
    {
        // One lookup per cell; a new row's entry is stored through the same reference.
        ref var stored = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_rows, row, out _);
        var entry = stored;
        if (entry is null || entry.Values.Length <= column)
        {
            // Sized for every 栏次 of the template at once: growing a row copied it once per column before.
            var grown = new decimal?[Math.Max(column + 1, Template.ValueWidth)];
            entry?.Values.CopyTo(grown, 0);
            stored = entry = Store(row, grown, entry);
        }

        entry.Values[column] = value;
    }

    internal void Touch(string row)
    {
        if (!_rows.ContainsKey(row))
        {
            Put(row, new decimal?[Template.ValueWidth], null);
        }
    }

    private RowEntry Put(string row, decimal?[] values, RowEntry? entry) => _rows[row] = Store(row, values, entry);

    /// <summary>A row's entry with new values (a new entry for a new row), its slot pointed at them; the caller stores it.</summary>
    private RowEntry Store(string row, decimal?[] values, RowEntry? entry)
    {
        if (entry is null)
        {
            entry = new RowEntry(Template.ReadOf(row), values);
        }
        else
        {
            entry.Values = values;
        }

        if (entry.Read.Slot >= 0)
        {
            _slots[entry.Read.Slot] = values;
        }

        return entry;
    }

    internal void Freeze()
    {
        if (Template.CodedPanel?.Coded is { } coded)
        {
            _codes = new List<string>(_rows.Count);
            foreach (var key in _rows.Keys)
            {
                if (key != coded.TotalKey)
                {
                    _codes.Add(key);
                }
            }

            _codes.Sort(StringComparer.Ordinal);
            var levels = coded.LevelLengths;
            // Looked up by the code's prefix: a parent's key string is made once, not once per child.
            var byPrefix = _children.GetAlternateLookup<ReadOnlySpan<char>>();
            foreach (var code in _codes)
            {
                var level = Classifications.ClassificationCode.LevelOf(code, levels);
                if (level < 0)
                {
                    continue; // malformed codes are reported by S-04, not summed
                }

                var parent = level == 0 ? coded.TotalKey.AsSpan() : code.AsSpan(0, levels[level - 1]);
                if (!byPrefix.TryGetValue(parent, out var siblings))
                {
                    byPrefix[parent] = siblings = [];
                }

                siblings.Add(code);
            }

            foreach (var (parent, children) in _children)
            {
                var rows = new DataRow[children.Count];
                for (var i = 0; i < rows.Length; i++)
                {
                    var child = _rows[children[i]]; // every code is a stored row
                    rows[i] = new DataRow(children[i], child.Read, child.Values, null);
                }

                _childRows[parent] = rows;
                if (_rows.TryGetValue(parent, out var entry))
                {
                    entry.Children = rows;
                }
            }

            foreach (var entry in _rows.Values)
            {
                entry.Children ??= [];
            }
        }
    }
}
