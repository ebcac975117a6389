using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FinalAccounts.Domain.Performance;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Reconciliation;
using FinalAccounts.Infrastructure.Templates;

namespace FinalAccounts.Web.Components.Reports;

/// <summary>
/// What the 绩效 part of a report page needs beyond the document: the indicator tree as rows with the rowspans of
/// their merged 一级/二级 cells, cell anchors the certificate links to, number formats, the chart's geometry, and the
/// old pipe-separated 绩效 lines of a 情况说明 that the tables replace.
/// </summary>
public static class PerformanceView
{
    /// <summary>What 情况说明 shows where it carried a 绩效 table as text, once the tables are published as tables.</summary>
    public const string SheetTextReplacement = "（绩效自评表见第五部分 附件：预算绩效。）";

    /// <summary>A report's 绩效 document and the grade scheme it is read with (the template set's, or 四档 without one).</summary>
    public static (PerformanceDocument Document, GradeScheme Grades)? Of(Report report, ReferenceData reference)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(reference);
        if (ReconciliationService.PerformanceOf(report) is not { } document)
        {
            return null;
        }

        var grades = reference.Performance.Find(report.TemplateSetId)?.Grades(document.GradeScheme)
            ?? new GradeScheme("四档", "四档", [new("优", 90), new("良", 80), new("中", 60), new("差", 0)]);
        return (document, grades);
    }

    /// <summary>One 三级 row of an indicator tree; a span &gt; 0 starts a merged 一级 or 二级 cell of that many rows.</summary>
    public sealed record IndicatorRow(PerformanceIndicator Indicator, int Level1Span, int Level2Span);

    /// <summary>
    /// The rows of an indicator tree in document order: consecutive indicators with the same 一级 share one merged
    /// cell, and within it consecutive ones with the same 二级 (as the printed 自评表 merges them).
    /// </summary>
    public static IReadOnlyList<IndicatorRow> Rows(IReadOnlyList<PerformanceIndicator> indicators)
    {
        var rows = new List<IndicatorRow>(indicators.Count);
        for (var i = 0; i < indicators.Count; i++)
        {
            var level1 = 0;
            if (i == 0 || indicators[i - 1].Level1 != indicators[i].Level1)
            {
                while (i + level1 < indicators.Count && indicators[i + level1].Level1 == indicators[i].Level1)
                {
                    level1++;
                }
            }

            var level2 = 0;
            if (i == 0 || indicators[i - 1].Level1 != indicators[i].Level1 || indicators[i - 1].Level2 != indicators[i].Level2)
            {
                while (i + level2 < indicators.Count && indicators[i + level2].Level1 == indicators[i].Level1 && indicators[i + level2].Level2 == indicators[i].Level2)
                {
                    level2++;
                }
            }

            rows.Add(new IndicatorRow(indicators[i], level1, level2));
        }

        return rows;
    }

    /// <summary>
    /// The id of a 绩效 cell on the page, from the address the P/D checks give it (<see cref="PerformanceChecks.Cell"/>:
    /// row key <c>sheet|project|indicator</c> and column), so a finding links to the cell it read.
    /// </summary>
    public static string Anchor(string rowKey, PerformanceColumn column) => Anchor(rowKey, (int)column);

    public static string Anchor(string rowKey, int column)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{rowKey}#{column}"));
        return "p-" + Convert.ToHexStringLower(hash, 0, 6);
    }

    public static string Anchor(string sheet, string? project, string? indicator, PerformanceColumn column) =>
        Anchor($"{sheet}|{project}|{indicator}", column);

    /// <summary>An amount or score as typed (the document keeps the printed precision); blank when absent.</summary>
    public static string Show(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    public static string Percent(decimal? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) + "%" : "";

    /// <summary>Projects that print a whole 项目支出绩效自评表 (funds or indicators), not just their score.</summary>
    public static IEnumerable<SelfEvaluation> FullSheets(PerformanceDocument document) =>
        document.Projects.Where(p => p.Funds is not null || p.Indicators.Count > 0);

    /// <summary>
    /// A 情况说明's paragraphs without the 绩效 tables it carried as text (a sheet title, then lines of cells joined
    /// by “|”, up to the sheet's closing 说明), each such block replaced by <paramref name="replacement"/>; paragraphs
    /// outside those blocks are kept as they are.
    /// </summary>
    public static IReadOnlyList<string> WithoutSheetText(IReadOnlyList<string> paragraphs, string replacement)
    {
        var kept = new List<string>(paragraphs.Count);
        for (var i = 0; i < paragraphs.Count; i++)
        {
            if (IsSheetTitle(paragraphs[i]) && FirstCellLine(paragraphs, i + 1) is { } first)
            {
                // The block: every line up to the last one holding cells, lines between them (年度, a goal), and the sheet's 说明.
                var end = first;
                for (var j = first + 1; j < paragraphs.Count && IsInsideSheet(paragraphs[j]); j++)
                {
                    if (paragraphs[j].Contains('|'))
                    {
                        end = j;
                    }
                }

                if (end + 1 < paragraphs.Count && paragraphs[end + 1].StartsWith("说明：", StringComparison.Ordinal))
                {
                    end++;
                }

                kept.Add(replacement);
                i = end;
                continue;
            }

            kept.Add(paragraphs[i]);
        }

        return kept;
    }

    private static bool IsSheetTitle(string line) =>
        line.EndsWith("绩效自评表", StringComparison.Ordinal) && line.Length <= 40 && !line.Contains('|');

    private static int? FirstCellLine(IReadOnlyList<string> paragraphs, int from)
    {
        for (var j = from; j < Math.Min(paragraphs.Count, from + 3); j++)
        {
            if (paragraphs[j].Contains('|'))
            {
                return j;
            }
        }

        return null;
    }

    // Inside a sheet: a line of cells, or a short line without a full stop (a goal such as “全年目标实际完成100%”).
    private static bool IsInsideSheet(string line) => line.Contains('|') || (line.Length <= 40 && !line.Contains('。'));

    /// <summary>The bars of the project score chart: one per project with a score, in document order.</summary>
    public sealed record Bar(int Index, string Name, decimal Score, string? StatedGrade, string Grade);

    public static IReadOnlyList<Bar> Bars(PerformanceDocument document, GradeScheme grades) =>
        document.Projects.Where(p => p.TotalScore is not null)
            .Select((p, i) => new Bar(i + 1, p.Name, p.TotalScore!.Value, p.Grade, grades.GradeOf(p.TotalScore!.Value)))
            .ToList();

    /// <summary>The score bands of a scheme from the lowest, as [min, max) on the 0–100 axis.</summary>
    public static IReadOnlyList<(string Grade, decimal Min, decimal Max)> Bands(GradeScheme grades)
    {
        var bands = new List<(string, decimal, decimal)>();
        for (var i = grades.Bands.Count - 1; i >= 0; i--)
        {
            var max = i == 0 ? 100m : grades.Bands[i - 1].Min;
            bands.Add((grades.Bands[i].Grade, Math.Max(0, grades.Bands[i].Min), Math.Min(100, max)));
        }

        return bands;
    }

    /// <summary>The chart's text alternative: every project's score and grade, and the average.</summary>
    public static string Describe(IReadOnlyList<Bar> bars, GradeScheme grades)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{bars.Count} 个项目的绩效自评得分（横轴 0–100 分，底色为{grades.Label}等级区间：");
        text.Append(string.Join("，", Bands(grades).Reverse().Select(b => $"{b.Grade} {grades.RangeOf(b.Grade)}")));
        text.Append("）。");
        text.Append(string.Join("；", bars.Select(b => $"{b.Index}. {b.Name} {Show(b.Score)} 分，{b.Grade}")));
        if (bars.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"。平均 {Math.Round(bars.Average(b => b.Score), 2).ToString(CultureInfo.InvariantCulture)} 分。");
        }

        return text.ToString();
    }

    public static string BandClass(string grade, GradeScheme grades)
    {
        var index = grades.Bands.ToList().FindIndex(b => b.Grade == grade);
        return "band-" + (index < 0 ? "x" : index.ToString(CultureInfo.InvariantCulture));
    }

    public static string X(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
