using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Domain.Reports;

/// <summary>
/// Every total cell of one table worked out from its parts (按下级汇总). Which cells are totals, and of what, is not
/// described here: the template set's own 审核公式 say it (<c>T01[58] = sum(T01[32..57])</c>, row balances, parent =
/// Σ children, 人员经费合计 = 301 + 303), expanded on the table's rows by
/// <see cref="ReconciliationEngine.TotalDefinitions"/>. Totals of totals are computed first (dependency order); a total
/// whose parts are all blank stays blank (and what was typed into it
/// still counts towards the totals above); results are rounded to two decimals.
/// </summary>
public sealed class TableTotals
{
    private readonly Dictionary<(string Row, int Column), List<TotalDefinition>> _definitions = [];
    private readonly Dictionary<(string Row, int Column), decimal> _entered = [];
    private readonly Dictionary<(string Row, int Column), decimal?> _computed = [];

    private TableTotals(IEnumerable<TotalDefinition> definitions, IEnumerable<(string Row, int Column, decimal Value)> cells)
    {
        foreach (var definition in definitions)
        {
            var key = (definition.Total.RowKey, definition.Total.Column);
            if (!_definitions.TryGetValue(key, out var list))
            {
                _definitions[key] = list = [];
            }

            list.Add(definition);
        }

        foreach (var (row, column, value) in cells)
        {
            _entered[(row, column)] = value;
        }

        var visiting = new HashSet<(string, int)>();
        foreach (var key in _definitions.Keys)
        {
            Compute(key, visiting);
        }
    }

    /// <summary>Each total cell with the value its parts add up to (null: every part is blank).</summary>
    public IReadOnlyDictionary<(string Row, int Column), decimal?> Totals => _computed;

    public bool IsTotal(string row, int column) => _definitions.ContainsKey((row, column));

    /// <summary>
    /// Computes the totals of one table. <paramref name="rows"/> are rows shown without values yet (a coded row just
    /// added); the 类/款 above any present code count as present.
    /// </summary>
    public static TableTotals Compute(
        ReconciliationRuleSet rules,
        TemplateSet set,
        TableTemplate table,
        ClassificationCatalog? catalog,
        IEnumerable<(string Row, int Column, decimal Value)> cells,
        IEnumerable<string>? rows = null)
    {
        var values = cells.ToList();
        var data = ReconciliationData.ForTable(set, table, catalog, values, rows ?? []);
        var definitions = ReconciliationEngine.TotalDefinitions(rules, data, table.TableNo)
            .Where(d => Accepts(table, d.Total)); // a “——” cell is never filled, whatever a rule says
        return new TableTotals(definitions, values);
    }

    private static bool Accepts(TableTemplate table, CellAddress cell) =>
        table.FindFixedRow(cell.RowKey) is not { } row || row.Accepts(cell.Column);

    private decimal? Compute((string Row, int Column) key, HashSet<(string, int)> visiting)
    {
        if (_computed.TryGetValue(key, out var done))
        {
            return done;
        }

        if (!visiting.Add(key))
        {
            throw new InvalidOperationException($"合计单元格 [{key.Row},{key.Column}] 循环依赖自身，请检查审核公式");
        }

        // The first definition (in rule order) with any non-blank part decides; with consistent data all agree.
        decimal? result = null;
        foreach (var definition in _definitions[key])
        {
            var parts = definition.Parts.Select(p => Value((p.RowKey, p.Column), visiting)).Where(v => v is not null).ToList();
            if (parts.Count > 0)
            {
                result = decimal.Round(parts.Sum(v => v!.Value), 2, MidpointRounding.AwayFromZero);
                break;
            }
        }

        visiting.Remove(key);
        _computed[key] = result;
        return result;
    }

    // A total with no parts to add up keeps what was typed into it as a part of the totals above (项 rows filled in 栏1
    // only still add up to their 款 and 类).
    private decimal? Value((string Row, int Column) key, HashSet<(string, int)> visiting) =>
        (_definitions.ContainsKey(key) ? Compute(key, visiting) : null) ?? (_entered.TryGetValue(key, out var value) ? value : null);
}
