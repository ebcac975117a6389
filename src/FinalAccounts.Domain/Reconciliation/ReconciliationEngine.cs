using System.Globalization;
using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Narrative;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Domain.Reconciliation;

/// <summary>An expression evaluated on a report: its value, the cells read, non-blank amounts among them, whether any is a count.</summary>
public sealed record ExpressionValue(decimal Value, IReadOnlyList<CellRef> Cells, int NonBlankAmounts, bool Exact);

/// <summary>A total as a rule states it: one cell equal to the sum of other cells of the same table.</summary>
public sealed record TotalDefinition(string RuleId, CellAddress Total, IReadOnlyList<CellAddress> Parts);

/// <summary>
/// Evaluates a compiled rule set on one report. Tolerance (§1.3 of the rule catalogue): a check reading k non-blank
/// amounts allows 0.005 × k 万元 (a sum of n rounded operands against a rounded total: 0.005 × (n + 1); the same figure
/// in two places: 0.01); any count makes it exact; a rule may set its own tolerance. A non-zero difference within
/// tolerance is a 尾差 (tail); strict mode fails every non-zero difference.
/// </summary>
public static class ReconciliationEngine
{
    public const decimal Epsilon = 0.005m;

    public static ReconciliationResult Evaluate(ReconciliationRuleSet rules, ReconciliationData data, bool strict = false) =>
        Evaluate(rules, data, strict, compiled: true);

    /// <summary>
    /// Formula rules run from the plan compiled for the data's template set (<see cref="RulePlan"/>), or, with
    /// <paramref name="compiled"/> false, by the interpreter, which stays the reference the plan is tested against.
    /// </summary>
    internal static ReconciliationResult Evaluate(ReconciliationRuleSet rules, ReconciliationData data, bool strict, bool compiled)
    {
        var results = new List<RuleResult>(rules.Rules.Count);
        IReadOnlyDictionary<string, List<CheckResult>>? narrative = null;
        IReadOnlyDictionary<string, List<CheckResult>>? performance = null;
        var plan = compiled ? rules.PlanFor(data.Set) : null;
        var context = new PlanContext();
        for (var i = 0; i < rules.Rules.Count; i++)
        {
            var rule = rules.Rules[i];
            var compiledRule = plan?.Rules[i];
            // The N rules read the 情况说明 together (facts are extracted once); without one they are not applicable.
            // The P and D rules likewise read the 绩效 document together.
            IReadOnlyList<CheckResult> checks = rule.Builtin == NarrativeTemplateParser.Builtin
                ? (narrative ??= NarrativeChecks.Run(rules.Rules.Where(r => r.Builtin == NarrativeTemplateParser.Builtin), data, strict, rules.Performance?.Grades(data.Performance?.GradeScheme))).GetValueOrDefault(rule.Id) ?? []
                : rule.Builtin == Performance.PerformanceSchemeParser.Builtin
                ? (performance ??= Performance.PerformanceChecks.Run(rules.Rules.Where(r => r.Builtin == Performance.PerformanceSchemeParser.Builtin), data, rules.Performance)).GetValueOrDefault(rule.Id) ?? []
                : rule.Builtin is not null
                ? BuiltinChecks.Run(rule, data)
                : compiledRule is not null && compiledRule.Fits(data)
                ? compiledRule.Evaluate(data, strict, context)
                : EvaluateFormulas(rule, data, strict);
            results.Add(new RuleResult(rule, StatusOf(checks), checks));
        }

        return new ReconciliationResult(rules.TemplateSetId, rules.Version, results);
    }

    /// <summary>Fail if any check fails, else tail if any has a tail, else pass; n/a without checks.</summary>
    private static CheckStatus StatusOf(IReadOnlyList<CheckResult> checks)
    {
        if (checks is PlanChecks plan)
        {
            return plan.Status; // counted as the checks were made, without making the passes
        }

        if (checks.Count == 0)
        {
            return CheckStatus.NotApplicable;
        }

        var status = CheckStatus.Pass;
        foreach (var check in checks)
        {
            if (check.Status == CheckStatus.Fail)
            {
                return CheckStatus.Fail;
            }

            if (check.Status == CheckStatus.Tail)
            {
                status = CheckStatus.Tail;
            }
        }

        return status;
    }

    private static List<CheckResult> EvaluateFormulas(ReconciliationRule rule, ReconciliationData data, bool strict)
    {
        var evaluator = new Evaluator(rule, data, strict);
        foreach (var statement in rule.Statements)
        {
            evaluator.Run(statement, []);
        }

        return evaluator.Checks;
    }

    /// <summary>
    /// The totals a rule set states for one table, expanded on its data: every unguarded identity
    /// <c>cell = part + part + …</c> (or <c>sum(…)</c>, <c>sum(children(…))</c>) whose cells all sit in that table.
    /// Equalities of two single cells (<c>T01[31] = T01[62]</c>), differences and guarded rules are checks, not totals.
    /// In rule order, so the first definition of a cell is the one the rule catalogue lists first.
    /// </summary>
    public static IReadOnlyList<TotalDefinition> TotalDefinitions(ReconciliationRuleSet rules, ReconciliationData data, string tableNo)
    {
        var definitions = new List<TotalDefinition>();
        foreach (var rule in rules.Rules.Where(r => r.Builtin is null))
        {
            var evaluator = new Evaluator(rule, data, strict: false);
            foreach (var statement in rule.Statements.Where(s => FormulaTables.Only(s, tableNo)))
            {
                evaluator.Define(statement, [], definitions);
            }
        }

        return definitions;
    }

    /// <summary>
    /// The value of one expression on a report's data, with the cells it read and how many of them are non-blank
    /// amounts (for the tolerance) or whether any is a count (exact).
    /// </summary>
    public static ExpressionValue EvaluateExpression(Expr expr, ReconciliationData data)
    {
        var evaluator = new Evaluator(new ReconciliationRule("", "", RuleSeverity.Info, [], [], null, null, null), data, strict: false);
        var reads = new Reads();
        var value = evaluator.ValueOf(expr, reads);
        return new ExpressionValue(value, reads.Cells, reads.NonBlankAmounts, reads.Exact);
    }

    private readonly record struct Binding(string Name, string Value, string? Table);

    /// <summary>
    /// What an evaluation read. Without <c>collect</c> only the counts the tolerance needs are kept: most checks pass,
    /// and their cells are only wanted if someone lists passes (then <see cref="DeferredCells"/> reads them again).
    /// </summary>
    private sealed class Reads(bool collect = true)
    {
        private List<CellRef>? _cells;

        public bool Collect { get; } = collect;
        public List<CellRef> Cells => _cells ??= [];
        public int NonBlankAmounts { get; set; }
        public bool Exact { get; set; }

        /// <summary>Ready for the next evaluation (only the counting kind is reused).</summary>
        public Reads Reset()
        {
            NonBlankAmounts = 0;
            Exact = false;
            return this;
        }
    }

    /// <summary>
    /// The cells a passing check read, worked out only when asked for (the reconciliation page's "全部" view, the
    /// API's all=true): keeping a list of cells for each of the hundreds of passing checks was most of what
    /// reconciling a report allocated.
    /// </summary>
    private sealed class DeferredCells(Evaluator evaluator, Condition condition, Binding[] env) : IReadOnlyList<CellRef>
    {
        private List<CellRef>? _cells;

        private List<CellRef> Cells => _cells ??= evaluator.CellsOf(condition, env);

        public int Count => Cells.Count;

        public CellRef this[int index] => Cells[index];

        public IEnumerator<CellRef> GetEnumerator() => Cells.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class Evaluator(ReconciliationRule rule, ReconciliationData data, bool strict)
    {
        // Counting only, reused: a guard is tested before its body's checks run, and a check is not re-entered.
        private readonly Reads _counting = new(collect: false);

        public List<CheckResult> Checks { get; } = [];

        public void Run(Statement statement, List<Binding> env)
        {
            switch (statement)
            {
                case ForStatement loop:
                    foreach (var (value, table) in Enumerate(loop.Domain))
                    {
                        env.Add(new Binding(loop.Variable, value, table));
                        Run(loop.Body, env);
                        env.RemoveAt(env.Count - 1);
                    }

                    break;
                case WhenStatement guarded:
                    if (Test(guarded.Guard, env, _counting.Reset()))
                    {
                        Run(guarded.Body, env);
                    }

                    break;
                case CheckStatement check:
                    Checks.Add(Check(check.Condition, env));
                    break;
            }
        }

        public decimal ValueOf(Expr expr, Reads reads) => Value(expr, [], reads);

        public void Define(Statement statement, List<Binding> env, List<TotalDefinition> into)
        {
            switch (statement)
            {
                case ForStatement loop:
                    foreach (var (value, table) in Enumerate(loop.Domain))
                    {
                        env.Add(new Binding(loop.Variable, value, table));
                        Define(loop.Body, env, into);
                        env.RemoveAt(env.Count - 1);
                    }

                    break;
                case CheckStatement { Condition: Comparison { Operator: ComparisonOperator.Equal, Left: CellExpr total, Right: var sum } }
                    when sum is not CellExpr:
                    var parts = new List<CellAddress>();
                    if (Parts(sum, env, parts))
                    {
                        into.Add(new TotalDefinition(rule.Id, Address(total.Table, RowOf(total.Row, env), total.Column, env), parts));
                    }

                    break;
            }
        }

        /// <summary>The cells a sum adds up; false when the expression is anything but a sum of cells.</summary>
        private bool Parts(Expr expr, List<Binding> env, List<CellAddress> parts)
        {
            switch (expr)
            {
                case BinaryExpr { Operator: '+' } b:
                    return Parts(b.Left, env, parts) && Parts(b.Right, env, parts);
                case CellExpr cell:
                    parts.Add(Address(cell.Table, RowOf(cell.Row, env), cell.Column, env));
                    return true;
                case RangeSumExpr range:
                    parts.AddRange(RangeKeys(range).Select(key => Address(range.Table, key, range.Column, env)));
                    return true;
                case ChildrenSumExpr children:
                    var parent = RowOf(children.Parent.Row, env);
                    parts.AddRange(ChildrenOf(children.Parent.Table, parent).Select(key => Address(children.Parent.Table, key, children.Parent.Column, env)));
                    return true;
                default:
                    return false;
            }
        }

        private CellAddress Address(string tableNo, string row, ColumnSelector? selector, List<Binding> env) =>
            new(tableNo, row, ColumnOf(data.Table(tableNo)!.Template, row, selector, env).Column);

        private CheckResult Check(Condition condition, List<Binding> env)
        {
            var reads = _counting.Reset();
            if (condition is Comparison comparison)
            {
                var left = Value(comparison.Left, env, reads);
                var right = Value(comparison.Right, env, reads);
                var violation = comparison.Operator switch
                {
                    ComparisonOperator.Equal => Math.Abs(left - right),
                    ComparisonOperator.LessOrEqual => Math.Max(0, left - right),
                    ComparisonOperator.GreaterOrEqual => Math.Max(0, right - left),
                    ComparisonOperator.Less => left < right ? 0 : Math.Max(left - right, 0.01m),
                    _ => left > right ? 0 : Math.Max(right - left, 0.01m),
                };
                var strictOperator = comparison.Operator is ComparisonOperator.Less or ComparisonOperator.Greater;
                var tolerance = rule.Tolerance ?? (reads.Exact || strictOperator ? 0 : Epsilon * Math.Max(1, reads.NonBlankAmounts));
                var status = violation == 0 ? CheckStatus.Pass
                    : !strict && !strictOperator && violation <= tolerance ? CheckStatus.Tail
                    : CheckStatus.Fail;
                var message = status == CheckStatus.Tail ? $"尾差 {violation.ToString("0.00##", CultureInfo.InvariantCulture)}" : null;
                // Where a check applies is spelled out only for the ones people will read (not for passes).
                var where = status == CheckStatus.Pass ? null : Describe(env);
                return new CheckResult(rule.Id, rule.Severity, status, where, left, right, left - right, tolerance, CellsFor(status, condition, env), message, Symbol(comparison.Operator));
            }

            var holds = Test(condition, env, reads);
            var cells = CellsFor(holds ? CheckStatus.Pass : CheckStatus.Fail, condition, env);
            return new CheckResult(rule.Id, rule.Severity, holds ? CheckStatus.Pass : CheckStatus.Fail, holds ? null : Describe(env), null, null, null, 0, cells,
                holds ? null : "条件不成立：" + string.Join("，", cells.Select(c => $"{c.ToString(data.Set)}={Show(c.Value)}")));
        }

        /// <summary>A failure's or tail's cells now (they are shown and stored); a pass's only when asked for.</summary>
        private IReadOnlyList<CellRef> CellsFor(CheckStatus status, Condition condition, List<Binding> env) =>
            status == CheckStatus.Pass ? new DeferredCells(this, condition, env.Count == 0 ? [] : env.ToArray()) : CellsOf(condition, env);

        /// <summary>Evaluates a condition again, keeping every cell it reads, in reading order.</summary>
        public List<CellRef> CellsOf(Condition condition, IEnumerable<Binding> env)
        {
            var bound = env as List<Binding> ?? [.. env];
            var reads = new Reads();
            if (condition is Comparison comparison)
            {
                Value(comparison.Left, bound, reads);
                Value(comparison.Right, bound, reads);
            }
            else
            {
                Test(condition, bound, reads);
            }

            return reads.Cells;
        }

        private bool Test(Condition condition, List<Binding> env, Reads reads) => condition switch
        {
            Comparison c => Compare(Value(c.Left, env, reads), c.Operator, Value(c.Right, env, reads)),
            Logical { Operator: "and" } l => Test(l.Left, env, reads) & Test(l.Right, env, reads),
            Logical { Operator: "or" } l => Test(l.Left, env, reads) | Test(l.Right, env, reads),
            Logical { Operator: "=>" } l => !Test(l.Left, env, reads) | Test(l.Right, env, reads),
            Logical { Operator: "<=>" } l => Test(l.Left, env, reads) == Test(l.Right, env, reads),
            _ => throw new InvalidOperationException($"Unknown condition {condition}"),
        };

        private static string Symbol(ComparisonOperator op) => op switch
        {
            ComparisonOperator.Equal => "=",
            ComparisonOperator.LessOrEqual => "≤",
            ComparisonOperator.GreaterOrEqual => "≥",
            ComparisonOperator.Less => "<",
            _ => ">",
        };

        private static bool Compare(decimal left, ComparisonOperator op, decimal right) => op switch
        {
            ComparisonOperator.Equal => left == right,
            ComparisonOperator.LessOrEqual => left <= right,
            ComparisonOperator.GreaterOrEqual => left >= right,
            ComparisonOperator.Less => left < right,
            _ => left > right,
        };

        private decimal Value(Expr expr, List<Binding> env, Reads reads)
        {
            switch (expr)
            {
                case NumberExpr n:
                    return n.Value;
                case NegateExpr n:
                    return -Value(n.Operand, env, reads);
                case BinaryExpr b:
                    var left = Value(b.Left, env, reads);
                    var right = Value(b.Right, env, reads);
                    return b.Operator == '+' ? left + right : left - right;
                case CellExpr cell:
                    return Read(cell.Table, RowOf(cell.Row, env), cell.Column, env, reads);
                case RangeSumExpr range:
                    var total = 0m;
                    foreach (var key in RangeKeys(range))
                    {
                        total += Read(range.Table, key, range.Column, env, reads);
                    }

                    return total;
                case ChildrenSumExpr children:
                    var parent = RowOf(children.Parent.Row, env);
                    var sum = 0m;
                    foreach (var key in ChildrenOf(children.Parent.Table, parent))
                    {
                        sum += Read(children.Parent.Table, key, children.Parent.Column, env, reads);
                    }

                    return sum;
                default:
                    throw new InvalidOperationException($"Unknown expression {expr}");
            }
        }

        private decimal Read(string tableNo, string row, ColumnSelector? selector, List<Binding> env, Reads reads)
        {
            if (tableNo == "O")
            {
                var count = data.Facts.Staff.ByRuleKey(row);
                reads.Exact = true;
                if (reads.Collect)
                {
                    reads.Cells.Add(new CellRef("O", row, 1, count));
                }

                return count ?? 0;
            }

            var table = data.Table(tableNo)!;
            var (column, kind) = ColumnOf(table.Template, row, selector, env);
            var value = table.Get(row, column);
            if (reads.Collect)
            {
                reads.Cells.Add(new CellRef(tableNo, row, column, value));
            }

            if (value is not null)
            {
                if (kind == ValueKind.Count)
                {
                    reads.Exact = true;
                }
                else
                {
                    reads.NonBlankAmounts++;
                }
            }

            return value ?? 0;
        }

        private static (int Column, ValueKind Kind) ColumnOf(TableTemplate table, string row, ColumnSelector? selector, List<Binding> env)
        {
            var (panel, fixedRow) = table.ReadOf(row);
            var number = selector switch
            {
                ColumnNumber n => n.Number,
                ColumnVariable v => int.Parse(Find(env, v.Name).Value, CultureInfo.InvariantCulture),
                _ => panel.Columns[0].No,
            };
            var column = panel.FindColumn(number);
            var kind = column is null ? ValueKind.Amount : fixedRow?.KindFor(column) ?? column.Kind;
            return (number, kind);
        }

        private string RowOf(RowSelector selector, List<Binding> env) => selector switch
        {
            RowKey key => key.Key,
            RowVariable v => Find(env, v.Name).Value,
            RowCodeOf c => CodeOf(Find(env, c.Name)),
            _ => throw new InvalidOperationException($"Unknown row selector {selector}"),
        };

        private string CodeOf(Binding binding) =>
            binding.Table is not null && data.Table(binding.Table)?.Template.FindFixedRow(binding.Value)?.Code is { } code ? code : binding.Value;

        private static Binding Find(List<Binding> env, string name)
        {
            for (var i = env.Count - 1; i >= 0; i--)
            {
                if (env[i].Name == name)
                {
                    return env[i];
                }
            }

            throw new InvalidOperationException($"Unbound variable {name}");
        }

        private IEnumerable<string> RangeKeys(RangeSumExpr range)
        {
            var table = data.Table(range.Table)!.Template;
            var rows = table.PanelOf(range.From)!.Rows;
            var inside = false;
            foreach (var row in rows)
            {
                inside |= row.Key == range.From;
                if (inside && !row.IsFiller)
                {
                    yield return row.Key;
                }

                if (row.Key == range.To)
                {
                    yield break;
                }
            }
        }

        private IReadOnlyList<string> ChildrenOf(string tableNo, string parent)
        {
            var table = data.Table(tableNo)!;
            return table.Template.CodedPanel?.Coded is not null ? table.ChildrenOf(parent) : table.Template.FixedChildrenOf(parent);
        }

        private IEnumerable<(string Value, string? Table)> Enumerate(Domain domain)
        {
            switch (domain)
            {
                case NumberRange r:
                    for (var i = r.From; i <= r.To; i++)
                    {
                        yield return (i.ToString(CultureInfo.InvariantCulture), null);
                    }

                    break;
                case KeySet k:
                    foreach (var key in k.Keys)
                    {
                        yield return (key, null);
                    }

                    break;
                case ColumnsOf c:
                    var template = data.Table(c.Table)!.Template;
                    foreach (var column in (template.CodedPanel ?? template.Panels[0]).Columns)
                    {
                        yield return (column.No.ToString(CultureInfo.InvariantCulture), null);
                    }

                    break;
                case RowsOf rows:
                    foreach (var key in ReconciliationDomains.RowsOf(rows, data))
                    {
                        yield return (key, rows.Tables[0]);
                    }

                    break;
                case ParentsOf p:
                    foreach (var key in ReconciliationDomains.ParentsOf(p.Table, data))
                    {
                        yield return (key, p.Table);
                    }

                    break;
                case ClassRowsOf c:
                    foreach (var row in data.Table(c.Table)!.Template.Panels.SelectMany(p => p.Rows).Where(r => r.Code is not null))
                    {
                        yield return (row.Key, c.Table);
                    }

                    break;
            }
        }

        private string? Describe(List<Binding> env)
        {
            if (env.Count == 0)
            {
                return null;
            }

            return string.Join("，", env.Select(b =>
            {
                if (b.Table is null)
                {
                    return $"{b.Name}={b.Value}";
                }

                var table = data.Table(b.Table)!;
                var name = table.Template.FindFixedRow(b.Value)?.Label ?? table.Catalog?.NameOf(b.Value);
                return name is null ? $"行 {b.Value}" : $"行 {b.Value} {name}";
            }));
        }

        private static string Show(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "空";
    }
}

/// <summary>The loop domains that depend on a report's rows, shared by the interpreter and the compiled plan.</summary>
internal static class ReconciliationDomains
{
    /// <summary>rows(…): a coded table's total and codes (filtered by level and name), a fixed table's non-filler rows; codes sorted after fixed keys.</summary>
    public static List<string> RowsOf(RowsOf domain, ReconciliationData data)
    {
        var keys = new List<string>();
        // Keys of one table are distinct already; only rows(…) over several tables needs to drop repeats.
        var seen = domain.Tables.Count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        var codes = new List<string>();
        foreach (var tableNo in domain.Tables)
        {
            var table = data.Table(tableNo)!;
            if (table.Template.CodedPanel?.Coded is { } coded)
            {
                if (table.IsEmpty)
                {
                    continue;
                }

                if (domain.Level is null && domain.Names is null && (seen?.Add(coded.TotalKey) ?? true))
                {
                    keys.Add(coded.TotalKey);
                }

                foreach (var code in table.Codes)
                {
                    if ((domain.Level is null || domain.Level == ClassificationCode.LevelOf(code, coded.LevelLengths) + 1)
                        && (domain.Names is null || (table.Catalog?.NameOf(code) is { } name && domain.Names.Contains(name)))
                        && (seen?.Add(code) ?? true))
                    {
                        codes.Add(code);
                    }
                }
            }
            else
            {
                foreach (var panel in table.Template.Panels)
                {
                    foreach (var row in panel.Rows)
                    {
                        if (!row.IsFiller && (domain.Names is null || domain.Names.Contains(row.Label)) && (seen?.Add(row.Key) ?? true))
                        {
                            keys.Add(row.Key);
                        }
                    }
                }
            }
        }

        codes.Sort(StringComparer.Ordinal);
        keys.AddRange(codes);
        return keys;
    }

    /// <summary>parents(…): rows with children present — a coded table's total and 类/款 with lower rows, a fixed table's code rows with children.</summary>
    public static List<string> ParentsOf(string tableNo, ReconciliationData data)
    {
        var keys = new List<string>();
        var table = data.Table(tableNo)!;
        if (table.Template.CodedPanel?.Coded is { } coded)
        {
            if (table.IsEmpty)
            {
                return keys;
            }

            keys.Add(coded.TotalKey);
            foreach (var code in table.Codes)
            {
                if (table.ChildrenOf(code).Count > 0)
                {
                    keys.Add(code);
                }
            }

            return keys;
        }

        foreach (var panel in table.Template.Panels)
        {
            foreach (var row in panel.Rows)
            {
                if (row.Code is not null && table.Template.FixedChildrenOf(row.Key).Count > 0)
                {
                    keys.Add(row.Key);
                }
            }
        }

        return keys;
    }
}
