namespace FinalAccounts.Domain.Reconciliation;

// The abstract syntax of the 审核公式 language (docs/adr/0007-reconciliation-rules.md):
//
//   statement := 'for' var 'in' domain ':' statement | 'when' condition ':' statement | check
//   check     := condition                     (a single comparison is a numeric check with tolerance)
//   condition := or (('=>' | '<=>') or)?       or := and ('or' and)*     and := comparison ('and' comparison)*
//   comparison:= expr ('=' | '<=' | '>=' | '<' | '>') expr
//   expr      := term (('+' | '-') term)*
//   term      := number | ref | 'sum' '(' ref-range | 'children' '(' ref ')' ')' | '(' expr ')' | '-' term
//   ref       := Tnn '[' row (',' col)? ']'   with row a key (行次, code, 合计), a variable or code(var)
//   domain    := a..b | {k, …} | cols(Tnn) | rows(Tnn, …[, level=n][, name="a|b"]) | parents(Tnn) | classrows(Tnn)

public abstract record Statement(int Position);

public sealed record ForStatement(int Position, string Variable, Domain Domain, Statement Body) : Statement(Position);

public sealed record WhenStatement(int Position, Condition Guard, Statement Body) : Statement(Position);

public sealed record CheckStatement(int Position, Condition Condition) : Statement(Position);

public abstract record Condition(int Position);

public enum ComparisonOperator
{
    Equal,
    LessOrEqual,
    GreaterOrEqual,
    Less,
    Greater,
}

public sealed record Comparison(int Position, Expr Left, ComparisonOperator Operator, Expr Right) : Condition(Position);

public sealed record Logical(int Position, string Operator, Condition Left, Condition Right) : Condition(Position);

public abstract record Expr(int Position);

public sealed record NumberExpr(int Position, decimal Value) : Expr(Position);

public sealed record BinaryExpr(int Position, char Operator, Expr Left, Expr Right) : Expr(Position);

public sealed record NegateExpr(int Position, Expr Operand) : Expr(Position);

/// <summary>A cell: table, row selector, column selector (null = the row's only column).</summary>
public sealed record CellExpr(int Position, string Table, RowSelector Row, ColumnSelector? Column) : Expr(Position);

/// <summary>Σ over the fixed rows from one key to another (inclusive, in template order), in one column.</summary>
public sealed record RangeSumExpr(int Position, string Table, string From, string To, ColumnSelector? Column) : Expr(Position);

/// <summary>Σ over the direct children (next classification level) of a row.</summary>
public sealed record ChildrenSumExpr(int Position, CellExpr Parent) : Expr(Position);

public abstract record RowSelector;

public sealed record RowKey(string Key) : RowSelector;

public sealed record RowVariable(string Name) : RowSelector;

/// <summary><c>code(r)</c>: the classification code a fixed row aggregates (公开01表 行32 → 201).</summary>
public sealed record RowCodeOf(string Name) : RowSelector;

public abstract record ColumnSelector;

public sealed record ColumnNumber(int Number) : ColumnSelector;

public sealed record ColumnVariable(string Name) : ColumnSelector;

public abstract record Domain;

public sealed record NumberRange(int From, int To) : Domain;

public sealed record KeySet(IReadOnlyList<string> Keys) : Domain;

public sealed record ColumnsOf(string Table) : Domain;

/// <summary>Rows present in the data (coded tables: total and codes; fixed tables: every non-filler row).</summary>
public sealed record RowsOf(IReadOnlyList<string> Tables, int? Level, IReadOnlySet<string>? Names) : Domain;

/// <summary>Rows that have children present: the total and every 类/款 with at least one lower-level row.</summary>
public sealed record ParentsOf(string Table) : Domain;

/// <summary>Fixed rows that carry a classification code (公开01表 rows 32–57).</summary>
public sealed record ClassRowsOf(string Table) : Domain;

/// <summary>The tables a statement reads or loops over (the overview pseudo-table <c>O</c> included).</summary>
internal static class FormulaTables
{
    /// <summary>Whether every reference and loop of a statement is in one table.</summary>
    public static bool Only(Statement statement, string tableNo) => Of(statement).All(t => t == tableNo);

    public static IEnumerable<string> Of(Statement statement) => statement switch
    {
        ForStatement loop => Of(loop.Domain).Concat(Of(loop.Body)),
        WhenStatement guarded => Of(guarded.Guard).Concat(Of(guarded.Body)),
        CheckStatement check => Of(check.Condition),
        _ => [],
    };

    private static IEnumerable<string> Of(Condition condition) => condition switch
    {
        Comparison c => Of(c.Left).Concat(Of(c.Right)),
        Logical l => Of(l.Left).Concat(Of(l.Right)),
        _ => [],
    };

    private static IEnumerable<string> Of(Expr expr) => expr switch
    {
        BinaryExpr b => Of(b.Left).Concat(Of(b.Right)),
        NegateExpr n => Of(n.Operand),
        CellExpr c => [c.Table],
        RangeSumExpr r => [r.Table],
        ChildrenSumExpr c => [c.Parent.Table],
        _ => [],
    };

    private static IEnumerable<string> Of(Domain domain) => domain switch
    {
        ColumnsOf c => [c.Table],
        RowsOf r => r.Tables,
        ParentsOf p => [p.Table],
        ClassRowsOf c => [c.Table],
        _ => [],
    };
}
