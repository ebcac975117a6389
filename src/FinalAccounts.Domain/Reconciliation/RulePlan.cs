using System.Globalization;
using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Domain.Reconciliation;

/// <summary>
/// The formula rules of a rule set compiled against one template set (docs/adr/0026-compiled-rule-plans.md): every
/// reference resolved once — table number, fixed row to its slot, column and value kind — and every loop variable bound
/// to a frame slot, so that evaluating a report reads arrays instead of looking strings up in dictionaries and
/// formatting loop numbers. The interpreter in <see cref="ReconciliationEngine"/> stays the reference: the results are
/// the same (statuses, values, tolerances, cells in reading order, texts), which a test compares rule by rule.
/// </summary>
internal sealed class RulePlan
{
    private RulePlan(CompiledRule?[] rules) => Rules = rules;

    /// <summary>Aligned with <see cref="ReconciliationRuleSet.Rules"/>; null for built-in rules and rules left to the interpreter.</summary>
    public CompiledRule?[] Rules { get; }

    public static RulePlan Compile(IReadOnlyList<ReconciliationRule> rules, TemplateSet set)
    {
        var compiled = new CompiledRule?[rules.Count];
        for (var i = 0; i < rules.Count; i++)
        {
            compiled[i] = rules[i].Builtin is null ? PlanCompiler.TryCompile(rules[i], set) : null;
        }

        return new RulePlan(compiled);
    }
}

/// <summary>One formula rule, compiled: its statements and the templates it was compiled against.</summary>
internal sealed class CompiledRule(ReconciliationRule rule, PStatement[] statements, int depth, (int No, TableTemplate Template)[] tables)
{
    public ReconciliationRule Rule { get; } = rule;

    /// <summary>
    /// Whether this data holds, for every table the rule reads, the very template it was compiled against; otherwise
    /// (a one-table data set, another set) the interpreter evaluates the rule and fails or succeeds as it always did.
    /// </summary>
    public bool Fits(ReconciliationData data)
    {
        foreach (var (no, template) in tables)
        {
            if (data.TableAt(no)?.Template != template)
            {
                return false;
            }
        }

        return true;
    }

    // How many checks the last evaluation made: the next list starts that big instead of growing by copies.
    private int _expected;

    public PlanChecks Evaluate(ReconciliationData data, bool strict, PlanContext context)
    {
        var run = new Runner(Rule, data, strict, depth) { Context = context };
        run.Checks = new PlanChecks(run, _expected);
        foreach (var statement in statements)
        {
            statement.Run(run);
        }

        _expected = run.Checks.Count;
        return run.Checks;
    }
}

/// <summary>One value a loop variable takes: its text (a row key, a number), its number when it has one, the table its rows belong to.</summary>
internal readonly record struct DomainItem(string Text, string? Table, int Number, bool HasNumber)
{
    public static DomainItem Of(string text, string? table) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? new(text, table, number, true) : new(text, table, 0, false);

    /// <summary>As a column (栏次): parsed as the interpreter parses it, failing the same way on a non-number.</summary>
    public int Column => HasNumber ? Number : int.Parse(Text, CultureInfo.InvariantCulture);
}

/// <summary>A bound loop variable: its value and, for each table it addresses rows of, that row resolved once.</summary>
internal struct Bound
{
    public DomainItem Item;

    /// <summary>The value's position in its domain's list, which stays the same for the whole evaluation.</summary>
    public int Index;

    /// <summary>Per use of the variable as a row (a table, direct or through code(r)): the rows of every value of the domain.</summary>
    public DataRow[][] UseRows;

    public readonly DataRow Row(int use) => UseRows[use][Index];
}

/// <summary>
/// What the rules of one evaluation share: the values of data-dependent loop domains, so that <c>rows(T03, T05, T07,
/// T08)</c> written in three statements, or <c>parents(T02)</c> inside <c>for c in cols(T02)</c>, is listed once.
/// </summary>
internal sealed class PlanContext
{
    private readonly Dictionary<string, DomainItem[]> _domains = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Domain, int Table, bool ViaCode), DataRow[]> _rows = [];

    public DomainItem[] Items(PDataDomain domain, ReconciliationData data)
    {
        if (!_domains.TryGetValue(domain.Key, out var items))
        {
            _domains[domain.Key] = items = domain.List(data);
        }

        return items;
    }

    /// <summary>
    /// The rows a domain's values address in one table, resolved once per evaluation: the loops of X-14 share
    /// rows(T03, T05, T07, T08), and parents(T02) is looped over once per column.
    /// </summary>
    public DataRow[] Rows(PDomain domain, DomainItem[] items, int no, bool viaCode, ReconciliationData data)
    {
        if (!_rows.TryGetValue((domain.Key, no, viaCode), out var rows))
        {
            var table = data.TableAt(no)!;
            rows = new DataRow[items.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                rows[i] = table.Resolve(viaCode ? CodeOf(data, items[i]) : items[i].Text);
            }

            _rows[(domain.Key, no, viaCode)] = rows;
        }

        return rows;
    }

    /// <summary><c>code(r)</c>: the classification code of the fixed row r (or r itself), as the interpreter resolves it.</summary>
    private static string CodeOf(ReconciliationData data, DomainItem item) =>
        item.Table is not null && data.Table(item.Table)?.Template.FindFixedRow(item.Text)?.Code is { } code ? code : item.Text;
}

/// <summary>The state of one rule's evaluation on one report.</summary>
internal sealed class Runner(ReconciliationRule rule, ReconciliationData data, bool strict, int depth)
{
    public ReconciliationRule Rule { get; } = rule;
    public ReconciliationData Data { get; } = data;
    public bool Strict { get; } = strict;
    public Bound[] Frame { get; } = depth == 0 ? [] : new Bound[depth];
    /// <summary>The checks made so far; set by whoever evaluates (a pass's cells are read again without one).</summary>
    public PlanChecks Checks { get; set; } = null!;

    public PlanContext Context { get; init; } = null!;

    // Counting only, reused: a guard is tested before its body's checks run, and a check is not re-entered.
    public PlanReads Counting { get; } = new(collect: false);
}

/// <summary>What an evaluation read (see the interpreter's Reads): counts for the tolerance, cells only when collected.</summary>
internal sealed class PlanReads(bool collect)
{
    private List<CellRef>? _cells;

    public bool Collect { get; } = collect;
    public List<CellRef> Cells => _cells ??= [];
    public int NonBlankAmounts;
    public bool Exact;

    public PlanReads Reset()
    {
        NonBlankAmounts = 0;
        Exact = false;
        return this;
    }

    /// <summary>One cell read: counted for the tolerance, kept when collecting, blank read as 0.</summary>
    public decimal Read(string tableNo, string row, decimal?[]? values, int column, ValueKind kind)
    {
        var value = values is not null && column < values.Length ? values[column] : null;
        if (Collect)
        {
            Cells.Add(new CellRef(tableNo, row, column, value));
        }

        if (value is { } v)
        {
            if (kind == ValueKind.Count)
            {
                Exact = true;
            }
            else
            {
                NonBlankAmounts++;
            }

            return v;
        }

        return 0;
    }

    /// <summary>A cell's value kind as the interpreter works it out: the row's kind overrides its column's.</summary>
    public static ValueKind KindOf(RowRead read, int column) => read.KindOf(column);
}

// ---- statements ----

internal abstract class PStatement
{
    public abstract void Run(Runner run);
}

/// <summary>A loop: binds its frame slot to each value of its domain and resolves the rows the body addresses with it.</summary>
internal sealed class PFor(int slot, string name, PDomain domain) : PStatement
{
    // (table number, table, through code(r)) for each use of the variable as a row; filled while compiling the body.
    private readonly List<(int No, string Table, bool ViaCode)> _uses = [];

    public int Slot { get; } = slot;
    public string Name { get; } = name;
    public PStatement Body { get; set; } = null!;

    public int Use(int no, string table, bool viaCode)
    {
        var index = _uses.IndexOf((no, table, viaCode));
        if (index < 0)
        {
            _uses.Add((no, table, viaCode));
            index = _uses.Count - 1;
        }

        return index;
    }

    public override void Run(Runner run)
    {
        var items = domain.Items(run);
        var rows = UseRows(run, items);
        for (var i = 0; i < items.Length; i++)
        {
            // Binding is a store: the rows each value addresses were resolved for the whole domain at once.
            run.Frame[Slot] = new Bound { Item = items[i], Index = i, UseRows = rows };
            Body.Run(run);
        }
    }

    /// <summary>
    /// Binds the variable again to the value at a position of its domain: the domain's list is the same array for
    /// the whole evaluation (static, or kept in the <see cref="PlanContext"/>), so a position names the value.
    /// </summary>
    public void Rebind(Runner run, int index)
    {
        var items = domain.Items(run);
        run.Frame[Slot] = new Bound { Item = items[index], Index = index, UseRows = UseRows(run, items) };
    }

    private DataRow[][] UseRows(Runner run, DomainItem[] items)
    {
        if (_uses.Count == 0)
        {
            return [];
        }

        var rows = new DataRow[_uses.Count][];
        for (var u = 0; u < rows.Length; u++)
        {
            var (no, _, viaCode) = _uses[u];
            rows[u] = run.Context.Rows(domain, items, no, viaCode, run.Data);
        }

        return rows;
    }
}

internal sealed class PWhen(PCondition guard, PStatement body) : PStatement
{
    public override void Run(Runner run)
    {
        if (guard.Test(run, run.Counting.Reset()))
        {
            body.Run(run);
        }
    }
}

/// <summary>
/// One check: evaluated counting only. A failure or tail is made at once with the cells it read; a pass is kept as
/// its loop positions (<see cref="PlanChecks"/>) and made, cells and all, only if someone lists it.
/// </summary>
internal sealed class PCheck(PCondition condition, PFor[] scope) : PStatement
{
    public override void Run(Runner run)
    {
        if (Check(run, makePass: false) is { } made)
        {
            run.Checks.Add(made);
        }
        else
        {
            run.Checks.AddPass(this, run.Frame, scope.Length);
        }
    }

    /// <summary>The check's result; null for a pass unless <paramref name="makePass"/> (then its cells are read too).</summary>
    private CheckResult? Check(Runner run, bool makePass)
    {
        var rule = run.Rule;
        var reads = run.Counting.Reset();
        if (condition is PComparison comparison)
        {
            var left = comparison.Left.Value(run, reads);
            var right = comparison.Right.Value(run, reads);
            var difference = left - right; // subtracted once: the same decimal the interpreter computes twice
            var violation = comparison.Operator switch
            {
                ComparisonOperator.Equal => Math.Abs(difference),
                ComparisonOperator.LessOrEqual => Math.Max(0, difference),
                ComparisonOperator.GreaterOrEqual => Math.Max(0, right - left),
                ComparisonOperator.Less => left < right ? 0 : Math.Max(left - right, 0.01m),
                _ => left > right ? 0 : Math.Max(right - left, 0.01m),
            };
            if (violation == 0)
            {
                // The tolerance is worked out only for a pass someone lists: the loop never needs it.
                return makePass
                    ? new CheckResult(rule.Id, rule.Severity, CheckStatus.Pass, null, left, right, difference, ToleranceOf(run, reads, comparison), CellsOf(run), null, comparison.Symbol)
                    : null;
            }

            var tolerance = ToleranceOf(run, reads, comparison);
            var status = !run.Strict && !comparison.IsStrict && violation <= tolerance ? CheckStatus.Tail : CheckStatus.Fail;
            var message = status == CheckStatus.Tail ? $"尾差 {violation.ToString("0.00##", CultureInfo.InvariantCulture)}" : null;
            return new CheckResult(rule.Id, rule.Severity, status, Describe(run), left, right, difference, tolerance, CellsOf(run), message, comparison.Symbol);
        }

        if (condition.Test(run, reads))
        {
            return makePass ? new CheckResult(rule.Id, rule.Severity, CheckStatus.Pass, null, null, null, null, 0, CellsOf(run), null) : null;
        }

        var cells = CellsOf(run);
        return new CheckResult(rule.Id, rule.Severity, CheckStatus.Fail, Describe(run), null, null, null, 0, cells,
            "条件不成立：" + string.Join("，", cells.Select(c => $"{c.ToString(run.Data.Set)}={Show(c.Value)}")));
    }

    private static decimal ToleranceOf(Runner run, PlanReads reads, PComparison comparison) =>
        run.Rule.Tolerance ?? (reads.Exact || comparison.IsStrict ? 0 : Tolerance(reads.NonBlankAmounts));

    // 0.005 × k for the usual k, multiplied once (the same products, so the same decimals, as the interpreter's).
    private static readonly decimal[] Tolerances = [.. Enumerable.Range(0, 64).Select(k => ReconciliationEngine.Epsilon * Math.Max(1, k))];

    private static decimal Tolerance(int nonBlankAmounts) =>
        nonBlankAmounts < Tolerances.Length ? Tolerances[nonBlankAmounts] : ReconciliationEngine.Epsilon * nonBlankAmounts;

    /// <summary>Evaluates the condition again, keeping every cell it reads, in reading order.</summary>
    public List<CellRef> CellsOf(Runner run)
    {
        var reads = new PlanReads(collect: true);
        if (condition is PComparison comparison)
        {
            comparison.Left.Value(run, reads);
            comparison.Right.Value(run, reads);
        }
        else
        {
            condition.Test(run, reads);
        }

        return reads.Cells;
    }

    /// <summary>Makes a pass someone lists: a fresh frame bound to the same loop values, found by their positions.</summary>
    public CheckResult MakePass(Runner evaluation, int first, int second, int[]? more)
    {
        var run = new Runner(evaluation.Rule, evaluation.Data, evaluation.Strict, scope.Length) { Context = evaluation.Context };
        for (var i = 0; i < scope.Length; i++)
        {
            scope[i].Rebind(run, more?[i] ?? (i == 0 ? first : second));
        }

        return Check(run, makePass: true)!;
    }

    /// <summary>Where the check applies (“r=3”, “行 2010301 行政运行”), as the interpreter spells it.</summary>
    private string? Describe(Runner run)
    {
        if (scope.Length == 0)
        {
            return null;
        }

        var parts = new string[scope.Length];
        for (var i = 0; i < scope.Length; i++)
        {
            var item = run.Frame[i].Item;
            if (item.Table is null)
            {
                parts[i] = $"{scope[i].Name}={item.Text}";
                continue;
            }

            var table = run.Data.Table(item.Table)!;
            var name = table.Template.FindFixedRow(item.Text)?.Label ?? table.Catalog?.NameOf(item.Text);
            parts[i] = name is null ? $"行 {item.Text}" : $"行 {item.Text} {name}";
        }

        return string.Join("，", parts);
    }

    private static string Show(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "空";
}

/// <summary>
/// The checks of one compiled rule, in order. Failures and tails are made as they are found; a pass is an entry of
/// its check and loop positions, made (with its cells) when someone reads it — the 全部 view, all=true, the workbook.
/// A <see cref="CheckResult"/> per pass was a third of what a reconciliation allocated, and nearly nobody reads passes.
/// The rule's status is counted as checks are added.
/// </summary>
internal sealed class PlanChecks(Runner evaluation, int capacity) : IReadOnlyList<CheckResult>, INotableChecks
{
    private struct Entry
    {
        public PCheck? Check;

        // Rules nest at most two loops: their positions inline, more in an array.
        public int First;
        public int Second;
        public int[]? More;
        public CheckResult? Made;
    }

    private Entry[] _entries = new Entry[Math.Max(capacity, 4)];
    private List<CheckResult>? _notable;

    public int Count { get; private set; }

    public CheckStatus Status { get; private set; } = CheckStatus.NotApplicable;

    public IReadOnlyList<CheckResult> Notable => (IReadOnlyList<CheckResult>?)_notable ?? [];

    public void Add(CheckResult check)
    {
        (_notable ??= []).Add(check);
        Status = check.Status == CheckStatus.Fail || Status == CheckStatus.Fail ? CheckStatus.Fail : CheckStatus.Tail;
        Slot() = new Entry { Made = check };
    }

    public void AddPass(PCheck check, Bound[] frame, int depth)
    {
        if (Status == CheckStatus.NotApplicable)
        {
            Status = CheckStatus.Pass;
        }

        ref var entry = ref Slot();
        entry = new Entry { Check = check, First = depth > 0 ? frame[0].Index : 0, Second = depth > 1 ? frame[1].Index : 0 };
        if (depth > 2)
        {
            entry.More = new int[depth];
            for (var i = 0; i < depth; i++)
            {
                entry.More[i] = frame[i].Index;
            }
        }
    }

    private ref Entry Slot()
    {
        if (Count == _entries.Length)
        {
            Array.Resize(ref _entries, Count * 2);
        }

        return ref _entries[Count++];
    }

    public CheckResult this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            ref var entry = ref _entries[index];
            // Made once; two readers racing make equal results, either kept.
            return entry.Made ??= entry.Check!.MakePass(evaluation, entry.First, entry.Second, entry.More);
        }
    }

    public IEnumerator<CheckResult> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

// ---- conditions ----

internal abstract class PCondition
{
    public abstract bool Test(Runner run, PlanReads reads);
}

internal sealed class PComparison(PExpr left, ComparisonOperator op, PExpr right) : PCondition
{
    public PExpr Left { get; } = left;
    public PExpr Right { get; } = right;
    public ComparisonOperator Operator { get; } = op;

    /// <summary>&lt; or &gt;: no rounding tolerance, and never a tail.</summary>
    public bool IsStrict => Operator is ComparisonOperator.Less or ComparisonOperator.Greater;

    public string Symbol { get; } = op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.LessOrEqual => "≤",
        ComparisonOperator.GreaterOrEqual => "≥",
        ComparisonOperator.Less => "<",
        _ => ">",
    };

    public override bool Test(Runner run, PlanReads reads)
    {
        var l = Left.Value(run, reads);
        var r = Right.Value(run, reads);
        return Operator switch
        {
            ComparisonOperator.Equal => l == r,
            ComparisonOperator.LessOrEqual => l <= r,
            ComparisonOperator.GreaterOrEqual => l >= r,
            ComparisonOperator.Less => l < r,
            _ => l > r,
        };
    }
}

/// <summary>and, or, =&gt;, &lt;=&gt;: both sides always evaluated (every cell is read, as the interpreter does).</summary>
internal sealed class PLogical(string op, PCondition left, PCondition right) : PCondition
{
    public override bool Test(Runner run, PlanReads reads) => op switch
    {
        "and" => left.Test(run, reads) & right.Test(run, reads),
        "or" => left.Test(run, reads) | right.Test(run, reads),
        "=>" => !left.Test(run, reads) | right.Test(run, reads),
        _ => left.Test(run, reads) == right.Test(run, reads),
    };
}

// ---- expressions ----

internal abstract class PExpr
{
    public abstract decimal Value(Runner run, PlanReads reads);
}

internal sealed class PNumber(decimal value) : PExpr
{
    public override decimal Value(Runner run, PlanReads reads) => value;
}

internal sealed class PNegate(PExpr operand) : PExpr
{
    public override decimal Value(Runner run, PlanReads reads) => -operand.Value(run, reads);
}

internal sealed class PBinary(PExpr left, bool minus, PExpr right) : PExpr
{
    public override decimal Value(Runner run, PlanReads reads)
    {
        var l = left.Value(run, reads);
        var r = right.Value(run, reads);
        return minus ? l - r : l + r;
    }
}

/// <summary>A column selector resolved: a number, a loop variable's frame slot, or the row's panel's first column.</summary>
internal readonly record struct PColumn(int Number, int VariableSlot, bool Default)
{
    public bool IsVariable => VariableSlot >= 0;

    public int Of(Runner run, RowRead read) =>
        VariableSlot >= 0 ? run.Frame[VariableSlot].Item.Column : Default ? read.Panel.Columns[0].No : Number;
}

/// <summary>A fixed row (or footer, total, literal code) named in the formula, resolved to its read and slot.</summary>
internal readonly record struct PRow(string Key, RowRead Read)
{
    /// <summary>The row's values: by slot for fixed rows and footers, else one lookup (a total or a code).</summary>
    public decimal?[]? Values(TableValues table) => Read.Slot >= 0 ? table.SlotRow(Read.Slot) : table.Row(Key);
}

/// <summary><c>Tnn[key,c]</c> with a literal row: an array read; the kind is known when the column is.</summary>
internal sealed class PLiteralCell : PExpr
{
    private readonly int _no;
    private readonly string _table;
    private readonly PRow _row;
    private readonly PColumn _column;
    private readonly int _fixedColumn;
    private readonly ValueKind _kind;

    public PLiteralCell(int no, string table, PRow row, PColumn column)
    {
        _no = no;
        _table = table;
        _row = row;
        _column = column;
        if (!column.IsVariable)
        {
            _fixedColumn = column.Default ? row.Read.Panel.Columns[0].No : column.Number;
            _kind = PlanReads.KindOf(row.Read, _fixedColumn);
        }
    }

    public override decimal Value(Runner run, PlanReads reads)
    {
        var values = _row.Values(run.Data.TableAt(_no)!);
        if (_column.IsVariable)
        {
            var c = _column.Of(run, _row.Read);
            return reads.Read(_table, _row.Key, values, c, PlanReads.KindOf(_row.Read, c));
        }

        return reads.Read(_table, _row.Key, values, _fixedColumn, _kind);
    }
}

/// <summary><c>Tnn[r,c]</c> / <c>Tnn[code(r),c]</c>: the row the loop resolved when it bound r.</summary>
internal sealed class PVariableCell(string table, int slot, int use, PColumn column) : PExpr
{
    public override decimal Value(Runner run, PlanReads reads)
    {
        var row = run.Frame[slot].Row(use);
        var c = column.Of(run, row.Read);
        return reads.Read(table, row.Key, row.Values, c, PlanReads.KindOf(row.Read, c));
    }
}

/// <summary><c>sum(Tnn[a..b,c])</c>: the fixed rows of the range, resolved once.</summary>
internal sealed class PRange(int no, string table, PRow[] rows, PColumn column) : PExpr
{
    public override decimal Value(Runner run, PlanReads reads)
    {
        var values = run.Data.TableAt(no)!;
        var total = 0m;
        foreach (var row in rows)
        {
            var c = column.Of(run, row.Read);
            total += reads.Read(table, row.Key, row.Values(values), c, PlanReads.KindOf(row.Read, c));
        }

        return total;
    }
}

/// <summary>
/// <c>sum(children(Tnn[p,c]))</c>: a coded table's present children (resolved when the data was indexed), or a fixed
/// table's code rows one level below (resolved here for a literal parent, by key for a loop variable).
/// </summary>
internal sealed class PChildren(int no, string table, bool coded, PRow? parent, PRow[]? fixedChildren, int slot, int use, PColumn column) : PExpr
{
    public override decimal Value(Runner run, PlanReads reads)
    {
        var values = run.Data.TableAt(no)!;
        var bound = parent is null ? run.Frame[slot].Row(use) : default;
        var key = parent is { } p ? p.Key : bound.Key;
        var sum = 0m;
        if (coded)
        {
            // A bound row brings its children along (no lookup); a literal parent or an absent row looks them up.
            foreach (var child in bound.Children ?? values.ChildRowsOf(key))
            {
                var c = column.Of(run, child.Read);
                sum += reads.Read(table, child.Key, child.Values, c, PlanReads.KindOf(child.Read, c));
            }
        }
        else if (fixedChildren is not null)
        {
            foreach (var child in fixedChildren)
            {
                var c = column.Of(run, child.Read);
                sum += reads.Read(table, child.Key, child.Values(values), c, PlanReads.KindOf(child.Read, c));
            }
        }
        else
        {
            foreach (var childKey in values.Template.FixedChildrenOf(key))
            {
                var child = values.Resolve(childKey);
                var c = column.Of(run, child.Read);
                sum += reads.Read(table, child.Key, child.Values, c, PlanReads.KindOf(child.Read, c));
            }
        }

        return sum;
    }
}

/// <summary><c>O[retired]</c> and the other staff counts of the 概况: always exact.</summary>
internal sealed class POverview(string row) : PExpr
{
    public override decimal Value(Runner run, PlanReads reads)
    {
        var count = run.Data.Facts.Staff.ByRuleKey(row);
        reads.Exact = true;
        if (reads.Collect)
        {
            reads.Cells.Add(new CellRef("O", row, 1, count));
        }

        return count ?? 0;
    }
}

// ---- domains ----

internal abstract class PDomain
{
    /// <summary>Names the domain within an evaluation: equal data domains share a key; a static one has its own.</summary>
    public abstract string Key { get; }

    public abstract DomainItem[] Items(Runner run);
}

/// <summary>A domain known from the rule and template alone (a..b, {…}, cols, classrows, a fixed table's parents): listed once.</summary>
internal sealed class PStaticDomain(DomainItem[] items) : PDomain
{
    private static int _count;

    public override string Key { get; } = $"static {Interlocked.Increment(ref _count)}";

    public override DomainItem[] Items(Runner run) => items;
}

/// <summary><c>rows(…)</c> and a coded table's <c>parents(…)</c>: they depend on the codes the report has.</summary>
internal sealed class PDataDomain(Domain domain, string table, string key) : PDomain
{
    public override string Key { get; } = key;

    public override DomainItem[] Items(Runner run) => run.Context.Items(this, run.Data);

    public DomainItem[] List(ReconciliationData data)
    {
        var keys = domain is RowsOf rows ? ReconciliationDomains.RowsOf(rows, data) : ReconciliationDomains.ParentsOf(table, data);
        var items = new DomainItem[keys.Count];
        for (var i = 0; i < items.Length; i++)
        {
            // Not parsed as numbers: a row key is used as a 栏次 only if a rule says so, and then parsed there.
            items[i] = new DomainItem(keys[i], table, 0, false);
        }

        return items;
    }
}

/// <summary>Turns a rule's statements into plan nodes against one template set.</summary>
internal static class PlanCompiler
{
    /// <summary>The compiled rule, or null when a construct is left to the interpreter (it then fails or not as before).</summary>
    public static CompiledRule? TryCompile(ReconciliationRule rule, TemplateSet set)
    {
        var compiler = new Compiler(set);
        try
        {
            var statements = rule.Statements.Select(s => compiler.Statement(s)).ToArray();
            return new CompiledRule(rule, statements, compiler.Depth, [.. compiler.Tables.Select(t => (t.Key, t.Value))]);
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or NullReferenceException or FormatException)
        {
            // A construct the compiler does not take, or a template the interpreter would fail on only when (and if)
            // it reached that statement: the interpreter runs the rule and behaves as it always did.
            return null;
        }
    }

    private sealed class Compiler(TemplateSet set)
    {
        private readonly List<PFor> _scope = [];

        public Dictionary<int, TableTemplate> Tables { get; } = [];
        public int Depth { get; private set; }

        public PStatement Statement(Statement statement)
        {
            switch (statement)
            {
                case ForStatement loop:
                    var node = new PFor(_scope.Count, loop.Variable, Domain(loop.Domain));
                    _scope.Add(node);
                    Depth = Math.Max(Depth, _scope.Count);
                    node.Body = Statement(loop.Body);
                    _scope.RemoveAt(_scope.Count - 1);
                    return node;
                case WhenStatement guarded:
                    return new PWhen(Condition(guarded.Guard), Statement(guarded.Body));
                case CheckStatement check:
                    return new PCheck(Condition(check.Condition), [.. _scope]);
                default:
                    throw new NotSupportedException();
            }
        }

        private PCondition Condition(Condition condition) => condition switch
        {
            Comparison c => new PComparison(Expr(c.Left), c.Operator, Expr(c.Right)),
            Logical { Operator: "and" or "or" or "=>" or "<=>" } l => new PLogical(l.Operator, Condition(l.Left), Condition(l.Right)),
            _ => throw new NotSupportedException(),
        };

        private PExpr Expr(Expr expr)
        {
            switch (expr)
            {
                case NumberExpr n:
                    return new PNumber(n.Value);
                case NegateExpr n:
                    return new PNegate(Expr(n.Operand));
                case BinaryExpr b:
                    return new PBinary(Expr(b.Left), b.Operator != '+', Expr(b.Right));
                case CellExpr { Table: "O", Row: RowKey key }:
                    return new POverview(key.Key);
                case CellExpr cell:
                    var (no, template) = Table(cell.Table);
                    var column = Column(cell.Column);
                    return cell.Row switch
                    {
                        RowKey key => new PLiteralCell(no, cell.Table, Row(template, key.Key), column),
                        RowVariable v => new PVariableCell(cell.Table, Find(v.Name).Slot, Find(v.Name).Use(no, cell.Table, viaCode: false), column),
                        RowCodeOf c => new PVariableCell(cell.Table, Find(c.Name).Slot, Find(c.Name).Use(no, cell.Table, viaCode: true), column),
                        _ => throw new NotSupportedException(),
                    };
                case RangeSumExpr range:
                    var (rangeNo, rangeTemplate) = Table(range.Table);
                    return new PRange(rangeNo, range.Table, [.. RangeKeys(rangeTemplate, range).Select(k => Row(rangeTemplate, k))], Column(range.Column));
                case ChildrenSumExpr { Parent: var parent } when parent.Table != "O":
                    var (childNo, childTemplate) = Table(parent.Table);
                    var coded = childTemplate.CodedPanel?.Coded is not null;
                    var childColumn = Column(parent.Column);
                    switch (parent.Row)
                    {
                        case RowKey key:
                            PRow[]? fixedChildren = coded ? null : [.. childTemplate.FixedChildrenOf(key.Key).Select(k => Row(childTemplate, k))];
                            return new PChildren(childNo, parent.Table, coded, Row(childTemplate, key.Key), fixedChildren, -1, -1, childColumn);
                        case RowVariable v:
                            return new PChildren(childNo, parent.Table, coded, null, null, Find(v.Name).Slot, Find(v.Name).Use(childNo, parent.Table, viaCode: false), childColumn);
                        case RowCodeOf c:
                            return new PChildren(childNo, parent.Table, coded, null, null, Find(c.Name).Slot, Find(c.Name).Use(childNo, parent.Table, viaCode: true), childColumn);
                        default:
                            throw new NotSupportedException();
                    }

                default:
                    throw new NotSupportedException();
            }
        }

        private (int No, TableTemplate Template) Table(string tableNo)
        {
            if (ReconciliationData.TableNumber(tableNo) is not { } no || set.FindTable(tableNo) is not { } template)
            {
                throw new NotSupportedException();
            }

            Tables[no] = template;
            return (no, template);
        }

        private static PRow Row(TableTemplate template, string key) => new(key, template.ReadOf(key));

        private PColumn Column(ColumnSelector? selector) => selector switch
        {
            null => new PColumn(0, -1, Default: true),
            ColumnNumber n => new PColumn(n.Number, -1, Default: false),
            ColumnVariable v => new PColumn(0, Find(v.Name).Slot, Default: false),
            _ => throw new NotSupportedException(),
        };

        /// <summary>The innermost loop binding a name, as the interpreter searches its bindings.</summary>
        private PFor Find(string name)
        {
            for (var i = _scope.Count - 1; i >= 0; i--)
            {
                if (_scope[i].Name == name)
                {
                    return _scope[i];
                }
            }

            throw new NotSupportedException();
        }

        private PDomain Domain(Domain domain)
        {
            switch (domain)
            {
                case NumberRange r:
                    var numbers = new List<DomainItem>();
                    for (var i = r.From; i <= r.To; i++)
                    {
                        numbers.Add(new DomainItem(i.ToString(CultureInfo.InvariantCulture), null, i, true));
                    }

                    return new PStaticDomain([.. numbers]);
                case KeySet k:
                    return new PStaticDomain([.. k.Keys.Select(key => DomainItem.Of(key, null))]);
                case ColumnsOf c:
                    var template = Table(c.Table).Template;
                    return new PStaticDomain([.. (template.CodedPanel ?? template.Panels[0]).Columns.Select(col => DomainItem.Of(col.No.ToString(CultureInfo.InvariantCulture), null))]);
                case RowsOf rows when rows.Tables.Count > 0:
                    foreach (var table in rows.Tables)
                    {
                        Table(table);
                    }

                    // Same domain, same key: equal rows(…) of different statements are listed once per evaluation.
                    var key = $"rows {string.Join(",", rows.Tables)} {rows.Level} {(rows.Names is null ? "" : string.Join("|", rows.Names.Order(StringComparer.Ordinal)))}";
                    return new PDataDomain(rows, rows.Tables[0], key);
                case ParentsOf p:
                    var parents = Table(p.Table).Template;
                    if (parents.CodedPanel?.Coded is not null)
                    {
                        return new PDataDomain(p, p.Table, $"parents {p.Table}");
                    }

                    return new PStaticDomain([.. parents.Panels.SelectMany(x => x.Rows)
                        .Where(r => r.Code is not null && parents.FixedChildrenOf(r.Key).Count > 0)
                        .Select(r => DomainItem.Of(r.Key, p.Table))]);
                case ClassRowsOf c:
                    var classRows = Table(c.Table).Template;
                    return new PStaticDomain([.. classRows.Panels.SelectMany(x => x.Rows).Where(r => r.Code is not null).Select(r => DomainItem.Of(r.Key, c.Table))]);
                default:
                    throw new NotSupportedException();
            }
        }

        /// <summary>The fixed rows from one key to another in template order, fillers skipped (the interpreter's RangeKeys).</summary>
        private static List<string> RangeKeys(TableTemplate table, RangeSumExpr range)
        {
            var keys = new List<string>();
            var rows = table.PanelOf(range.From)?.Rows ?? throw new NotSupportedException();
            var inside = false;
            foreach (var row in rows)
            {
                inside |= row.Key == range.From;
                if (inside && !row.IsFiller)
                {
                    keys.Add(row.Key);
                }

                if (row.Key == range.To)
                {
                    break;
                }
            }

            return keys;
        }
    }
}
