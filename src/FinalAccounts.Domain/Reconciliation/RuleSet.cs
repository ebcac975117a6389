using System.Text.Json;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Domain.Reconciliation;

/// <summary>
/// A rule as data: stable id (<c>T01-03</c>, <c>X-13</c>), Chinese label, severity, and either formulas in the
/// 审核公式 language or a built-in structure check; an explicit tolerance overrides the rounding model.
/// </summary>
public sealed record ReconciliationRule(
    string Id,
    string Label,
    RuleSeverity Severity,
    IReadOnlyList<string> Formulas,
    IReadOnlyList<Statement> Statements,
    string? Builtin,
    decimal? Tolerance,
    string? Note)
{
    /// <summary>S, T, X, N, P or D: the group the rule belongs to.</summary>
    public string Group => Id.Split('-')[0] switch
    {
        var g when g.StartsWith('T') => "T",
        var g when g.StartsWith('N') => "N",
        var g => g,
    };
}

/// <summary>The compiled rules of one template set. Compiled once at start-up, evaluated per report.</summary>
public sealed class ReconciliationRuleSet(string templateSetId, string version, IReadOnlyList<ReconciliationRule> rules)
{
    public string TemplateSetId { get; } = templateSetId;
    public string Version { get; } = version;
    public IReadOnlyList<ReconciliationRule> Rules { get; } = rules;

    /// <summary>The 情况说明 template whose N rules this set carries, if any.</summary>
    public Narrative.NarrativeTemplate? Narrative { get; private init; }

    public ReconciliationRule? Find(string id) => Rules.FirstOrDefault(r => r.Id == id);

    // The formula rules compiled per template set they are evaluated against (normally the one set they were parsed
    // for): the set is immutable and so are the rules, so a plan is made once and shared by every evaluation and thread.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<TemplateSet, RulePlan> _plans = new();

    internal RulePlan PlanFor(TemplateSet set) =>
        _plans.TryGetValue(set, out var plan) ? plan : _plans.GetValue(set, s => RulePlan.Compile(Rules, s)); // no closure once compiled

    /// <summary>
    /// This set with the N rules of a narrative template appended (after S, T and X, as the catalogue orders them); the
    /// version names both files so stored results are recomputed when either changes.
    /// </summary>
    public ReconciliationRuleSet WithNarrative(Narrative.NarrativeTemplate narrative)
    {
        ArgumentNullException.ThrowIfNull(narrative);
        if (narrative.TemplateSetId != TemplateSetId)
        {
            throw new ArgumentException($"情况说明模板属于 {narrative.TemplateSetId}，不是 {TemplateSetId}", nameof(narrative));
        }

        var tableRules = Rules.Where(r => r.Builtin != NarrativeBuiltin).ToList();
        return new ReconciliationRuleSet(TemplateSetId, $"{Version.Split('+')[0]}+narrative-{narrative.Version}", [.. tableRules, .. narrative.Rules]) { Narrative = narrative };
    }

    /// <summary>The 绩效 scheme whose P and D rules this set carries, if any.</summary>
    public Performance.PerformanceScheme? Performance { get; private init; }

    /// <summary>
    /// This set with the P and D rules of a performance scheme appended (after S, T, X and N, as the catalogue orders
    /// them); the version names the scheme too. Call it after <see cref="WithNarrative"/>, which rebuilds the version.
    /// </summary>
    public ReconciliationRuleSet WithPerformance(Performance.PerformanceScheme performance)
    {
        ArgumentNullException.ThrowIfNull(performance);
        if (performance.TemplateSetId != TemplateSetId)
        {
            throw new ArgumentException($"绩效评分方案属于 {performance.TemplateSetId}，不是 {TemplateSetId}", nameof(performance));
        }

        var others = Rules.Where(r => r.Builtin != PerformanceBuiltin).ToList();
        // "+p-" and not "+performance-": stored results keep the version in 32 characters.
        var version = string.Join('+', Version.Split('+').Where(p => !p.StartsWith("p-", StringComparison.Ordinal)));
        return new ReconciliationRuleSet(TemplateSetId, $"{version}+p-{performance.Version}", [.. others, .. performance.Rules])
        {
            Narrative = Narrative,
            Performance = performance,
        };
    }

    private const string NarrativeBuiltin = FinalAccounts.Domain.Narrative.NarrativeTemplateParser.Builtin;
    private const string PerformanceBuiltin = FinalAccounts.Domain.Performance.PerformanceSchemeParser.Builtin;
}

/// <summary>Reads a rule file and compiles it against its template set; every error names the rule (and position).</summary>
public static class RuleSetParser
{
    public static Result<ReconciliationRuleSet> Parse(string json, string source, Func<string, TemplateSet?> templates)
    {
        var errors = new List<DomainError>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            return Result<ReconciliationRuleSet>.Failure(new DomainError("rules.json", $"不是有效的 JSON（第 {ex.LineNumber + 1} 行第 {ex.BytePositionInLine + 1} 个字节）：{ex.Message}", source));
        }

        using (document)
        {
            var root = document.RootElement;
            var setId = root.TryGetProperty("templateSet", out var s) ? s.GetString() ?? "" : "";
            var set = templates(setId);
            if (set is null)
            {
                return Result<ReconciliationRuleSet>.Failure(new DomainError("rules.template", $"规则文件指向不存在的模板“{setId}”", source));
            }

            var version = root.TryGetProperty("version", out var v) ? v.GetString() ?? "" : "";
            var rules = new List<ReconciliationRule>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var element in root.GetProperty("rules").EnumerateArray())
            {
                var rule = ReadRule(element, set, errors, source);
                if (rule is not null && !ids.Add(rule.Id))
                {
                    errors.Add(new DomainError("rules.duplicate", $"规则编号 {rule.Id} 重复", $"{source} 规则 {rule.Id}"));
                }
                else if (rule is not null)
                {
                    rules.Add(rule);
                }
            }

            return errors.Count > 0
                ? Result<ReconciliationRuleSet>.Failure(errors)
                : Result<ReconciliationRuleSet>.Success(new ReconciliationRuleSet(set.Id, version, rules));
        }
    }

    private static ReconciliationRule? ReadRule(JsonElement element, TemplateSet set, List<DomainError> errors, string source)
    {
        var id = element.TryGetProperty("id", out var idElement) ? idElement.GetString() ?? "" : "";
        var where = $"{source} 规则 {id}";
        var before = errors.Count;
        if (id.Length == 0)
        {
            errors.Add(new DomainError("rules.id", "规则缺少编号（id）", source));
            return null;
        }

        var label = element.TryGetProperty("label", out var l) ? l.GetString() ?? "" : "";
        var severityText = element.TryGetProperty("severity", out var sev) ? sev.GetString() : null;
        RuleSeverity severity = RuleSeverity.Error;
        if (severityText is null || !Enum.TryParse(severityText, ignoreCase: true, out severity))
        {
            errors.Add(new DomainError("rules.severity", $"级别“{severityText}”无效：应为 error、warning 或 info", where));
        }

        decimal? tolerance = element.TryGetProperty("tolerance", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDecimal() : null;
        var builtin = element.TryGetProperty("builtin", out var b) ? b.GetString() : null;
        var formulas = element.TryGetProperty("formulas", out var f) ? f.EnumerateArray().Select(x => x.GetString() ?? "").ToList()
            : element.TryGetProperty("formula", out var single) ? [single.GetString() ?? ""] : [];
        if (builtin is not null && !BuiltinChecks.Names.Contains(builtin))
        {
            errors.Add(new DomainError("rules.builtin", $"未知的内置检查“{builtin}”", where));
        }

        if (builtin is null && formulas.Count == 0)
        {
            errors.Add(new DomainError("rules.formula", "规则既没有公式（formula/formulas），也没有内置检查（builtin）", where));
        }

        var statements = new List<Statement>();
        for (var i = 0; i < formulas.Count; i++)
        {
            var at = formulas.Count > 1 ? $"{where} 第 {i + 1} 条公式" : $"{where} 公式";
            try
            {
                var statement = FormulaParser.Parse(formulas[i]);
                foreach (var problem in FormulaChecker.Check(statement, set))
                {
                    errors.Add(new DomainError("rules.reference", problem, at));
                }

                statements.Add(statement);
            }
            catch (FormulaSyntaxException ex)
            {
                errors.Add(new DomainError("rules.syntax", $"第 {ex.Position} 个字符：{ex.Message}（“{formulas[i]}”）", at));
            }
        }

        return errors.Count > before
            ? null
            : new ReconciliationRule(id, label, severity, formulas, statements, builtin, tolerance, element.TryGetProperty("note", out var n) ? n.GetString() : null);
    }
}

/// <summary>Checks a parsed formula against the template: tables, literal rows and columns, bound variables.</summary>
internal static class FormulaChecker
{
    public static List<string> Check(Statement statement, TemplateSet set)
    {
        var problems = new List<string>();
        Visit(statement, new Dictionary<string, Domain>(), set, problems);
        return problems;
    }

    private static void Visit(Statement statement, Dictionary<string, Domain> scope, TemplateSet set, List<string> problems)
    {
        switch (statement)
        {
            case ForStatement loop:
                CheckDomain(loop.Domain, set, problems);
                var inner = new Dictionary<string, Domain>(scope) { [loop.Variable] = loop.Domain };
                Visit(loop.Body, inner, set, problems);
                break;
            case WhenStatement guarded:
                Visit(guarded.Guard, scope, set, problems);
                Visit(guarded.Body, scope, set, problems);
                break;
            case CheckStatement check:
                Visit(check.Condition, scope, set, problems);
                break;
        }
    }

    private static void Visit(Condition condition, Dictionary<string, Domain> scope, TemplateSet set, List<string> problems)
    {
        switch (condition)
        {
            case Comparison c:
                Visit(c.Left, scope, set, problems);
                Visit(c.Right, scope, set, problems);
                break;
            case Logical l:
                Visit(l.Left, scope, set, problems);
                Visit(l.Right, scope, set, problems);
                break;
        }
    }

    private static void Visit(Expr expr, Dictionary<string, Domain> scope, TemplateSet set, List<string> problems)
    {
        switch (expr)
        {
            case BinaryExpr b:
                Visit(b.Left, scope, set, problems);
                Visit(b.Right, scope, set, problems);
                break;
            case NegateExpr n:
                Visit(n.Operand, scope, set, problems);
                break;
            case ChildrenSumExpr children:
                Visit(children.Parent, scope, set, problems);
                break;
            case RangeSumExpr range:
                CheckRange(range, scope, set, problems);
                break;
            case CellExpr cell:
                CheckCell(cell, scope, set, problems);
                break;
        }
    }

    private static void CheckDomain(Domain domain, TemplateSet set, List<string> problems)
    {
        var tables = domain switch
        {
            ColumnsOf c => [c.Table],
            RowsOf r => r.Tables,
            ParentsOf p => [p.Table],
            ClassRowsOf c => [c.Table],
            _ => Array.Empty<string>(),
        };
        foreach (var table in tables.Where(t => set.FindTable(t) is null))
        {
            problems.Add($"模板 {set.Id} 没有表 {table}");
        }
    }

    private static void CheckCell(CellExpr cell, Dictionary<string, Domain> scope, TemplateSet set, List<string> problems)
    {
        if (cell.Table == "O")
        {
            if (cell.Row is not RowKey { Key: "active" or "retired" or "other" or "pensionFund" })
            {
                problems.Add("概况人数只有 O[active]、O[retired]、O[other]、O[pensionFund]");
            }

            return;
        }

        var table = set.FindTable(cell.Table);
        if (table is null)
        {
            problems.Add($"模板 {set.Id} 没有表 {cell.Table}");
            return;
        }

        foreach (var variable in Variables(cell))
        {
            if (!scope.ContainsKey(variable))
            {
                problems.Add($"变量 {variable} 未定义（应先用 for {variable} in … 引入）");
            }
        }

        var rowKeys = cell.Row switch
        {
            RowKey key => [key.Key],
            RowVariable v when scope.GetValueOrDefault(v.Name) is NumberRange r => Enumerable.Range(r.From, r.To - r.From + 1).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            RowVariable v when scope.GetValueOrDefault(v.Name) is KeySet k => k.Keys.ToList(),
            _ => [],
        };
        foreach (var key in rowKeys)
        {
            CheckRowAndColumn(table, key, cell.Column, scope, problems);
        }

        if (cell.Column is null && cell.Row is not RowKey && PanelFor(table, null) is { Columns.Count: > 1 })
        {
            problems.Add($"{table.ShortName}有多栏，引用 {Describe(cell)} 须写明栏次");
        }
    }

    private static void CheckRowAndColumn(TableTemplate table, string key, ColumnSelector? column, Dictionary<string, Domain> scope, List<string> problems)
    {
        var footer = table.FindFooter(key);
        var row = table.FindFixedRow(key);
        var coded = table.CodedPanel?.Coded;
        if (footer is null && row is null)
        {
            var isCode = coded is not null && (key == coded.TotalKey || (key.All(char.IsAsciiDigit) && coded.LevelLengths.Contains(key.Length)));
            if (!isCode)
            {
                problems.Add($"{table.ShortName}没有行“{key}”");
                return;
            }
        }

        var panel = footer is not null ? table.Panels[footer.ToPanel] : PanelFor(table, key);
        if (panel is null)
        {
            return;
        }

        switch (column)
        {
            case null when panel.Columns.Count > 1 && footer is null:
                problems.Add($"{table.ShortName}第 {key} 行有多栏，须写明栏次");
                break;
            case ColumnNumber n when panel.FindColumn(n.Number) is null:
                problems.Add($"{table.ShortName}第 {key} 行没有第 {n.Number} 栏");
                break;
            case ColumnVariable v when scope.GetValueOrDefault(v.Name) is NumberRange r:
                foreach (var c in Enumerable.Range(r.From, r.To - r.From + 1).Where(c => panel.FindColumn(c) is null))
                {
                    problems.Add($"{table.ShortName}第 {key} 行没有第 {c} 栏");
                }

                break;
        }
    }

    private static void CheckRange(RangeSumExpr range, Dictionary<string, Domain> scope, TemplateSet set, List<string> problems)
    {
        var table = set.FindTable(range.Table);
        if (table is null)
        {
            problems.Add($"模板 {set.Id} 没有表 {range.Table}");
            return;
        }

        var panel = table.PanelOf(range.From);
        if (table.FindFixedRow(range.From) is null || table.FindFixedRow(range.To) is null || panel is null || !panel.Rows.Any(r => r.Key == range.To))
        {
            problems.Add($"{table.ShortName}的求和范围 {range.From}..{range.To} 不是同一栏目区中的固定行");
            return;
        }

        CheckRowAndColumn(table, range.From, range.Column, scope, problems);
    }

    internal static TablePanel? PanelFor(TableTemplate table, string? key) =>
        key is not null && table.FindFixedRow(key) is not null ? table.PanelOf(key) : table.CodedPanel ?? (table.Panels.Count == 1 ? table.Panels[0] : null);

    private static IEnumerable<string> Variables(CellExpr cell)
    {
        if (cell.Row is RowVariable r)
        {
            yield return r.Name;
        }

        if (cell.Row is RowCodeOf c)
        {
            yield return c.Name;
        }

        if (cell.Column is ColumnVariable v)
        {
            yield return v.Name;
        }
    }

    private static string Describe(CellExpr cell) => $"T{cell.Table}[…]";
}
