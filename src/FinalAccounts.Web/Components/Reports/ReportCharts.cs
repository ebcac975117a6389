using System.Globalization;
using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Web.Components.Reports;

/// <summary>One series of a bar chart (a colour in the legend, a column in its data table).</summary>
public sealed record ChartSeries(string Name, string Fill);

/// <summary>One category of a bar chart: its label and one value per series (null = not reported).</summary>
public sealed record ChartRow(string Label, IReadOnlyList<decimal?> Values);

/// <summary>A chart as data: what <see cref="ChartsPart"/> draws as SVG and lists as a table.</summary>
public sealed record ChartSpec(string Id, string Title, string Source, IReadOnlyList<ChartSeries> Series, IReadOnlyList<ChartRow> Rows)
{
    public decimal Max => Rows.SelectMany(r => r.Values).Select(v => v ?? 0).DefaultIfEmpty(0).Max();
}

/// <summary>
/// The charts of a published report, worked out from its tables (and the 年初预算 inputs of its 情况说明), found by
/// the template's labels and codes rather than fixed row numbers. A chart without any non-zero value is left out.
/// </summary>
public static class ReportCharts
{
    private const string Dark = "#2f4b7c";
    private const string Warm = "#b3541e";

    public static IReadOnlyList<ChartSpec> Of(Report report, TemplateSet set, ClassificationCatalogs catalogs)
    {
        var cells = report.Cells.GroupBy(c => (c.TableNo, c.RowKey, c.Column)).ToDictionary(g => g.Key, g => g.First().Value);
        decimal? Cell(string table, string row, int column) => cells.TryGetValue((table, row, column), out var v) ? v : null;
        var charts = new List<ChartSpec?>
        {
            Income(set, Cell),
            Functions(set, catalogs, report, Cell),
            PersonnelAndPublic(set, report, Cell),
            ThreePublic(set, Cell),
            FiscalByClass(set, Cell),
            BudgetAgainstActual(set, catalogs, report, Cell),
        };
        return charts.OfType<ChartSpec>().Where(c => c.Rows.Count > 0 && c.Rows.Any(r => r.Values.Any(v => v is not null and not 0))).ToList();
    }

    /// <summary>公开01表 收入: each source above the first total line.</summary>
    private static ChartSpec? Income(TemplateSet set, Func<string, string, int, decimal?> cell)
    {
        if (set.FindTable("01") is not { Panels.Count: > 0 } table)
        {
            return null;
        }

        var panel = table.Panels[0];
        var rows = panel.Rows.TakeWhile(r => !r.IsTotal).Where(r => !r.IsFiller)
            .Select(r => new ChartRow(r.Label, [cell("01", r.Key, panel.Columns[0].No)]))
            .Where(r => r.Values[0] is not null and not 0).ToList();
        return new ChartSpec("chart-income", "收入决算构成", $"{table.Caption} {table.Title}", [new("决算数", Dark)], rows);
    }

    /// <summary>公开03表 支出 by 功能分类 类, split into 基本支出 and 项目支出.</summary>
    private static ChartSpec? Functions(TemplateSet set, ClassificationCatalogs catalogs, Report report, Func<string, string, int, decimal?> cell)
    {
        if (set.FindTable("03") is not { CodedPanel.Coded: { } coded } table
            || Column(table.CodedPanel!, "基本支出") is not { } basic || Column(table.CodedPanel!, "项目支出") is not { } project)
        {
            return null;
        }

        var catalog = catalogs.ForTable(set, table);
        var rows = ClassCodes(report, "03", coded)
            .Select(code => new ChartRow($"{code} {catalog?.NameOf(code) ?? ""}".Trim(), [cell("03", code, basic), cell("03", code, project)]))
            .ToList();
        return new ChartSpec("chart-functions", "支出决算按功能分类（类）：基本支出与项目支出", $"{table.Caption} {table.Title}", [new("基本支出", Dark), new("项目支出", Warm)], rows);
    }

    /// <summary>公开06表: 人员经费 (工资福利支出 301, 对个人和家庭的补助 303) against 公用经费 (every other 类).</summary>
    private static ChartSpec? PersonnelAndPublic(TemplateSet set, Report report, Func<string, string, int, decimal?> cell)
    {
        if (set.FindTable("06") is not { } table)
        {
            return null;
        }

        var column = table.Panels[0].Columns[0].No;
        var classes = table.Panels.SelectMany(p => p.Rows).Where(r => r.Code is { Length: 3 }).Select(r => (r.Key, r.Code!)).ToList();
        if (classes.Count == 0 || !report.CellsOf("06").Any())
        {
            return null;
        }

        decimal Sum(Func<string, bool> which) => classes.Where(c => which(c.Item2)).Sum(c => cell("06", c.Key, column) ?? 0);
        var personnel = Sum(code => code is "301" or "303");
        var common = Sum(code => code is not "301" and not "303");
        return new ChartSpec("chart-personnel", "基本支出：人员经费与公用经费", $"{table.Caption} {table.Title}（人员经费 = 工资福利支出 + 对个人和家庭的补助，公用经费 = 其余各类）",
            [new("金额", Dark)], [new("人员经费", [personnel]), new("公用经费", [common])]);
    }

    /// <summary>公开09表 “三公”经费: each item's 全年预算数 against its 决算数.</summary>
    private static ChartSpec? ThreePublic(TemplateSet set, Func<string, string, int, decimal?> cell)
    {
        if (set.FindTable("09") is not { Panels.Count: > 0 } table
            || Column(table.Panels[0], "全年预算数") is not { } budget || Column(table.Panels[0], "决算数") is not { } actual)
        {
            return null;
        }

        // The items are the numbered lines (1. 2. 3.) of the first section, before 二、相关统计数.
        var items = table.Panels[0].Rows.Skip(1).TakeWhile(r => !r.Label.StartsWith("二、", StringComparison.Ordinal))
            .Where(r => r.Label.Length > 1 && char.IsAsciiDigit(r.Label[0]) && r.Label[1] == '.').ToList();
        var rows = items.Select(r => new ChartRow(r.Label[2..], [cell("09", r.Key, budget), cell("09", r.Key, actual)])).ToList();
        return new ChartSpec("chart-three-public", "“三公”经费：全年预算数与决算数", $"{table.Caption} {table.Title}", [new("全年预算数", Warm), new("决算数", Dark)], rows);
    }

    /// <summary>公开04表 财政拨款支出 by 功能分类 类 and by kind of 财政拨款 (kinds with no amount at all are left out).</summary>
    private static ChartSpec? FiscalByClass(TemplateSet set, Func<string, string, int, decimal?> cell)
    {
        if (set.FindTable("04") is not { Panels.Count: > 1 } table)
        {
            return null;
        }

        var panel = table.Panels[1];
        var classes = panel.Rows.Where(r => r.Code is { Length: 3 }).ToList();
        var kinds = panel.Columns.Skip(1).Where(c => classes.Any(r => cell("04", r.Key, c.No) is not null and not 0)).ToList();
        string[] fills = [Dark, Warm, "#5b7f3a"];
        var rows = classes.Where(r => kinds.Any(c => cell("04", r.Key, c.No) is not null and not 0))
            .Select(r => new ChartRow(r.Label, kinds.Select(c => cell("04", r.Key, c.No)).ToList())).ToList();
        return new ChartSpec("chart-fiscal", "财政拨款支出决算按功能分类（类）", $"{table.Caption} {table.Title}",
            kinds.Select((c, i) => new ChartSeries(c.Label, fills[i % fills.Length])).ToList(), rows);
    }

    /// <summary>Per 功能分类 类: 年初预算 (情况说明 input 年初预算.类) against 决算 (公开05表 本年支出合计).</summary>
    private static ChartSpec? BudgetAgainstActual(TemplateSet set, ClassificationCatalogs catalogs, Report report, Func<string, string, int, decimal?> cell)
    {
        if (set.FindTable("05") is not { CodedPanel.Coded: { } coded } table)
        {
            return null;
        }

        var inputs = report.NarrativeInputMap();
        var budgets = inputs.Where(i => i.Key.StartsWith("年初预算.", StringComparison.Ordinal) && i.Key.Length == "年初预算.".Length + coded.LevelLengths[0])
            .ToDictionary(i => i.Key["年初预算.".Length..], i => i.Value);
        if (budgets.Count == 0)
        {
            return null;
        }

        var catalog = catalogs.ForTable(set, table);
        var column = table.CodedPanel!.Columns[0].No;
        var codes = ClassCodes(report, "05", coded).Union(budgets.Keys).Order(StringComparer.Ordinal);
        var rows = codes.Select(code => new ChartRow($"{code} {catalog?.NameOf(code) ?? ""}".Trim(), [budgets.TryGetValue(code, out var b) ? b : null, cell("05", code, column)])).ToList();
        return new ChartSpec("chart-budget", "一般公共预算财政拨款支出：年初预算与决算（按功能分类类）", $"{table.Caption} {table.Title}；年初预算数取自情况说明",
            [new("年初预算", Warm), new("决算", Dark)], rows);
    }

    private static IEnumerable<string> ClassCodes(Report report, string tableNo, CodedRows coded) =>
        report.CellsOf(tableNo).Select(c => c.RowKey)
            .Where(k => k != coded.TotalKey && k.Length == coded.LevelLengths[0] && ClassificationCode.LevelOf(k, coded.LevelLengths) == 0)
            .Distinct().Order(StringComparer.Ordinal);

    private static int? Column(TablePanel panel, string label) => panel.Columns.FirstOrDefault(c => c.Label == label)?.No;

    /// <summary>A value as the tables print amounts.</summary>
    public static string Show(decimal? value) => value?.ToString("#,##0.00", CultureInfo.InvariantCulture) ?? "—";
}
