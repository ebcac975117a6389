using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FinalAccounts.Tests.Shared;

/// <summary>A cell of the reconstructed tables, as the table API takes it.</summary>
public sealed record Seed001Cell(string Table, string Row, int Col, string Value);

/// <summary>
/// Seed 001, a second real report (南昌市东湖区政务服务数据管理局 2022年度部门决算): its 情况说明 and 名词解释 exactly as
/// printed (PDF line breaks, stray spaces, page-break indents) and the ten tables reconstructed from every figure its
/// text states, because the PDF omits them (Fixtures/seed001/report.json says how). Shared by the domain and API tests.
/// </summary>
public static partial class Seed001Report
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "seed001");
    private static readonly Lazy<JsonDocument> Report = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "report.json"))));

    public const int FiscalYear = 2022;

    public static string DepartmentName => Root.GetProperty("department").GetProperty("name").GetString()!;

    /// <summary>第三部分 as printed, from “一、收入决算情况说明” to the end of 九.</summary>
    public static string RawNarrative => File.ReadAllText(Path.Combine(Directory, "qingkuangshuoming.txt"));

    /// <summary>第四部分 名词解释 as printed.</summary>
    public static string RawGlossary => File.ReadAllText(Path.Combine(Directory, "mingcijieshi.txt"));

    /// <summary>The printed headings of 一 … 九 (九 reads “预算绩效评价情况说明”).</summary>
    public static IReadOnlyList<string> Headings => Root.GetProperty("headings").EnumerateArray().Select(h => h.GetString()!).ToList();

    /// <summary>The nine sections as printed: each heading line and the text up to the next heading, line breaks kept.</summary>
    public static IReadOnlyList<(string Heading, string Text)> Sections()
    {
        var raw = RawNarrative.Replace("\r\n", "\n", StringComparison.Ordinal);
        var headings = Headings;
        var starts = new List<int>();
        var from = 0;
        foreach (var heading in headings)
        {
            var at = raw.IndexOf(heading + "\n", from, StringComparison.Ordinal);
            if (at < 0)
            {
                throw new InvalidOperationException($"heading “{heading}” not found in the printed text");
            }

            starts.Add(at);
            from = at + heading.Length;
        }

        return headings.Select((h, i) => (h, raw[(starts[i] + h.Length)..(i + 1 < starts.Count ? starts[i + 1] : raw.Length)].Trim('\n'))).ToList();
    }

    /// <summary>名词解释 terms (“1.财政拨款收入:指…”), wrapped lines joined and the page number (—35—) dropped.</summary>
    public static IReadOnlyList<(string Term, string Definition)> Glossary()
    {
        var entries = new List<string>();
        foreach (var line in RawGlossary.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !PageNumber().IsMatch(l)))
        {
            if (TermStart().IsMatch(line) || entries.Count == 0)
            {
                entries.Add(TermStart().Replace(line, ""));
            }
            else
            {
                entries[^1] += line;
            }
        }

        return entries.Select(e =>
        {
            var colon = e.IndexOfAny([':', '：']);
            return (e[..colon].Trim(), e[(colon + 1)..].Trim());
        }).ToList();
    }

    /// <summary>Every non-blank cell of the ten tables (07 and 08 are empty: no 政府性基金 or 国有资本经营 money).</summary>
    public static IReadOnlyList<Seed001Cell> Cells() =>
        Root.GetProperty("tables").EnumerateObject()
            .SelectMany(t => t.Value.EnumerateArray().Select(c => new Seed001Cell(t.Name, c.GetProperty("row").GetString()!, c.GetProperty("col").GetInt32(), c.GetProperty("value").GetString()!)))
            .ToList();

    /// <summary>The cells with one cell set to a value (added when it was blank).</summary>
    public static IReadOnlyList<Seed001Cell> CellsWith(string table, string row, int col, string value) =>
        Cells().Where(c => !(c.Table == table && c.Row == row && c.Col == col)).Append(new Seed001Cell(table, row, col, value)).ToList();

    /// <summary>The figures the text states that are not in the tables: 年初预算 per 类, 机关运行经费, 政府采购, 2021's figures.</summary>
    public static IReadOnlyDictionary<string, decimal> Inputs =>
        Root.GetProperty("inputs").EnumerateObject().ToDictionary(p => p.Name, p => decimal.Parse(p.Value.GetString()!, CultureInfo.InvariantCulture));

    /// <summary>概况 staff: 16 在职, no 离退休 paid by the department, 3 paid by the pension fund.</summary>
    public static (int Active, int Retired, int Other, int RetiredPaidByPensionFund) Staff
    {
        get
        {
            var staff = Root.GetProperty("staff");
            return (staff.GetProperty("active").GetInt32(), staff.GetProperty("retired").GetInt32(), staff.GetProperty("other").GetInt32(), staff.GetProperty("retiredPaidByPensionFund").GetInt32());
        }
    }

    private static JsonElement Root => Report.Value.RootElement;

    [GeneratedRegex(@"^\d+\.\s*")]
    private static partial Regex TermStart();

    [GeneratedRegex(@"^—\d+—$")]
    private static partial Regex PageNumber();
}
