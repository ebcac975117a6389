using System.Text.Json;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Domain.Narrative;

/// <summary>
/// What a figure must equal: a cell or sum of cells (<see cref="Expression"/>), a named input the officer enters
/// (<see cref="Input"/>, e.g. <c>年初预算.201</c>), another stated figure of the same section (<see cref="Figure"/>), or a
/// value of the report's 绩效 tables (<see cref="Performance"/>, e.g. <c>performance:部门整体.总分</c>). <c>a ?? b</c>
/// reads <c>b</c> (<see cref="Otherwise"/>) when <c>a</c> has no value (no 绩效 document, an input not entered).
/// </summary>
public sealed record FigureSource(string Text, Expr? Expression, string? Input, string? Figure)
{
    /// <summary>The 绩效 values a figure can be compared with.</summary>
    public static readonly IReadOnlySet<string> PerformanceKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "部门整体.总分", "部门整体.全年预算数", "部门整体.全年执行数",
    };

    public string? Performance { get; init; }

    public FigureSource? Otherwise { get; init; }

    public static FigureSource? Parse(string? text, TemplateSet set, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var alternative = text.IndexOf("??", StringComparison.Ordinal);
        if (alternative >= 0)
        {
            var first = Parse(text[..alternative].Trim(), set, problems);
            return first is null ? null : first with { Text = text, Otherwise = Parse(text[(alternative + 2)..].Trim(), set, problems) };
        }

        if (text.StartsWith("performance:", StringComparison.Ordinal))
        {
            var key = text["performance:".Length..];
            if (!PerformanceKeys.Contains(key))
            {
                problems.Add($"未知的绩效数“{key}”，可用：{string.Join("、", PerformanceKeys)}");
            }

            return new FigureSource(text, null, null, null) { Performance = key };
        }

        if (text.StartsWith("input:", StringComparison.Ordinal))
        {
            return new FigureSource(text, null, text["input:".Length..], null);
        }

        if (text.StartsWith("figure:", StringComparison.Ordinal))
        {
            return new FigureSource(text, null, null, text["figure:".Length..]);
        }

        try
        {
            var expr = FormulaParser.ParseExpression(text);
            problems.AddRange(FormulaChecker.Check(new CheckStatement(0, new Comparison(0, expr, ComparisonOperator.Equal, expr)), set));
            return new FigureSource(text, expr, null, null);
        }
        catch (FormulaSyntaxException ex)
        {
            problems.Add($"第 {ex.Position} 个字符：{ex.Message}（“{text}”）");
            return null;
        }
    }
}

/// <summary>A check attached to a figure: the rule it reports under and, where it needs one, the base it is taken of.</summary>
public sealed record FigureCheck(string Rule, FigureSource? Of);

/// <summary>
/// A figure a section states: how it is recognised (<see cref="Subjects"/> of the paragraph, <see cref="Labels"/>
/// before the number, optional <see cref="Contexts"/> earlier in the sentence) and what it must equal; the checks on the
/// share, change, completion rate and reason stated with it name their rules. <see cref="Units"/>, when given, are the
/// units a count of it is written in (批/批次 for 接待批次, 人次/人 for 接待人次).
/// </summary>
public sealed record NarrativeFigure(
    string Id,
    IReadOnlyList<string> Subjects,
    IReadOnlyList<string> Labels,
    IReadOnlyList<string> Contexts,
    bool IsCount,
    string? Rule,
    FigureSource? EqualsTo,
    FigureCheck? Share,
    FigureCheck? Change,
    FigureCheck? Completion,
    FigureCheck? AtMost,
    FigureCheck? CarriesTo,
    FigureCheck? Reason,
    IReadOnlyList<string> SumOf,
    string? SumRule,
    string? RowCell,
    IReadOnlyList<string> Units);

/// <summary>Checks over several figures of a section: shares adding to 100 (N1-04), every class with a value stated (N3-02).</summary>
public sealed record SectionCheck(string Kind, string Rule, IReadOnlyList<string> Figures);

/// <summary>
/// One paragraph of the standard text (生成初稿): placeholders <c>{figure}</c>, <c>{figure:share}</c>,
/// <c>{figure:change}</c>, <c>{figure:completion}</c>, <c>{year}</c>, <c>{reason}</c>; a <c>[…]</c> part is left out when a
/// placeholder in it has nothing to say. With <see cref="ForEach"/> (<c>决算数.*</c>) the line is written once per
/// generated figure whose value is not zero, <c>*</c> standing for its code, <c>{n}</c> for 一, 二, … and <c>{name}</c> for its subject.
/// </summary>
public sealed record DraftLine(string Text, string? ForEach);

/// <summary>
/// A section of 情况说明. <see cref="None"/> are the phrases by which a text states that the section has nothing to
/// report (“本部门无国有资产占用情况”): every figure of the section bound to the tables is then stated as 0.
/// <see cref="ReportUnread"/>: the section is made of standard sentences only, so a stated amount or count that is no
/// figure of it is reported (info) instead of silently left unchecked.
/// </summary>
public sealed record NarrativeSection(int Order, string Heading, IReadOnlyList<string> Headings, IReadOnlyList<NarrativeFigure> Figures, IReadOnlyList<SectionCheck> Checks,
    IReadOnlyList<DraftLine> Draft, IReadOnlyList<string> None, bool ReportUnread);

public sealed record GlossaryTerm(string Term, string Definition);

/// <summary>A value not in the ten tables that the officer enters (年初预算 per 类, 机关运行经费, 政府采购, last year's figures).</summary>
public sealed record NarrativeInput(string Key, string Label);

/// <summary>
/// The 情况说明 of a template set as data (<c>templates/{id}.narrative.json</c>): sections in order with the figures
/// each states, the standard 名词解释 terms, the named inputs and the N rules (id, label, severity) with text checks.
/// </summary>
public sealed class NarrativeTemplate(string templateSetId, string version, IReadOnlyList<NarrativeSection> sections, IReadOnlyList<GlossaryTerm> glossary,
    IReadOnlyList<NarrativeInput> inputs, IReadOnlyList<ReconciliationRule> rules, IReadOnlyDictionary<string, string> textChecks)
{
    public string TemplateSetId { get; } = templateSetId;
    public string Version { get; } = version;
    public IReadOnlyList<NarrativeSection> Sections { get; } = sections;
    public IReadOnlyList<GlossaryTerm> Glossary { get; } = glossary;
    public IReadOnlyList<NarrativeInput> Inputs { get; } = inputs;

    /// <summary>The N rules and the text checks, as rules of the engine (<c>builtin = "narrative"</c>).</summary>
    public IReadOnlyList<ReconciliationRule> Rules { get; } = rules;

    /// <summary>Text checks by kind (placeholder, year, date, zeroBase, punctuation, direction) → the rule id they report under.</summary>
    public IReadOnlyDictionary<string, string> TextChecks { get; } = textChecks;

    public NarrativeSection? Section(int order) => order >= 1 && order <= Sections.Count ? Sections[order - 1] : null;
}

/// <summary>Reads a narrative template file and checks it against its template set; every error names the section/figure.</summary>
public static class NarrativeTemplateParser
{
    public const string Builtin = "narrative";

    public static Result<NarrativeTemplate> Parse(string json, string source, Func<string, TemplateSet?> templates)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            return Result<NarrativeTemplate>.Failure(new DomainError("narrative.json", $"不是有效的 JSON（第 {ex.LineNumber + 1} 行）：{ex.Message}", source));
        }

        using (document)
        {
            var root = document.RootElement;
            var setId = Text(root, "templateSet") ?? "";
            var set = templates(setId);
            if (set is null)
            {
                return Result<NarrativeTemplate>.Failure(new DomainError("narrative.template", $"情况说明模板指向不存在的模板“{setId}”", source));
            }

            var errors = new List<DomainError>();
            var rules = new List<ReconciliationRule>();
            foreach (var rule in Array(root, "rules"))
            {
                var id = Text(rule, "id") ?? "";
                var severityText = Text(rule, "severity");
                if (id.Length == 0 || !Enum.TryParse<RuleSeverity>(severityText, ignoreCase: true, out var severity))
                {
                    errors.Add(new DomainError("narrative.rule", $"规则“{id}”缺少编号或级别“{severityText}”无效", source));
                    continue;
                }

                rules.Add(new ReconciliationRule(id, Text(rule, "label") ?? "", severity, [], [], Builtin, null, Text(rule, "note")));
            }

            var ruleIds = rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            var sections = new List<NarrativeSection>();
            foreach (var (element, index) in Array(root, "sections").Select((e, i) => (e, i)))
            {
                var heading = Text(element, "heading") ?? "";
                var where = $"{source} 第 {index + 1} 节（{heading}）";
                var figures = new List<NarrativeFigure>();
                foreach (var figure in Array(element, "figures"))
                {
                    if (Text(figure, "forEach") is { } forEach)
                    {
                        figures.AddRange(Expand(figure, forEach, set, where, errors, ruleIds));
                    }
                    else
                    {
                        if (ReadFigure(figure, set, where, errors, ruleIds, _ => _) is { } read)
                        {
                            figures.Add(read);
                        }
                    }
                }

                var checks = Array(element, "checks").Select(c => new SectionCheck(Text(c, "kind") ?? "", Text(c, "rule") ?? "", Strings(c, "figures"))).ToList();
                foreach (var check in checks.Where(c => !ruleIds.Contains(c.Rule)))
                {
                    errors.Add(new DomainError("narrative.rule", $"节检查引用了未定义的规则“{check.Rule}”", where));
                }

                // The 绩效 fund checks compare with cells of the tables: each must be a valid expression on the template set.
                foreach (var check in checks.Where(c => c.Kind is "performanceSources" or "performanceProjectBudget"))
                {
                    var expected = check.Kind == "performanceSources" ? 2 : 1;
                    var problems = new List<string>();
                    if (check.Figures.Count != expected)
                    {
                        problems.Add($"须列出 {expected} 个单元格表达式");
                    }

                    foreach (var cell in check.Figures)
                    {
                        if (FigureSource.Parse(cell, set, problems) is { Expression: null })
                        {
                            problems.Add($"“{cell}”不是单元格表达式");
                        }
                    }

                    errors.AddRange(problems.Select(p => new DomainError("narrative.check", $"节检查 {check.Kind}：{p}", where)));
                }

                var headings = new List<string> { heading };
                headings.AddRange(Strings(element, "aliases"));
                var draft = Array(element, "draft").Select(line => line.ValueKind == JsonValueKind.String
                    ? new DraftLine(line.GetString()!, null)
                    : new DraftLine(Text(line, "text") ?? "", Text(line, "forEach"))).ToList();
                foreach (var problem in NarrativeDrafter.Check(draft, figures))
                {
                    errors.Add(new DomainError("narrative.draft", problem, where));
                }

                var reportUnread = element.TryGetProperty("reportUnread", out var unread) && unread.ValueKind == JsonValueKind.True;
                sections.Add(new NarrativeSection(index + 1, heading, headings, figures, checks, draft, Strings(element, "none"), reportUnread));
            }

            var textChecks = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("textChecks", out var checksElement) && checksElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in checksElement.EnumerateObject())
                {
                    var rule = property.Value.GetString() ?? "";
                    if (!NarrativeChecks.TextCheckKinds.Contains(property.Name) || !ruleIds.Contains(rule))
                    {
                        errors.Add(new DomainError("narrative.textChecks", $"文字检查“{property.Name}”未知或其规则“{rule}”未定义", source));
                    }

                    textChecks[property.Name] = rule;
                }
            }

            var glossary = Array(root, "glossary").Select(g => new GlossaryTerm(Text(g, "term") ?? "", Text(g, "definition") ?? "")).ToList();
            var inputs = Array(root, "inputs").Select(g => new NarrativeInput(Text(g, "key") ?? "", Text(g, "label") ?? "")).ToList();
            return errors.Count > 0
                ? Result<NarrativeTemplate>.Failure(errors)
                : Result<NarrativeTemplate>.Success(new NarrativeTemplate(set.Id, Text(root, "version") ?? "", sections, glossary, inputs, rules, textChecks));
        }
    }

    /// <summary>One figure per classification row of a table (<c>classrows(T04)</c>): {row}, {code} and {name} are filled in.</summary>
    private static IEnumerable<NarrativeFigure> Expand(JsonElement figure, string forEach, TemplateSet set, string where, List<DomainError> errors, HashSet<string> ruleIds)
    {
        var tableNo = forEach.StartsWith("classrows(T", StringComparison.Ordinal) && forEach.EndsWith(')') ? forEach["classrows(T".Length..^1] : null;
        var table = tableNo is null ? null : set.FindTable(tableNo);
        if (table is null)
        {
            errors.Add(new DomainError("narrative.forEach", $"forEach“{forEach}”无效：应为 classrows(Tnn)", where));
            yield break;
        }

        foreach (var row in table.Panels.SelectMany(p => p.Rows).Where(r => r.Code is not null))
        {
            var name = StripNumbering(row.Label);
            string Fill(string s) => s.Replace("{row}", row.Key, StringComparison.Ordinal).Replace("{code}", row.Code, StringComparison.Ordinal).Replace("{name}", name, StringComparison.Ordinal);
            if (ReadFigure(figure, set, where, errors, ruleIds, Fill) is { } read)
            {
                yield return read with { RowCell = Fill(Text(figure, "equals") ?? "") };
            }
        }
    }

    private static NarrativeFigure? ReadFigure(JsonElement figure, TemplateSet set, string where, List<DomainError> errors, HashSet<string> ruleIds, Func<string, string> fill)
    {
        var id = fill(Text(figure, "id") ?? "");
        var at = $"{where} 数字“{id}”";
        var problems = new List<string>();
        FigureCheck? Check(string name)
        {
            if (!figure.TryGetProperty(name, out var element))
            {
                return null;
            }

            var rule = element.ValueKind == JsonValueKind.String ? element.GetString()! : Text(element, "rule") ?? "";
            if (!ruleIds.Contains(rule))
            {
                problems.Add($"{name} 引用了未定义的规则“{rule}”");
            }

            var of = element.ValueKind == JsonValueKind.Object ? Text(element, "of") : null;
            return new FigureCheck(rule, FigureSource.Parse(of is null ? null : fill(of), set, problems));
        }

        var rule = Text(figure, "rule");
        if (rule is not null && !ruleIds.Contains(rule))
        {
            problems.Add($"引用了未定义的规则“{rule}”");
        }

        var labels = Strings(figure, "label").Select(fill).ToList();
        if (id.Length == 0 || labels.Count == 0)
        {
            problems.Add("数字缺少 id 或 label");
        }

        var equals = FigureSource.Parse(Text(figure, "equals") is { } e ? fill(e) : null, set, problems);
        var sum = figure.TryGetProperty("sumOf", out var sumElement) ? sumElement : default;
        var result = new NarrativeFigure(
            id,
            Strings(figure, "subject").Select(fill).ToList(),
            labels,
            Strings(figure, "context").Select(fill).ToList(),
            Text(figure, "kind") == "count",
            rule,
            equals,
            Check("share"),
            Check("change"),
            Check("completion"),
            Check("atMost"),
            Check("carriesTo"),
            Check("reason"),
            sum.ValueKind == JsonValueKind.Object ? Strings(sum, "figures") : [],
            sum.ValueKind == JsonValueKind.Object ? Text(sum, "rule") : null,
            null,
            Strings(figure, "unit"));
        errors.AddRange(problems.Select(p => new DomainError("narrative.figure", p, at)));
        return problems.Count > 0 ? null : result;
    }

    /// <summary>“一、一般公共服务支出” → “一般公共服务支出”.</summary>
    public static string StripNumbering(string label)
    {
        var at = label.IndexOf('、', StringComparison.Ordinal);
        return at >= 0 && at <= 4 ? label[(at + 1)..] : label;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [];

    private static IReadOnlyList<string> Strings(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(v => v.GetString() ?? "").ToList()
            : value.ValueKind == JsonValueKind.String ? [value.GetString()!] : []
            : [];
}

/// <summary>The 情况说明 templates, by template set id.</summary>
public sealed class NarrativeTemplateRegistry(IEnumerable<NarrativeTemplate> templates)
{
    private readonly Dictionary<string, NarrativeTemplate> _templates = templates.ToDictionary(t => t.TemplateSetId, StringComparer.Ordinal);

    public NarrativeTemplate? Find(string templateSetId) => _templates.GetValueOrDefault(templateSetId);

    public IReadOnlyCollection<NarrativeTemplate> All => _templates.Values;
}
