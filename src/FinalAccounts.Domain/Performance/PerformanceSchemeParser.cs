using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Domain.Performance;

/// <summary>
/// Reads <c>templates/{id}.performance.json</c> and checks it against its template set; every error names the part of
/// the file (grade scheme, band, rule, cell) that is wrong.
/// </summary>
public static partial class PerformanceSchemeParser
{
    /// <summary>The <see cref="ReconciliationRule.Builtin"/> of P and D rules: they are evaluated together, on the report's 绩效 document.</summary>
    public const string Builtin = "performance";

    /// <summary>The report cells the cross-document rules read; a scheme must name each.</summary>
    public static readonly IReadOnlyList<string> RequiredCells = ["fiscalExpenditure", "otherIncome", "carriedForward"];

    private static readonly string[] ToleranceWords = ["interval", "stated-precision", "none"];

    public static Result<PerformanceScheme> Parse(string json, string source, Func<string, TemplateSet?> templates)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            return Result<PerformanceScheme>.Failure(new DomainError("performance.json", $"不是有效的 JSON（第 {ex.LineNumber + 1} 行）：{ex.Message}", source));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Result<PerformanceScheme>.Failure(new DomainError("performance.json", "绩效评分文件应为 JSON 对象", source));
            }

            var setId = Text(root, "templateSet") ?? "";
            var set = templates(setId);
            if (set is null)
            {
                return Result<PerformanceScheme>.Failure(new DomainError("performance.template", $"绩效评分文件指向不存在的模板“{setId}”", source));
            }

            var errors = new List<DomainError>();
            var version = Text(root, "version") ?? "";
            if (version.Length == 0)
            {
                errors.Add(new DomainError("performance.version", "缺少版本号（version）", source));
            }

            var schemes = ReadGradeSchemes(root, source, errors);
            var defaultScheme = Text(root, "defaultGradeScheme") ?? "";
            if (schemes.All(s => s.Id != defaultScheme))
            {
                errors.Add(new DomainError("performance.grades.default", $"默认等级方案“{defaultScheme}”未定义", source));
            }

            var (weight, bands) = ReadExecution(root, source, errors);
            var (method, floor) = ReadFormula(root, source, errors);
            var gap = Number(root, "selfVersusExternalGap") ?? -1;
            if (gap < 0)
            {
                errors.Add(new DomainError("performance.gap", "自评与外部评价的分差阈值（selfVersusExternalGap）应为不小于 0 的数", source));
            }

            var cells = ReadCells(root, set, source, errors);
            var rules = ReadRules(root, source, errors);
            return errors.Count > 0
                ? Result<PerformanceScheme>.Failure(errors)
                : Result<PerformanceScheme>.Success(new PerformanceScheme(
                    set.Id, version, schemes, defaultScheme, weight, bands, method, floor,
                    Strings(root, "qualitativeMet"), Strings(root, "unmeasurable"), Strings(root, "upperBoundSuspect"),
                    gap, cells, rules));
        }
    }

    private static List<GradeScheme> ReadGradeSchemes(JsonElement root, string source, List<DomainError> errors)
    {
        var schemes = new List<GradeScheme>();
        var elements = Array(root, "gradeSchemes").ToList();
        if (elements.Count == 0)
        {
            errors.Add(new DomainError("performance.grades", "至少需要一个等级方案（gradeSchemes）", source));
        }

        foreach (var element in elements)
        {
            var id = Text(element, "id") ?? "";
            var where = $"{source} 等级方案 {id}";
            if (id.Length == 0 || schemes.Any(s => s.Id == id))
            {
                errors.Add(new DomainError("performance.grades", id.Length == 0 ? "等级方案缺少编号（id）" : $"等级方案“{id}”重复", where));
                continue;
            }

            var bands = new List<GradeBand>();
            foreach (var band in Array(element, "bands"))
            {
                var grade = Text(band, "grade") ?? "";
                var min = Number(band, "min");
                if (grade.Length == 0 || min is null || min < 0 || min > 100)
                {
                    errors.Add(new DomainError("performance.grades", $"等级“{grade}”的下限（min）应为 0–100 的数", where));
                }
                else if (bands.Any(b => b.Grade == grade))
                {
                    errors.Add(new DomainError("performance.grades", $"等级“{grade}”重复", where));
                }
                else if (bands.Count > 0 && min >= bands[^1].Min)
                {
                    errors.Add(new DomainError("performance.grades", $"等级“{grade}”的下限 {min} 应低于上一等级“{bands[^1].Grade}”的 {bands[^1].Min}（由高到低排列）", where));
                }
                else
                {
                    bands.Add(new GradeBand(grade, min.Value));
                }
            }

            if (bands.Count < 2 || bands[^1].Min != 0)
            {
                errors.Add(new DomainError("performance.grades", "等级方案至少两档，最低一档的下限应为 0", where));
                continue;
            }

            schemes.Add(new GradeScheme(id, Text(element, "label") ?? id, bands));
        }

        return schemes;
    }

    private static (decimal Weight, List<ExecutionBand> Bands) ReadExecution(JsonElement root, string source, List<DomainError> errors)
    {
        var where = $"{source} executionRate";
        var bands = new List<ExecutionBand>();
        if (!root.TryGetProperty("executionRate", out var element) || element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new DomainError("performance.execution", "缺少预算执行率评分（executionRate）", source));
            return (0, bands);
        }

        var weight = Number(element, "weight") ?? 0;
        if (weight <= 0 || weight > 100)
        {
            errors.Add(new DomainError("performance.execution", "执行率分值（weight）应大于 0、不超过 100", where));
        }

        foreach (var band in Array(element, "bands"))
        {
            var min = Number(band, "min");
            var coefficient = Number(band, "coefficient");
            if (min is null || coefficient is null || coefficient < 0 || coefficient > 1)
            {
                errors.Add(new DomainError("performance.execution", $"执行率档次 {min} 的系数（coefficient）应为 0–1 的数", where));
            }
            else if (bands.Count > 0 && min >= bands[^1].Min)
            {
                errors.Add(new DomainError("performance.execution", $"执行率档次 {min}% 应低于上一档 {bands[^1].Min}%（由高到低排列）", where));
            }
            else
            {
                bands.Add(new ExecutionBand(min.Value, coefficient.Value));
            }
        }

        if (bands.Count == 0)
        {
            errors.Add(new DomainError("performance.execution", "至少需要一个执行率档次（bands）", where));
        }

        return (weight, bands);
    }

    private static (MissedIndicatorMethod Method, decimal Floor) ReadFormula(JsonElement root, string source, List<DomainError> errors)
    {
        if (!root.TryGetProperty("missedIndicator", out var element) || element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new DomainError("performance.formula", "缺少未达标指标评分公式（missedIndicator）", source));
            return (MissedIndicatorMethod.Linear, 0);
        }

        var where = $"{source} missedIndicator";
        var methodText = Text(element, "method") ?? "";
        if (!Enum.TryParse<MissedIndicatorMethod>(methodText, ignoreCase: true, out var method) || !Enum.IsDefined(method))
        {
            errors.Add(new DomainError("performance.formula", $"评分公式“{methodText}”未知：应为 linear 或 proportional", where));
        }

        var floor = Number(element, "floor") ?? 0;
        if (floor < 0 || floor >= 1)
        {
            errors.Add(new DomainError("performance.formula", $"完成率下限（floor）{floor} 应在 [0, 1) 内", where));
        }

        return (method, floor);
    }

    private static Dictionary<string, CrossCell> ReadCells(JsonElement root, TemplateSet set, string source, List<DomainError> errors)
    {
        var cells = new Dictionary<string, CrossCell>(StringComparer.Ordinal);
        if (root.TryGetProperty("cells", out var element) && element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                var text = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.ToString();
                var where = $"{source} cells.{property.Name}";
                var match = CellPattern().Match(text);
                if (!match.Success)
                {
                    errors.Add(new DomainError("performance.cell", $"单元格“{text}”应写作 Tnn[行,栏]", where));
                    continue;
                }

                var cell = new CrossCell(match.Groups[1].Value, match.Groups[2].Value, int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
                var table = set.FindTable(cell.Table);
                if (table is null || table.Panels.All(p => p.Rows.All(r => r.Key != cell.Row) || p.Columns.All(c => c.No != cell.Column)))
                {
                    errors.Add(new DomainError("performance.cell", $"模板 {set.Id} 没有单元格 {cell}", where));
                    continue;
                }

                cells[property.Name] = cell;
            }
        }

        foreach (var missing in RequiredCells.Where(c => !cells.ContainsKey(c) && !errors.Any(e => e.Target?.EndsWith("cells." + c, StringComparison.Ordinal) == true)))
        {
            errors.Add(new DomainError("performance.cell.missing", $"缺少跨文件规则读取的单元格 cells.{missing}", source));
        }

        return cells;
    }

    private static List<ReconciliationRule> ReadRules(JsonElement root, string source, List<DomainError> errors)
    {
        var rules = new List<ReconciliationRule>();
        foreach (var element in Array(root, "rules"))
        {
            var id = Text(element, "id") ?? "";
            var where = $"{source} 规则 {id}";
            var severityText = Text(element, "severity");
            if (id.Length == 0 || !Enum.TryParse<RuleSeverity>(severityText, ignoreCase: true, out var severity) || !Enum.IsDefined(severity))
            {
                errors.Add(new DomainError("performance.rule", $"规则“{id}”缺少编号或级别“{severityText}”无效（应为 error、warning 或 info）", where));
                continue;
            }

            if (!PerformanceScheme.RuleIds.Contains(id))
            {
                errors.Add(new DomainError("performance.rule.unknown", $"规则“{id}”没有对应的检查", where));
                continue;
            }

            if (rules.Any(r => r.Id == id))
            {
                errors.Add(new DomainError("performance.rule.duplicate", $"规则编号 {id} 重复", where));
                continue;
            }

            decimal? tolerance = null;
            if (element.TryGetProperty("tolerance", out var t))
            {
                if (t.ValueKind == JsonValueKind.Number && t.GetDecimal() >= 0)
                {
                    tolerance = t.GetDecimal();
                }
                else if (t.ValueKind != JsonValueKind.String || !ToleranceWords.Contains(t.GetString()))
                {
                    errors.Add(new DomainError("performance.tolerance", $"容差“{t}”应为不小于 0 的数或 {string.Join("、", ToleranceWords)}", where));
                }
            }

            rules.Add(new ReconciliationRule(id, Text(element, "label") ?? "", severity, [], [], Builtin, tolerance, Text(element, "note")));
        }

        foreach (var missing in PerformanceScheme.RuleIds.Where(id => rules.All(r => r.Id != id) && !errors.Any(e => e.Target == $"{source} 规则 {id}")))
        {
            errors.Add(new DomainError("performance.rule.missing", $"缺少规则 {missing}（每条 P、D 规则须在目录中给出级别）", source));
        }

        return rules;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static decimal? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : null;

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];

    private static List<string> Strings(JsonElement element, string name) =>
        Array(element, name).Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();

    [GeneratedRegex(@"^T(\d{2})\[([^,\]]+),(\d+)\]$")]
    private static partial Regex CellPattern();
}
