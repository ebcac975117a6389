using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Infrastructure.Regions;
using FinalAccounts.Web.Components.Reports;

namespace FinalAccounts.Web.Components.Regions;

/// <summary>Where a department stands for the public: 已公开, 已报送 (submitted or approved, under review), 填报中, 未开始.</summary>
public enum PublicationState
{
    Published,
    Submitted,
    Drafting,
    NotStarted,
}

/// <summary>
/// One department's row on a region page: its published totals (null when not published or not in its template), staff
/// from the published 概况 and the per-staff figure. Unpublished revisions contribute their state only.
/// </summary>
public sealed record RegionRow(string Code, string Name, string Region, PublicationState State, int? Revision, DateTimeOffset? PublishedAt,
    decimal? Income, decimal? Expenditure, decimal? Basic, decimal? Project, decimal? ThreePublic, int? Staff)
{
    /// <summary>本年支出合计 per person in 在职人员 (万元/人), when both are known.</summary>
    public decimal? PerStaff => Expenditure is { } e && Staff is > 0 ? Math.Round(e / Staff.Value, 2) : null;

    public static string StateText(PublicationState state) => state switch
    {
        PublicationState.Published => "已公开",
        PublicationState.Submitted => "已报送（审核中）",
        PublicationState.Drafting => "填报中",
        _ => "未开始",
    };

    /// <summary>The row of a department: figures read only from its published revision, found by the template's labels.</summary>
    public static RegionRow Of(RegionDepartmentYear entry, TemplateSetRegistry templates)
    {
        var d = entry.Department;
        var state = entry.Published is not null ? PublicationState.Published
            : entry.LatestStatus is ReportStatus.Submitted or ReportStatus.Approved ? PublicationState.Submitted
            : entry.LatestStatus is null ? PublicationState.NotStarted : PublicationState.Drafting;
        if (entry.Published is not { } report || templates.Find(report.TemplateSetId) is not { } set)
        {
            return new RegionRow(d.Code, d.Name, d.Region, state, null, null, null, null, null, null, null, null);
        }

        var cells = report.Cells.GroupBy(c => (c.TableNo, c.RowKey, c.Column)).ToDictionary(g => g.Key, g => g.First().Value);
        decimal? Cell(string table, string row, int column) => cells.TryGetValue((table, row, column), out var v) ? v : null;
        return new RegionRow(d.Code, d.Name, d.Region, state, report.Revision, report.PublishedAt,
            Labelled(set, "01", "本年收入合计", Cell), Labelled(set, "01", "本年支出合计", Cell),
            Coded(set, "03", "基本支出", Cell), Coded(set, "03", "项目支出", Cell), ThreePublicTotal(set, Cell), report.Staff.Active);
    }

    /// <summary>The first column of the panel holding the labelled row (公开01表 收入/支出 totals).</summary>
    private static decimal? Labelled(TemplateSet set, string tableNo, string label, Func<string, string, int, decimal?> cell)
    {
        var panel = set.FindTable(tableNo)?.Panels.FirstOrDefault(p => p.Rows.Any(r => r.Label == label));
        return panel is null ? null : cell(tableNo, panel.Rows.First(r => r.Label == label).Key, panel.Columns[0].No);
    }

    /// <summary>The 合计 row of a coded table in the named column (公开03表 基本支出, 项目支出).</summary>
    private static decimal? Coded(TemplateSet set, string tableNo, string column, Func<string, string, int, decimal?> cell)
    {
        var panel = set.FindTable(tableNo)?.CodedPanel;
        var no = panel?.Columns.FirstOrDefault(c => c.Label == column)?.No;
        return panel?.Coded is { } coded && no is { } n ? cell(tableNo, coded.TotalKey, n) : null;
    }

    /// <summary>
    /// The 三公 table's total line in its 决算数 column: jiangxi-2023's “一、“三公”经费支出” × 决算数, shanghai-2024's one
    /// row “财政拨款“三公”经费” × “合计 决算数”. A template laying 三公 out otherwise gives none: the page shows “—”.
    /// </summary>
    private static decimal? ThreePublicTotal(TemplateSet set, Func<string, string, int, decimal?> cell)
    {
        foreach (var table in set.Tables.Where(t => t.Title.Contains("三公", StringComparison.Ordinal)))
        {
            var panel = table.Panels.FirstOrDefault();
            var row = panel?.Rows.FirstOrDefault(r => r.Label.Contains("“三公”经费", StringComparison.Ordinal));
            var column = panel?.Columns.FirstOrDefault(c => c.Label is "决算数" or "合计 决算数")?.No;
            if (row is not null && column is { } no)
            {
                return cell(table.TableNo, row.Key, no);
            }
        }

        return null;
    }

    /// <summary>The region's figures as charts: each department's 基本/项目支出, and the region's totals.</summary>
    public static IReadOnlyList<ChartSpec> Charts(string regionName, IReadOnlyList<RegionRow> rows)
    {
        var published = rows.Where(r => r.State == PublicationState.Published).ToList();
        if (published.Count == 0)
        {
            return [];
        }

        static decimal? Sum(IEnumerable<decimal?> values) => values.Any(v => v is not null) ? values.Sum(v => v ?? 0) : null;
        var byDepartment = new ChartSpec("chart-region-departments", $"{regionName}各部门本年支出：基本支出与项目支出", "各部门已公开决算的公开03表 支出决算表（合计行）",
            [new("基本支出", "#2f4b7c"), new("项目支出", "#b3541e")],
            published.OrderByDescending(r => r.Expenditure ?? 0).Select(r => new ChartRow(r.Name, [r.Basic, r.Project])).ToList());
        var totals = new ChartSpec("chart-region-totals", $"{regionName}合计（{published.Count} 个已公开部门）", "各部门已公开决算的公开01表、公开03表和“三公”经费表",
            [new("合计", "#2f4b7c")],
            [
                new("本年收入合计", [Sum(published.Select(r => r.Income))]),
                new("本年支出合计", [Sum(published.Select(r => r.Expenditure))]),
                new("基本支出", [Sum(published.Select(r => r.Basic))]),
                new("项目支出", [Sum(published.Select(r => r.Project))]),
                new("“三公”经费", [Sum(published.Select(r => r.ThreePublic))]),
            ]);
        return [byDepartment, totals];
    }
}
