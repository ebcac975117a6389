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

    public IEnumerable<TableValues> Tables => _tables.OfType<TableValues>();

    private static int? TableNumber(string tableNo) =>
        tableNo.Length == 2 && char.IsAsciiDigit(tableNo[0]) && char.IsAsciiDigit(tableNo[1]) ? (tableNo[0] - '0') * 10 + tableNo[1] - '0' : null;
}

/// <summary>The values of one table of a report.</summary>
public sealed class TableValues(TableTemplate template, ClassificationCatalog? catalog)
{
    private readonly Dictionary<string, decimal?[]> _rows = new(StringComparer.Ordinal);
    private List<string> _codes = [];
    private readonly Dictionary<string, List<string>> _children = new(StringComparer.Ordinal);

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
            foreach (var (row, values) in _rows)
            {
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
        _rows.TryGetValue(row, out var values) && column < values.Length ? values[column] : null;

    public bool HasRow(string row) => _rows.ContainsKey(row);

    /// <summary>Present codes one level below a code (or below the total row, for 类), in code order.</summary>
    public IReadOnlyList<string> ChildrenOf(string row) => _children.TryGetValue(row, out var children) ? children : [];

    internal void Set(string row, int column, decimal value)
    {
        if (!_rows.TryGetValue(row, out var values) || values.Length <= column)
        {
            var grown = new decimal?[Math.Max(column + 1, 8)];
            values?.CopyTo(grown, 0);
            _rows[row] = values = grown;
        }

        values[column] = value;
    }

    internal void Touch(string row)
    {
        if (!_rows.ContainsKey(row))
        {
            _rows[row] = new decimal?[8];
        }
    }

    internal void Freeze()
    {
        if (Template.CodedPanel?.Coded is { } coded)
        {
            _codes = _rows.Keys.Where(k => k != coded.TotalKey).Order(StringComparer.Ordinal).ToList();
            var levels = coded.LevelLengths;
            foreach (var code in _codes)
            {
                var level = Classifications.ClassificationCode.LevelOf(code, levels);
                if (level < 0)
                {
                    continue; // malformed codes are reported by S-04, not summed
                }

                var parent = level == 0 ? coded.TotalKey : code[..levels[level - 1]];
                if (!_children.TryGetValue(parent, out var siblings))
                {
                    _children[parent] = siblings = [];
                }

                siblings.Add(code);
            }
        }
    }
}
