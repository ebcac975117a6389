using System.Text.RegularExpressions;
using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Templates;

namespace FinalAccounts.Infrastructure.Seeding;

/// <summary>
/// The demo's synthetic region (issue 14 item 8): departments of a made-up 演示省, every one marked
/// <see cref="Department.Synthetic"/> (演示数据), with reports generated from the real published demo report
/// (景德镇市政务服务数据管理局 2023). Amounts move between sibling 项 and between items of 工资福利支出 exactly as
/// <see cref="ReportGenerator"/> does, so every total, every hierarchy, every cross-table identity and every figure
/// the 情况说明 states (which are totals) keeps holding; place names and years in the texts follow the department.
/// Deterministic: the same data on every start and every node.
/// </summary>
public static partial class SyntheticRegion
{
    /// <summary>The region paths, as the region tree names them.</summary>
    public static readonly IReadOnlyList<string> Regions = ["演示省", "演示省东湖市", "演示省西山市", "演示省东湖市南岸县", "演示省西山市北坡县"];

    /// <summary>Years generated. jiangxi-2023 applies to 2022–2026, so 2021 (asked for in issue 14) is not generated.</summary>
    public static readonly IReadOnlyList<int> Years = [2022, 2023];

    /// <summary>情况说明九 (预算绩效), left out with the 绩效 tables.</summary>
    private const string PerformanceSection = "九、";

    /// <summary>The text every page and file shows for such a department.</summary>
    public const string Label = "演示数据";

    /// <summary>One synthetic department and what it has for each year (absent year: not started).</summary>
    public sealed record Plan(string Code, string Name, string Region, string Level, IReadOnlyDictionary<int, ReportStatus> Years);

    private static readonly Dictionary<int, ReportStatus> BothPublished = new() { [2022] = ReportStatus.Published, [2023] = ReportStatus.Published };

    /// <summary>
    /// Eight departments; 2023 has one report submitted (awaiting review) and one department not started, so the
    /// year's publication progress shows every state.
    /// </summary>
    public static readonly IReadOnlyList<Plan> Plans =
    [
        new("demo-zwsj", "演示省政务服务数据管理局", "演示省", "省级", BothPublished),
        new("demo-dsjzx", "演示省大数据中心", "演示省", "省级", BothPublished),
        new("demo-dh-zwsj", "演示省东湖市政务服务数据管理局", "演示省东湖市", "市级", BothPublished),
        new("demo-dh-zwfwzx", "演示省东湖市政务服务中心", "演示省东湖市", "市级", BothPublished),
        new("demo-xs-zwsj", "演示省西山市政务服务数据管理局", "演示省西山市", "市级", BothPublished),
        new("demo-xs-rx", "演示省西山市政务服务便民热线中心", "演示省西山市", "市级", new Dictionary<int, ReportStatus> { [2022] = ReportStatus.Published }),
        new("demo-na-zwsj", "演示省东湖市南岸县政务服务数据管理局", "演示省东湖市南岸县", "县级", BothPublished),
        new("demo-bp-zwsj", "演示省西山市北坡县政务服务数据管理局", "演示省西山市北坡县", "县级",
            new Dictionary<int, ReportStatus> { [2022] = ReportStatus.Published, [2023] = ReportStatus.Submitted }),
    ];

    /// <summary>A generated department with its reports (each still a draft; the seeder moves them to their status).</summary>
    public sealed record Generated(Department Department, IReadOnlyList<(Report Report, ReportStatus Status)> Reports);

    /// <summary>The real report's cells, validated as the importer validates them.</summary>
    public static List<ReportCell> SourceCells(ReferenceData reference, ReportData source)
    {
        var set = reference.Templates.Find(source.TemplateSet) ?? throw new InvalidOperationException($"模板 {source.TemplateSet} 不存在");
        return source.Tables.SelectMany(t =>
        {
            var table = set.FindTable(t.TableNo) ?? throw new InvalidOperationException($"模板 {set.Id} 没有公开{t.TableNo}表");
            var cells = TableCellsValidator.Validate(table, reference.Catalogs.ForTable(set, table), t.Cells.Select(c => new CellInput(c.Row, c.Col, c.Value)));
            return cells.IsSuccess ? cells.Value : throw new InvalidOperationException("演示数据无效：" + string.Join("；", cells.Errors));
        }).ToList();
    }

    /// <summary>Generates every planned department from the real demo report.</summary>
    public static IReadOnlyList<Generated> Generate(ReferenceData reference, DateTimeOffset at)
    {
        var real = DemoDataSeeder.ReadPublishedDemo();
        var source = real.Reports.Single(r => r.FiscalYear == 2023);
        var cells = SourceCells(reference, source);
        var result = new List<Generated>();
        for (var i = 0; i < Plans.Count; i++)
        {
            var plan = Plans[i];
            var department = new Department(plan.Code, plan.Name, plan.Region, plan.Level);
            department.MarkSynthetic();
            var reports = new List<(Report, ReportStatus)>();
            foreach (var (year, status) in plan.Years.OrderBy(y => y.Key))
            {
                // A fixed seed per department-year: the same figures on every start and every node.
                var generated = ReportGenerator.Generate(cells, 1, seed: 1000 + (i * 100) + year).Single();
                reports.Add((Build(department, source, generated, year, at), status));
            }

            var latest = reports[^1].Item1;
            department.SetProfile(latest.Duties, latest.Units.Select(u => new BudgetUnit(u.Seq, u.Name, u.BudgetLevel)));
            result.Add(new Generated(department, reports));
        }

        return result;
    }

    private static Report Build(Department department, ReportData source, List<ReportCell> cells, int year, DateTimeOffset at)
    {
        string Text(string? text) => Localise(text ?? "", department, year);
        var report = new Report(department, year, source.TemplateSet, 1, at);
        var overview = source.Overview;
        var staff = overview?.Staff;
        report.SetOverview(
            department.Name,
            Text(overview?.Duties),
            (overview?.Units ?? []).Select(u => new BudgetUnit(u.Seq, Text(u.Name), u.BudgetLevel)),
            new StaffCounts(staff?.Active, staff?.Retired, staff?.Other, staff?.RetiredPaidByPensionFund));
        report.SetNarrative((source.Narrative ?? []).Where(n => !n.Heading.StartsWith(PerformanceSection, StringComparison.Ordinal))
            .Select(n => new NarrativeSection(n.Order, n.Heading, Text(n.Text))));
        report.SetGlossary((source.Glossary ?? []).Select(g => new GlossaryTerm(g.Order, g.Term, g.Definition)));
        // The real 绩效 tables and 情况说明九 carry the real report's own scoring defects (P-01, P-13, N9-03 and N9-04
        // fail at error level); a generated report must reconcile, so it has neither: the P, D and N9 rules do not apply.
        foreach (var table in cells.GroupBy(c => c.TableNo))
        {
            report.ReplaceTable(table.Key, table.ToList(), at);
        }

        return report;
    }

    /// <summary>
    /// The real department's place becomes the synthetic department's region, and the years move with the report
    /// (the report year and the year before it); amounts are left as they are.
    /// </summary>
    public static string Localise(string text, Department department, int year)
    {
        var place = department.Region;
        text = text.Replace("景德镇市", place, StringComparison.Ordinal).Replace("景德镇", place, StringComparison.Ordinal);
        return YearBeforeNian().Replace(text, m => m.Value == "2023" ? year.ToString(System.Globalization.CultureInfo.InvariantCulture) : (year - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    // 2023 or 2022 used as a year (followed by 年), not digits inside an amount.
    [GeneratedRegex(@"(?<![\d.])202[23](?=年)", RegexOptions.CultureInvariant)]
    private static partial Regex YearBeforeNian();
}
