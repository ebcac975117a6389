using System.Text.Json;
using FinalAccounts.Domain.Narrative;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;

namespace FinalAccounts.Domain.Tests.Narrative;

/// <summary>The demo report (景德镇市政务服务数据管理局 2023): its ten tables and its 情况说明, ready to reconcile and to mutate.</summary>
internal static class DemoNarrative
{
    public static readonly NarrativeTemplate Template =
        NarrativeTemplateParser.Parse(ShippedData.Read("templates/jiangxi-2023.narrative.json"), "jiangxi-2023.narrative.json", id => id == ShippedData.Jiangxi2023.Id ? ShippedData.Jiangxi2023 : null).Value;

    public static readonly ReconciliationRuleSet Rules = ShippedData.Jiangxi2023Rules.WithNarrative(Template);

    private static readonly JsonElement Report = LoadReport();

    public static IReadOnlyList<string> Sections() =>
        Report.GetProperty("narrative").EnumerateArray().OrderBy(s => s.GetProperty("order").GetInt32()).Select(s => s.GetProperty("text").GetString()!).ToList();

    public static List<ReportCell> Cells() =>
        Report.GetProperty("tables").EnumerateArray().SelectMany(t => ShippedData.PublishedCells(t.GetProperty("tableNo").GetString()!)).ToList();

    /// <summary>The demo cells with one cell set to a value.</summary>
    public static List<ReportCell> CellsWith(string table, string row, int column, decimal value)
    {
        var cells = Cells().Where(c => !(c.TableNo == table && c.RowKey == row && c.Column == column)).ToList();
        cells.Add(new ReportCell(table, row, column, value));
        return cells;
    }

    /// <summary>The demo sections with the first occurrence of a text in one section (1-based) replaced.</summary>
    public static List<string> SectionsWith(int section, string from, string to)
    {
        var sections = Sections().ToList();
        var at = sections[section - 1].IndexOf(from, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new ArgumentException($"“{from}” is not in section {section}");
        }

        sections[section - 1] = sections[section - 1][..at] + to + sections[section - 1][(at + from.Length)..];
        return sections;
    }

    public static ReportFacts Facts => new("景德镇市政务服务数据管理局", ["景德镇市政务数据管理局"], "景德镇市政务数据管理局", 2023, new StaffCounts(60, 0, 0, 8));

    public static ReconciliationData Data(IEnumerable<ReportCell>? cells = null, IReadOnlyList<string>? sections = null, IReadOnlyDictionary<string, decimal>? inputs = null) =>
        new(ShippedData.Jiangxi2023, ShippedData.Catalogs, cells ?? Cells(), Facts)
        {
            Narrative = new NarrativeDocument(Template, sections ?? Sections(), inputs),
        };

    public static ReconciliationResult Reconcile(IEnumerable<ReportCell>? cells = null, IReadOnlyList<string>? sections = null, IReadOnlyDictionary<string, decimal>? inputs = null, bool strict = false) =>
        ReconciliationEngine.Evaluate(Rules, Data(cells, sections, inputs), strict);

    private static JsonElement LoadReport()
    {
        using var document = JsonDocument.Parse(ShippedData.Read("demo/departments.json"));
        return document.RootElement[0].GetProperty("reports")[0].Clone();
    }
}
