namespace FinalAccounts.Domain.Reports;

/// <summary>
/// One entered value of a report: table 表号, row key (行次, classification code or a total key such as 合计) and 栏次.
/// A blank cell has no <see cref="ReportCell"/> at all, so an entered 0 stays distinguishable from a blank.
/// </summary>
public sealed class ReportCell
{
    private ReportCell()
    {
        TableNo = RowKey = "";
    }

    public ReportCell(string tableNo, string rowKey, int column, decimal value)
    {
        TableNo = tableNo;
        RowKey = rowKey;
        Column = column;
        Value = value;
    }

    public string TableNo { get; private set; }
    public string RowKey { get; private set; }
    public int Column { get; private set; }

    /// <summary>万元 with two decimals, or a whole count where the template says so.</summary>
    public decimal Value { get; private set; }

    public CellAddress Address => new(TableNo, RowKey, Column);

    internal void Change(decimal value) => Value = value;
}

/// <summary>Where a value sits: 表号, row key and 栏次.</summary>
public readonly record struct CellAddress(string TableNo, string RowKey, int Column)
{
    public override string ToString() => $"公开{TableNo}表[{RowKey},{Column}]";
}

/// <summary>A changed cell: old and new value (null = blank).</summary>
public sealed record CellChange(CellAddress Address, decimal? Old, decimal? New);

public static class CellChanges
{
    /// <summary>Cell-by-cell differences between two sets of cells (null = blank), in table, row, column order.</summary>
    public static IReadOnlyList<CellChange> Between(IEnumerable<ReportCell> before, IEnumerable<ReportCell> after)
    {
        var from = before.ToDictionary(c => c.Address, c => c.Value);
        var to = after.ToDictionary(c => c.Address, c => c.Value);
        return from.Keys.Union(to.Keys)
            .Select(k => new CellChange(k, from.TryGetValue(k, out var o) ? o : null, to.TryGetValue(k, out var n) ? n : null))
            .Where(c => c.Old != c.New)
            .OrderBy(c => c.Address.TableNo, StringComparer.Ordinal).ThenBy(c => c.Address.RowKey, StringComparer.Ordinal).ThenBy(c => c.Address.Column)
            .ToList();
    }
}
