namespace FinalAccounts.Domain.Reconciliation;

public enum RuleSeverity
{
    /// <summary>An identity that must hold: blocks submission.</summary>
    Error,

    /// <summary>Should hold; a failure needs a written explanation (出错说明).</summary>
    Warning,

    /// <summary>A hint for the reviewer; never blocks.</summary>
    Info,
}

public enum CheckStatus
{
    Pass,

    /// <summary>Passes within the rounding tolerance, with a non-zero 尾差.</summary>
    Tail,

    Fail,

    /// <summary>Nothing to check (e.g. an empty table).</summary>
    NotApplicable,
}

/// <summary>
/// A cell a check read: 表号, row key, 栏次 and its value (null = blank). A 绩效 cell (P and D rules) has table
/// <see cref="PerformanceCellRef.Table"/>, a row key naming the sheet, project and indicator, a column code, and
/// <see cref="Performance"/> with the same address in words.
/// </summary>
public sealed record CellRef(string Table, string Row, int Column, decimal? Value)
{
    /// <summary>Set on cells of the 绩效 sheets: sheet, project, indicator and column.</summary>
    public PerformanceCellRef? Performance { get; init; }

    public override string ToString() => Performance?.ToString() ?? $"公开{Table}表[{Row},{Column}]";

    /// <summary>The cell as people read it, the table named by the report's set (“收入支出决算总表[其他收入,1]” for 上海).</summary>
    public string ToString(Templates.TemplateSet set) => Performance?.ToString() ?? $"{set.TableName(Table)}[{Row},{Column}]";
}

/// <summary>
/// A cell of a 绩效 sheet: the sheet (部门整体支出绩效自评表, 项目支出绩效自评表, 部门评价, 财政评价结果反馈 …), the
/// project (or evaluation) it belongs to, the indicator or row, and the column label (得分, 分值, 执行率 …).
/// </summary>
public sealed record PerformanceCellRef(string Sheet, string? Project, string? Indicator, string Column)
{
    /// <summary>The <see cref="CellRef.Table"/> of every 绩效 cell (one character, so table-cell filters skip it).</summary>
    public const string Table = "P";

    public override string ToString() =>
        string.Join("／", new[] { Sheet, Project, Indicator, Column }.Where(p => !string.IsNullOrEmpty(p)));
}

/// <summary>
/// Where a narrative check read the text: the section (order in the template, from 1) and its heading, and the
/// sentence as a character range of the (normalised) section text.
/// </summary>
public sealed record TextRef(int Section, string Heading, int Start, int Length, string Sentence)
{
    public override string ToString() => $"{Heading}第 {Start + 1}–{Start + Length} 字：“{Sentence}”";
}

/// <summary>
/// One evaluated check of a rule (a rule over rows or columns yields one per row/column). For comparisons
/// <see cref="Lhs"/>, <see cref="Rhs"/> and <see cref="Difference"/> (= lhs − rhs) are set; for implications and
/// structure checks they are null and <see cref="Message"/> says what was found. <see cref="Operator"/> is the
/// comparison (=, ≤, ≥, &lt;, &gt;) or null. <see cref="Text"/> is the sentence of the 情况说明 a narrative (N) check read.
/// </summary>
public sealed record CheckResult(
    string RuleId,
    RuleSeverity Severity,
    CheckStatus Status,
    string? Where,
    decimal? Lhs,
    decimal? Rhs,
    decimal? Difference,
    decimal Tolerance,
    IReadOnlyList<CellRef> Cells,
    string? Message,
    string? Operator = null,
    TextRef? Text = null);

/// <summary>
/// A rule's checks and status. <see cref="Checks"/> lists every check, passes included (a compiled rule makes a pass
/// only when it is read); <see cref="Notable"/> lists the failures and tails alone, without making the passes.
/// </summary>
public sealed record RuleResult(ReconciliationRule Rule, CheckStatus Status, IReadOnlyList<CheckResult> Checks)
{
    /// <summary>The failures and tails, in check order.</summary>
    public IReadOnlyList<CheckResult> Notable => Checks is INotableChecks notable
        ? notable.Notable
        : Checks.Where(c => c.Status is CheckStatus.Fail or CheckStatus.Tail).ToList();
}

/// <summary>A check list that knows its failures and tails without reading its passes.</summary>
internal interface INotableChecks
{
    IReadOnlyList<CheckResult> Notable { get; }
}

/// <summary>Counts of rules: failing by severity, passed (with or without tail), passed with a tail, not applicable.</summary>
public sealed record ReconciliationSummary(int Error, int Warning, int Info, int Passed, int Tails, int NotApplicable, int Checks);

/// <summary>Failures that read the same cell: the cell most failures share is listed first, as the likely root cause.</summary>
public sealed record FailureGroup(CellRef Cell, IReadOnlyList<CheckResult> Failures);

public sealed record ReconciliationResult(string TemplateSetId, string RuleSetVersion, IReadOnlyList<RuleResult> Rules)
{
    public ReconciliationSummary Summary { get; } = Summarise(Rules);

    public IEnumerable<CheckResult> Failures => Rules.Where(r => r.Status == CheckStatus.Fail).SelectMany(r => r.Notable).Where(c => c.Status == CheckStatus.Fail);

    public bool BlocksSubmission => Rules.Any(r => r.Rule.Severity == RuleSeverity.Error && r.Status == CheckStatus.Fail);

    public RuleResult? Find(string ruleId) => Rules.FirstOrDefault(r => r.Rule.Id == ruleId);

    /// <summary>Groups failures by the cells they share, biggest group first; each failure appears once.</summary>
    public IReadOnlyList<FailureGroup> GroupFailures()
    {
        var failures = Failures.ToList();
        var sharing = failures
            .SelectMany(f => f.Cells.Select(c => (Key: (c.Table, c.Row, c.Column), Cell: c, Failure: f)))
            .GroupBy(x => x.Key)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key.Table, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Row, StringComparer.Ordinal)
            .ToList();
        var placed = new HashSet<CheckResult>(ReferenceEqualityComparer.Instance);
        var groups = new List<FailureGroup>();
        foreach (var group in sharing)
        {
            var members = group.Select(x => x.Failure).Where(placed.Add).ToList();
            if (members.Count > 0)
            {
                groups.Add(new FailureGroup(group.First().Cell, members));
            }
        }

        groups.AddRange(failures.Where(placed.Add).Select(f => new FailureGroup(new CellRef("", "", 0, null), [f])));
        return groups;
    }

    private static ReconciliationSummary Summarise(IReadOnlyList<RuleResult> rules) => new(
        rules.Count(r => r.Status == CheckStatus.Fail && r.Rule.Severity == RuleSeverity.Error),
        rules.Count(r => r.Status == CheckStatus.Fail && r.Rule.Severity == RuleSeverity.Warning),
        rules.Count(r => r.Status == CheckStatus.Fail && r.Rule.Severity == RuleSeverity.Info),
        rules.Count(r => r.Status is CheckStatus.Pass or CheckStatus.Tail),
        rules.Count(r => r.Status == CheckStatus.Tail),
        rules.Count(r => r.Status == CheckStatus.NotApplicable),
        rules.Sum(r => r.Checks.Count));
}

public static class ReconciliationText
{
    public static string ToChinese(this RuleSeverity severity) => severity switch
    {
        RuleSeverity.Error => "错误",
        RuleSeverity.Warning => "警告",
        _ => "提示",
    };

    public static string ToChinese(this CheckStatus status) => status switch
    {
        CheckStatus.Pass => "通过",
        CheckStatus.Tail => "通过（尾差）",
        CheckStatus.Fail => "不通过",
        _ => "不适用",
    };

    public static string ToCode(this CheckStatus status) => status switch
    {
        CheckStatus.Pass => "pass",
        CheckStatus.Tail => "tail",
        CheckStatus.Fail => "fail",
        _ => "n/a",
    };

    public static string ToCode(this RuleSeverity severity) => severity.ToString().ToLowerInvariant();
}
