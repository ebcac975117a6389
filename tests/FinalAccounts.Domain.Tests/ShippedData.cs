using System.Text.Json;
using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Domain.Tests;

/// <summary>
/// The data files the application ships (copied from Infrastructure/Data): the jiangxi-2023 template set, its rules and
/// catalogues, and the published 2023 report of 景德镇市政务服务数据管理局 (demo/departments.json).
/// </summary>
internal static class ShippedData
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Data");

    public static readonly TemplateSet Jiangxi2023 = TemplateSetParser.Parse(Read("templates/jiangxi-2023.json"), "jiangxi-2023.json").Value;

    public static readonly ReconciliationRuleSet Jiangxi2023Rules =
        RuleSetParser.Parse(Read("templates/jiangxi-2023.rules.json"), "jiangxi-2023.rules.json", id => id == Jiangxi2023.Id ? Jiangxi2023 : null).Value;

    public static readonly ClassificationCatalogs Catalogs = new([
        ClassificationCatalog.ParseCsv(ClassificationKind.Functional, 2023, Read("catalogs/2023/functional.csv"), "functional.csv").Value,
        ClassificationCatalog.ParseCsv(ClassificationKind.Economic, 2023, Read("catalogs/2023/economic.csv"), "economic.csv").Value,
    ]);

    /// <summary>The published cells of one table of the demo report, validated as the importer does.</summary>
    public static IReadOnlyList<ReportCell> PublishedCells(string tableNo)
    {
        using var document = JsonDocument.Parse(Read("demo/departments.json"));
        var table = document.RootElement[0].GetProperty("reports")[0].GetProperty("tables").EnumerateArray()
            .Single(t => t.GetProperty("tableNo").GetString() == tableNo);
        var inputs = table.GetProperty("cells").EnumerateArray()
            .Select(c => new CellInput(c.GetProperty("row").GetString()!, c.GetProperty("col").GetInt32(), c.GetProperty("value").GetString()))
            .ToList();
        var template = Jiangxi2023.FindTable(tableNo)!;
        return TableCellsValidator.Validate(template, Catalogs.ForTable(Jiangxi2023, template), inputs).Value;
    }

    public static string Read(string path) => File.ReadAllText(Path.Combine(Root, path));
}
