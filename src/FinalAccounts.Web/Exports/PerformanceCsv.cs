using System.Globalization;
using System.Text;
using FinalAccounts.Domain.Performance;
using FinalAccounts.Web.Components.Reports;

namespace FinalAccounts.Web.Exports;

/// <summary>
/// The 绩效 sheets of a report as CSV files for the auditor pack (UTF-8 with BOM, like the table CSVs): the
/// 部门整体支出绩效自评表, each 项目支出绩效自评表 printed in full, the project scores, each 部门评价评分表 and each
/// 财政评价结果反馈. Indicator rows repeat their 一级/二级 (a CSV has no merged cells). Amounts as typed.
/// </summary>
public static class PerformanceCsv
{
    public static IReadOnlyList<(string Name, byte[] Bytes)> Sheets(PerformanceDocument document, GradeScheme grades)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(grades);
        var sheets = new List<(string, byte[])>();
        if (document.Department is { } department)
        {
            sheets.Add(("部门整体支出绩效自评表", SelfEvaluation(department, grades)));
        }

        foreach (var (project, i) in PerformanceView.FullSheets(document).Select((p, i) => (p, i)))
        {
            sheets.Add(($"项目支出绩效自评表-{i + 1:00}-{FileName(project.Name)}", SelfEvaluation(project, grades)));
        }

        var bars = PerformanceView.Bars(document, grades);
        if (bars.Count > 0 || document.Summary is not null)
        {
            var rows = new List<IEnumerable<string>> { new[] { "序号", "项目名称", "自评得分", "自评等级", "按得分区间的等级" } };
            rows.AddRange(bars.Select(b => new[] { b.Index.ToString(CultureInfo.InvariantCulture), b.Name, Show(b.Score), b.StatedGrade ?? "", b.Grade }));
            if (document.Summary is { } summary)
            {
                rows.Add(["情况说明所述", $"{summary.ProjectCount} 个项目，涉及资金 {Show(summary.CoveredFunds)} 万元，平均分", Show(summary.Average), summary.AverageGrade ?? "", summary.Average is { } a ? grades.GradeOf(a) : ""]);
                rows.AddRange(summary.GradeCounts.Select(g => new[] { "情况说明所述等级个数", g.Key, g.Value.ToString(CultureInfo.InvariantCulture), "", "" }));
            }

            sheets.Add(("项目自评得分", Write(rows)));
        }

        foreach (var (evaluation, i) in document.Evaluations.Select((e, i) => (e, i)))
        {
            var rows = new List<IEnumerable<string>>
            {
                new[] { "项目", evaluation.Project, "预算", Show(evaluation.Budget), "支出", Show(evaluation.Spent) },
                new[] { "一级指标", "一级分值", "一级得分", "得分率", "二级指标", "三级指标", "分值", "得分" },
            };
            foreach (var section in evaluation.Sections)
            {
                rows.Add([section.Name, Show(section.Weight), Show(section.Score), Show(section.ScoreRate), "", "", "", ""]);
                foreach (var group in section.Groups)
                {
                    rows.AddRange(group.Indicators.Select(x => new[] { section.Name, "", "", "", group.Name, x.Name, Show(x.Weight), Show(x.Score) }));
                }
            }

            rows.Add(["评价得分", Show(evaluation.Score), "等级", evaluation.Grade ?? ""]);
            sheets.Add(($"部门评价-{i + 1:00}-{FileName(evaluation.Project)}", Write(rows)));
        }

        foreach (var (feedback, i) in document.FinanceFeedbacks.Select((f, i) => (f, i)))
        {
            var rows = new List<IEnumerable<string>>
            {
                new[] { "评价单位", feedback.Organisation },
                new[] { "评价机构", feedback.Agency ?? "" },
                new[] { "被评价部门", feedback.Department },
                new[] { "评价类型", feedback.EvaluationType },
                new[] { "年度", feedback.Year.ToString(CultureInfo.InvariantCulture) },
                new[] { "评价得分", Show(feedback.Score) },
                new[] { "评价等级", feedback.Grade ?? "" },
                new[] { "本年预算收入", Show(feedback.BudgetIncome) },
                new[] { "财政拨款收入", Show(feedback.FiscalAppropriationIncome) },
                new[] { "上年结转", Show(feedback.CarriedForward) },
                new[] { "其他收入", Show(feedback.OtherIncome) },
                new[] { "预算实际执行数", Show(feedback.Executed) },
                new[] { "财政年终收回", Show(feedback.Recovered) },
                new[] { "下属单位个数", feedback.SubordinateUnits?.ToString(CultureInfo.InvariantCulture) ?? "" },
            };
            rows.AddRange(feedback.Findings.Select(f => new[] { "主要问题", f }));
            sheets.Add(($"财政评价结果反馈-{i + 1:00}", Write(rows)));
        }

        return sheets;
    }

    private static byte[] SelfEvaluation(SelfEvaluation e, GradeScheme grades)
    {
        var rows = new List<IEnumerable<string>>
        {
            e.SubordinateUnits is { } units
                ? new[] { e.Kind == SelfEvaluationKind.Department ? "评价部门名称" : "项目名称", e.Name, "下属单位个数", units.ToString(CultureInfo.InvariantCulture) }
                : new[] { e.Kind == SelfEvaluationKind.Department ? "评价部门名称" : "项目名称", e.Name },
        };
        if (e.Funds is { } funds)
        {
            rows.Add(["资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "资金分组"]);
            rows.AddRange(new[] { funds.Total }.Concat(funds.Rows).Select(r => new[]
            {
                r.Name, Show(r.InitialBudget), Show(r.FullYearBudget), Show(r.Executed), Show(r.Weight), Show(r.ExecutionRate), Show(r.Score), r.Group ?? "",
            }));
        }

        if (e.Goals.Count > 0)
        {
            rows.Add(["年度总体目标", "预期目标", "实际完成情况"]);
            rows.AddRange(e.Goals.Select(g => new[] { "", g.Expected, g.Actual }));
        }

        if (e.Indicators.Count > 0)
        {
            rows.Add(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]);
            rows.AddRange(e.Indicators.Select(i => new[] { i.Level1, i.Level2, i.Name, i.Target.Text, i.Actual, Show(i.Weight), Show(i.Score), i.Deviation ?? "" }));
        }

        rows.Add(["总分", Show(e.TotalWeight), Show(e.TotalScore)]);
        rows.Add(["等级", e.Grade ?? "", e.TotalScore is { } s ? $"按{grades.Label}得分区间：{grades.GradeOf(s)}" : ""]);
        return Write(rows);
    }

    private static byte[] Write(IEnumerable<IEnumerable<string>> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(string.Join(',', row.Select(Quote))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static string Show(decimal? value) => PerformanceView.Show(value);

    /// <summary>A name usable as a zip entry on every system: no path separators or characters Windows refuses.</summary>
    private static string FileName(string name)
    {
        var cleaned = new string(name.Select(c => "\\/:*?\"<>|".Contains(c, StringComparison.Ordinal) || char.IsControl(c) ? '_' : c).ToArray()).Trim();
        return cleaned.Length > 60 ? cleaned[..60] : cleaned;
    }
}
