using System.Globalization;
using System.Text;

namespace FinalAccounts.Domain.Reconciliation;

/// <summary>A formula that cannot be read, with the character position (1-based) where reading stopped.</summary>
public sealed class FormulaSyntaxException(string message, int position) : Exception(message)
{
    public int Position { get; } = position;
}

/// <summary>Reads one 审核公式 into its syntax tree. Accepts the printed symbols too (≤ ≥ ＝ − Σ ⇒ ⇔).</summary>
public sealed class FormulaParser
{
    private static readonly HashSet<string> Keywords = ["for", "in", "when", "and", "or", "sum", "children", "code", "cols", "rows", "parents", "classrows", "level", "name"];

    private readonly List<Token> _tokens;
    private int _next;

    private FormulaParser(string text)
    {
        _tokens = Tokenize(text);
    }

    public static Statement Parse(string text)
    {
        var parser = new FormulaParser(text);
        var statement = parser.ParseStatement();
        parser.Expect(TokenKind.End, "公式末尾");
        return statement;
    }

    /// <summary>One expression alone (a cell, a sum of cells): what a narrative figure must equal.</summary>
    public static Expr ParseExpression(string text)
    {
        var parser = new FormulaParser(text);
        var expr = parser.ParseExpr();
        parser.Expect(TokenKind.End, "公式末尾");
        return expr;
    }

    private enum TokenKind
    {
        Word,
        Number,
        Key,
        String,
        Symbol,
        End,
    }

    private sealed record Token(TokenKind Kind, string Text, int Position);

    private Token Peek => _tokens[_next];

    private Token Take() => _tokens[_next++];

    private bool IsSymbol(string symbol) => Peek.Kind == TokenKind.Symbol && Peek.Text == symbol;

    private bool IsWord(string word) => Peek.Kind == TokenKind.Word && Peek.Text == word;

    private Token Expect(TokenKind kind, string what, string? text = null)
    {
        var token = Peek;
        if (token.Kind != kind || (text is not null && token.Text != text))
        {
            throw Error($"此处应为{what}，实际是“{(token.Kind == TokenKind.End ? "（结束）" : token.Text)}”", token.Position);
        }

        return Take();
    }

    private void ExpectSymbol(string symbol) => Expect(TokenKind.Symbol, $"“{symbol}”", symbol);

    private static FormulaSyntaxException Error(string message, int position) => new(message, position + 1);

    private Statement ParseStatement()
    {
        var start = Peek.Position;
        if (IsWord("for"))
        {
            Take();
            var variable = Expect(TokenKind.Word, "变量名").Text;
            Expect(TokenKind.Word, "“in”", "in");
            var domain = ParseDomain();
            ExpectSymbol(":");
            return new ForStatement(start, variable, domain, ParseStatement());
        }

        if (IsWord("when"))
        {
            Take();
            var guard = ParseCondition();
            ExpectSymbol(":");
            return new WhenStatement(start, guard, ParseStatement());
        }

        return new CheckStatement(start, ParseCondition());
    }

    private Domain ParseDomain()
    {
        var token = Peek;
        if (token.Kind == TokenKind.Number)
        {
            var from = ParseInt(Take());
            ExpectSymbol("..");
            var to = ParseInt(Expect(TokenKind.Number, "数字"));
            return from <= to ? new NumberRange(from, to) : throw Error("范围的起点大于终点", token.Position);
        }

        if (IsSymbol("{"))
        {
            Take();
            var keys = new List<string> { TakeKey() };
            while (IsSymbol(","))
            {
                Take();
                keys.Add(TakeKey());
            }

            ExpectSymbol("}");
            return new KeySet(keys);
        }

        var function = Expect(TokenKind.Word, "取值范围（如 1..8、cols(T02)、rows(T03)）").Text;
        ExpectSymbol("(");
        var table = ExpectTable();
        Domain domain;
        switch (function)
        {
            case "cols":
                domain = new ColumnsOf(table);
                break;
            case "parents":
                domain = new ParentsOf(table);
                break;
            case "classrows":
                domain = new ClassRowsOf(table);
                break;
            case "rows":
                var tables = new List<string> { table };
                int? level = null;
                HashSet<string>? names = null;
                while (IsSymbol(","))
                {
                    Take();
                    if (IsWord("level"))
                    {
                        Take();
                        ExpectSymbol("=");
                        level = ParseInt(Expect(TokenKind.Number, "级次"));
                    }
                    else if (IsWord("name"))
                    {
                        Take();
                        ExpectSymbol("=");
                        names = Expect(TokenKind.String, "带引号的名称").Text.Split('|').ToHashSet();
                    }
                    else
                    {
                        tables.Add(ExpectTable());
                    }
                }

                domain = new RowsOf(tables, level, names);
                break;
            default:
                throw Error($"未知的取值范围“{function}”", token.Position);
        }

        ExpectSymbol(")");
        return domain;
    }

    private Condition ParseCondition()
    {
        var left = ParseOr();
        if (IsSymbol("=>") || IsSymbol("<=>"))
        {
            var op = Take();
            return new Logical(op.Position, op.Text, left, ParseOr());
        }

        return left;
    }

    private Condition ParseOr()
    {
        var left = ParseAnd();
        while (IsWord("or"))
        {
            var op = Take();
            left = new Logical(op.Position, "or", left, ParseAnd());
        }

        return left;
    }

    private Condition ParseAnd()
    {
        Condition left = ParseComparison();
        while (IsWord("and"))
        {
            var op = Take();
            left = new Logical(op.Position, "and", left, ParseComparison());
        }

        return left;
    }

    private Comparison ParseComparison()
    {
        var left = ParseExpr();
        var token = Peek;
        var op = token is { Kind: TokenKind.Symbol } ? token.Text switch
        {
            "=" => (ComparisonOperator?)ComparisonOperator.Equal,
            "<=" => ComparisonOperator.LessOrEqual,
            ">=" => ComparisonOperator.GreaterOrEqual,
            "<" => ComparisonOperator.Less,
            ">" => ComparisonOperator.Greater,
            _ => null,
        } : null;
        if (op is null)
        {
            throw Error($"此处应为比较符（= ≤ ≥ < >），实际是“{(token.Kind == TokenKind.End ? "（结束）" : token.Text)}”", token.Position);
        }

        Take();
        return new Comparison(token.Position, left, op.Value, ParseExpr());
    }

    private Expr ParseExpr()
    {
        var left = ParseTerm();
        while (IsSymbol("+") || IsSymbol("-"))
        {
            var op = Take();
            left = new BinaryExpr(op.Position, op.Text[0], left, ParseTerm());
        }

        return left;
    }

    private Expr ParseTerm()
    {
        var token = Peek;
        if (token.Kind == TokenKind.Number)
        {
            Take();
            return new NumberExpr(token.Position, decimal.Parse(token.Text, CultureInfo.InvariantCulture));
        }

        if (IsSymbol("-"))
        {
            Take();
            return new NegateExpr(token.Position, ParseTerm());
        }

        if (IsSymbol("("))
        {
            Take();
            var inner = ParseExpr();
            ExpectSymbol(")");
            return inner;
        }

        if (IsWord("sum"))
        {
            Take();
            ExpectSymbol("(");
            Expr sum;
            if (IsWord("children"))
            {
                Take();
                ExpectSymbol("(");
                var parent = ParseCell();
                ExpectSymbol(")");
                sum = new ChildrenSumExpr(token.Position, parent);
            }
            else
            {
                var table = ExpectTable();
                ExpectSymbol("[");
                var from = TakeKey();
                ExpectSymbol("..");
                var to = TakeKey();
                var column = IsSymbol(",") ? ParseColumnAfterComma() : null;
                ExpectSymbol("]");
                sum = new RangeSumExpr(token.Position, table, from, to, column);
            }

            ExpectSymbol(")");
            return sum;
        }

        if (token.Kind == TokenKind.Word && IsTableName(token.Text))
        {
            return ParseCell();
        }

        throw Error($"此处应为单元格、数字、sum(…) 或括号，实际是“{(token.Kind == TokenKind.End ? "（结束）" : token.Text)}”", token.Position);
    }

    private CellExpr ParseCell()
    {
        var start = Peek.Position;
        var table = ExpectTable();
        ExpectSymbol("[");
        RowSelector row;
        if (table == "O")
        {
            row = new RowKey(Expect(TokenKind.Word, "概况人数名（active、retired、other、pensionFund）").Text);
        }
        else if (IsWord("code"))
        {
            Take();
            ExpectSymbol("(");
            row = new RowCodeOf(Expect(TokenKind.Word, "变量名").Text);
            ExpectSymbol(")");
        }
        else if (Peek.Kind == TokenKind.Word && !Keywords.Contains(Peek.Text))
        {
            row = new RowVariable(Take().Text);
        }
        else
        {
            row = new RowKey(TakeKey());
        }

        var column = IsSymbol(",") ? ParseColumnAfterComma() : null;
        ExpectSymbol("]");
        return new CellExpr(start, table, row, column);
    }

    private ColumnSelector ParseColumnAfterComma()
    {
        ExpectSymbol(",");
        var token = Peek;
        return token.Kind switch
        {
            TokenKind.Number => new ColumnNumber(ParseInt(Take())),
            TokenKind.Word when !Keywords.Contains(token.Text) => new ColumnVariable(Take().Text),
            _ => throw Error($"此处应为栏次或变量，实际是“{token.Text}”", token.Position),
        };
    }

    private string ExpectTable()
    {
        var token = Expect(TokenKind.Word, "表号（如 T01）");
        return IsTableName(token.Text) ? (token.Text == "O" ? "O" : token.Text[1..]) : throw Error($"“{token.Text}”不是表号（应为 T01–T99 或 O）", token.Position);
    }

    private static bool IsTableName(string word) =>
        word == "O" || (word.Length == 3 && word[0] == 'T' && char.IsAsciiDigit(word[1]) && char.IsAsciiDigit(word[2]));

    private string TakeKey()
    {
        var token = Peek;
        if (token.Kind is TokenKind.Number or TokenKind.Key)
        {
            Take();
            return token.Text;
        }

        throw Error($"此处应为行次、科目编码或合计行名，实际是“{(token.Kind == TokenKind.End ? "（结束）" : token.Text)}”", token.Position);
    }

    private static int ParseInt(Token token) =>
        int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error($"“{token.Text}”不是整数", token.Position);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (char.IsAsciiDigit(c))
            {
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || (text[i] == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Number, text[start..i], start));
                continue;
            }

            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Word, text[start..i], start));
                continue;
            }

            if (c == '"' || c == '“')
            {
                var close = c == '"' ? '"' : '”';
                var end = text.IndexOf(close, i + 1);
                if (end < 0)
                {
                    throw Error("字符串缺少结束引号", start);
                }

                tokens.Add(new Token(TokenKind.String, text[(i + 1)..end], start));
                i = end + 1;
                continue;
            }

            var symbol = ReadSymbol(text, i);
            if (symbol is not null)
            {
                tokens.Add(new Token(TokenKind.Symbol, symbol.Value.Canonical, start));
                i += symbol.Value.Length;
                continue;
            }

            if (c >= '\u2E80')
            {
                var key = new StringBuilder();
                while (i < text.Length && text[i] >= '\u2E80' && ReadSymbol(text, i) is null)
                {
                    key.Append(text[i]);
                    i++;
                }

                tokens.Add(new Token(TokenKind.Key, key.ToString(), start));
                continue;
            }

            throw Error($"无法识别的字符“{c}”", start);
        }

        tokens.Add(new Token(TokenKind.End, "", text.Length));
        return tokens;
    }

    private static (string Canonical, int Length)? ReadSymbol(string text, int i)
    {
        string[] three = ["<=>"];
        string[] two = ["<=", ">=", "=>", "==", ".."];
        foreach (var s in three)
        {
            if (string.CompareOrdinal(text, i, s, 0, 3) == 0)
            {
                return (s, 3);
            }
        }

        foreach (var s in two)
        {
            if (string.CompareOrdinal(text, i, s, 0, 2) == 0)
            {
                return (s == "==" ? "=" : s, 2);
            }
        }

        return text[i] switch
        {
            '=' or '＝' => ("=", 1),
            '≤' => ("<=", 1),
            '≥' => (">=", 1),
            '⇒' => ("=>", 1),
            '⇔' => ("<=>", 1),
            '−' or '-' => ("-", 1),
            '+' or '<' or '>' or '(' or ')' or '[' or ']' or ',' or ':' or '{' or '}' => (text[i].ToString(), 1),
            '（' => ("(", 1),
            '）' => (")", 1),
            '：' => (":", 1),
            '，' => (",", 1),
            _ => null,
        };
    }
}
