using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Web.Components.Reports;

/// <summary>
/// A department's published years side by side (ADR 0024): the totals (收入合计, 支出合计, 基本支出, 项目支出,
/// 财政拨款支出) and the “三公” 经费 (total and each item), found in each year's tables by the template's labels, as
/// bar charts whose data tables are the trend tables. A figure a year's template does not have stays blank (—).
/// </summary>
public static class YearTrend
{
    private static readonly string[] Fills = ["#2f4b7c", "#b3541e", "#5b7f3a", "#7a3b69", "#1f7a8c", "#8c6d1f", "#555555"];

    public static IReadOnlyList<ChartSpec> Of(IReadOnlyList<Report> reports, TemplateSetRegistry templates)
    {
        var years = reports.Where(r => templates.Find(r.TemplateSetId) is not null).OrderBy(r => r.FiscalYear).ToList();
        if (years.Count == 0)
        {
            return [];
        }

        var series = years.Select((r, i) => new ChartSeries($"{r.FiscalYear}年", Fills[i % Fills.Length])).ToList();
        var values = years.Select(r => Figures(r, templates.Find(r.TemplateSetId)!)).ToList();
        var totalLabels = new[] { "收入合计", "支出合计", "基本支出", "项目支出", "财政拨款支出" };
        var threePublicLabels = values.SelectMany(v => v.Keys).Where(k => !totalLabels.Contains(k)).Distinct().ToList();
        ChartRow Row(string label) => new(label, values.Select(v => v.GetValueOrDefault(label)).ToList());
        var span = years.Count == 1 ? $"{years[0].FiscalYear}" : $"{years[0].FiscalYear}–{years[^1].FiscalYear}";
        var source = $"各年度已公开的部门决算（最新修订版）：{string.Join("、", years.Select(r => $"{r.FiscalYear} 年第 {r.Revision} 版"))}";
        return new[]
        {
            new ChartSpec("chart-trend-totals", $"主要收支历年对比（{span} 年度）", source + "；公开01表、03表、04表", series, totalLabels.Select(Row).ToList()),
            new ChartSpec("chart-trend-three-public", $"“三公”经费决算数历年对比（{span} 年度）", source + "；公开09表", series, threePublicLabels.Select(Row).ToList()),
        }.Where(c => c.Rows.Any(r => r.Values.Any(v => v is not null))).ToList();
    }

    /// <summary>One year's figures by label (null = the template or the report does not have it).</summary>
    internal static Dictionary<string, decimal?> Figures(Report report, TemplateSet set)
    {
        var cells = report.Cells.GroupBy(c => (c.TableNo, c.RowKey, c.Column)).ToDictionary(g => g.Key, g => g.First().Value);
        decimal? Cell(string table, string? row, int? column) =>
            row is not null && column is { } c && cells.TryGetValue((table, row, c), out var v) ? v : null;

        var figures = new Dictionary<string, decimal?>(StringComparer.Ordinal)
        {
            ["收入合计"] = ByLabel("01", "本年收入合计"),
            ["支出合计"] = ByLabel("01", "本年支出合计"),
            ["基本支出"] = CodedTotal("03", "基本支出"),
            ["项目支出"] = CodedTotal("03", "项目支出"),
            ["财政拨款支出"] = ByLabel("04", "本年支出合计"),
        };

        // 公开09表: the first line is the “三公” total, then the numbered items (1. 2. 3.) before 二、相关统计数.
        if (set.FindTable("09") is { Panels.Count: > 0 } table && table.Panels[0].Columns.FirstOrDefault(c => c.Label == "决算数") is { } actual)
        {
            var rows = table.Panels[0].Rows.Where(r => !r.IsFiller).ToList();
            if (rows.Count > 0)
            {
                figures["“三公”经费合计"] = Cell("09", rows[0].Key, actual.No);
            }

            foreach (var item in rows.Skip(1).TakeWhile(r => !r.Label.StartsWith("二、", StringComparison.Ordinal))
                         .Where(r => r.Label.Length > 2 && char.IsAsciiDigit(r.Label[0]) && r.Label[1] == '.'))
            {
                figures[item.Label[2..]] = Cell("09", item.Key, actual.No);
            }
        }

        return figures;

        // A fixed row found by its label, in the first 栏次 of its panel (01表's 本年收入合计 and 本年支出合计 are in different panels).
        decimal? ByLabel(string tableNo, string label)
        {
            var panel = set.FindTable(tableNo)?.Panels.FirstOrDefault(p => p.Rows.Any(r => r.Label == label));
            return panel is null ? null : Cell(tableNo, panel.Rows.First(r => r.Label == label).Key, panel.Columns.FirstOrDefault()?.No);
        }

        decimal? CodedTotal(string tableNo, string column)
        {
            var panel = set.FindTable(tableNo)?.CodedPanel;
            return panel?.Coded is { } coded ? Cell(tableNo, coded.TotalKey, panel.Columns.FirstOrDefault(c => c.Label == column)?.No) : null;
        }
    }
}
