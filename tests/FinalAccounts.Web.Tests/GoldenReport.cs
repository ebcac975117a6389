using System.Globalization;
using System.Text.Json;

namespace FinalAccounts.Web.Tests;

/// <summary>A non-blank cell of the published report as transcribed in the golden file.</summary>
public sealed record GoldenCell(string TableNo, string Row, int Col, string Value, bool IsCount)
{
    /// <summary>How the printed table shows it: <c>3,737.09</c>, counts as whole numbers.</summary>
    public string Display => IsCount
        ? decimal.Parse(Value, CultureInfo.InvariantCulture).ToString("#,##0", CultureInfo.InvariantCulture)
        : decimal.Parse(Value, CultureInfo.InvariantCulture).ToString("#,##0.00", CultureInfo.InvariantCulture);
}

/// <summary>Reads every non-blank cell out of <c>Fixtures/seed-data-000.json</c>, in that file's own structure.</summary>
public static class GoldenReport
{
    public static IReadOnlyList<GoldenCell> Cells { get; } = Load();

    private static List<GoldenCell> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "seed-data-000.json")));
        var tables = document.RootElement.GetProperty("tables");
        var cells = new List<GoldenCell>();
        foreach (var table in tables.EnumerateObject())
        {
            var no = table.Name;
            if (no == "06")
            {
                foreach (var item in table.Value.GetProperty("items").EnumerateArray())
                {
                    if (item.GetProperty("amount").ValueKind == JsonValueKind.String)
                    {
                        cells.Add(new GoldenCell(no, item.GetProperty("code").GetString()!, 1, item.GetProperty("amount").GetString()!, false));
                    }
                }

                foreach (var total in table.Value.GetProperty("totals").EnumerateObject())
                {
                    cells.Add(new GoldenCell(no, total.Name, 1, total.Value.GetString()!, false));
                }

                continue;
            }

            foreach (var row in table.Value.GetProperty("rows").EnumerateArray())
            {
                var key = row.TryGetProperty("row", out var rowNo) ? rowNo.GetInt32().ToString(CultureInfo.InvariantCulture)
                    : row.GetProperty("code").ValueKind == JsonValueKind.String ? row.GetProperty("code").GetString()! : "合计";
                var isCount = no == "10" || (no == "09" && int.Parse(key, CultureInfo.InvariantCulture) >= 11);
                if (row.TryGetProperty("values", out var values))
                {
                    foreach (var value in values.EnumerateObject().Where(v => v.Value.ValueKind == JsonValueKind.String))
                    {
                        cells.Add(new GoldenCell(no, key, int.Parse(value.Name, CultureInfo.InvariantCulture), value.Value.GetString()!, isCount));
                    }
                }
                else if (row.TryGetProperty("value", out var single) && single.ValueKind == JsonValueKind.String)
                {
                    var col = row.TryGetProperty("col", out var c) ? c.GetInt32() : 1;
                    cells.Add(new GoldenCell(no, key, col, single.GetString()!, isCount));
                }
            }
        }

        return cells;
    }
}
