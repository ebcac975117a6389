using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Domain.Reports;

/// <summary>A table of one report laid out line by line as printed: what the web page, Excel and PDF all draw.</summary>
public sealed record TableLayout(TableTemplate Template, IReadOnlyList<LayoutLine> Lines, IReadOnlyList<LayoutFooter> Footers)
{
    /// <summary>
    /// Lays out a table: fixed rows from the template, coded rows from the data depth-first by code, with the 合计 row
    /// first or last as the template's layout says.
    /// </summary>
    public static TableLayout Resolve(TableTemplate template, IEnumerable<ReportCell> cells, ClassificationCatalog? catalog)
    {
        var values = cells.Where(c => c.TableNo == template.TableNo).ToDictionary(c => (c.RowKey, c.Column), c => c.Value);
        var panels = template.Panels.Select(p => RowsOf(p, values, catalog, template.Print.CodedTotal)).ToList();
        var lineCount = panels.Count == 0 ? 0 : panels.Max(p => p.Count);
        var lines = new List<LayoutLine>(lineCount);
        for (var i = 0; i < lineCount; i++)
        {
            lines.Add(new LayoutLine(panels.Select(p => i < p.Count ? p[i] : null).ToList()));
        }

        var footers = template.Footer
            .Select(f =>
            {
                var column = template.Panels[f.ToPanel].Columns[0];
                return new LayoutFooter(f, values.TryGetValue((f.Key, column.No), out var v) ? v : null, column.Kind);
            })
            .ToList();
        return new TableLayout(template, lines, footers);
    }

    /// <summary>Whether no cell of the table holds a value (its empty-table note is printed).</summary>
    public bool IsEmpty => Lines.All(l => l.Panels.All(r => r is null || r.Values.All(v => v.Value is null))) && Footers.All(f => f.Value is null);

    /// <summary>A row's code as printed: whole, or split into the panel's 类|款|项 cells.</summary>
    public IReadOnlyList<string> CodeCells(TablePanel panel, LayoutRow row) => Template.Print.CodeCells(row.Code ?? "", panel.CodeSpan);

    private static List<LayoutRow> RowsOf(TablePanel panel, Dictionary<(string, int), decimal> values, ClassificationCatalog? catalog, TotalPosition totalAt)
    {
        if (panel.Coded is { } coded)
        {
            var codes = values.Keys
                .Select(k => k.Item1)
                .Where(k => k != coded.TotalKey && ClassificationCode.LevelOf(k, coded.LevelLengths) >= 0)
                .Distinct()
                .Order(StringComparer.Ordinal); // prefix order is depth-first order: 201, 20103, 2010301, 20111 …
            var total = Row(coded.TotalKey, coded.TotalLabel, null, 0, true, false, null);
            var rows = codes.Select(code =>
            {
                var level = ClassificationCode.LevelOf(code, coded.LevelLengths);
                return Row(code, catalog?.NameOf(code) ?? "（未知科目）", code, level, level == 0, false, null);
            }).ToList();
            rows.Insert(totalAt == TotalPosition.Last ? rows.Count : 0, total);
            return rows;
        }

        return panel.Rows.Select(r => Row(r.Key, r.Label, r.Code, r.Indent, r.IsTotal, r.IsFiller, r)).ToList();

        LayoutRow Row(string key, string label, string? code, int indent, bool total, bool filler, RowTemplate? template) =>
            new(key, label, code, indent, total, filler, panel.Columns
                .Select(c => new LayoutValue(
                    c.No,
                    template is not null && !template.IsFiller && template.NotApplicableColumns.Contains(c.No),
                    values.TryGetValue((key, c.No), out var v) ? v : null,
                    template?.KindFor(c) ?? c.Kind))
                .ToList());
    }
}

/// <summary>One printed line: a row (or nothing) for each panel.</summary>
public sealed record LayoutLine(IReadOnlyList<LayoutRow?> Panels);

public sealed record LayoutRow(string Key, string Label, string? Code, int Indent, bool IsTotal, bool IsFiller, IReadOnlyList<LayoutValue> Values);

/// <summary>A value cell: “——” when not applicable, otherwise the value or blank.</summary>
public sealed record LayoutValue(int Column, bool NotApplicable, decimal? Value, ValueKind Kind)
{
    public string Display => NotApplicable ? "——" : Value is { } v ? CellValueText.Display(v, Kind) : "";
}

public sealed record LayoutFooter(FooterRow Row, decimal? Value, ValueKind Kind)
{
    public string Display => Value is { } v ? CellValueText.Display(v, Kind) : "";
}
