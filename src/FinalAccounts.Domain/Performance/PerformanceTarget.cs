using System.Globalization;
using System.Text;
using FinalAccounts.Domain.Common;

namespace FinalAccounts.Domain.Performance;

/// <summary>The comparison of a quantitative 指标值: ≥ ≤ = &gt; &lt;.</summary>
public enum TargetOperator
{
    AtLeast,
    AtMost,
    Equal,
    Greater,
    Less,
}

/// <summary>
/// A 指标值 (target) as an officer types it: an operator, a number and a unit (<c>≥140万件</c>, <c>＝100%</c>,
/// <c>≤210亿</c>), a plain number (<c>56家</c>, read as “at least”) or a qualitative target (<c>及时</c>, <c>提升</c>).
/// <see cref="Text"/> keeps what was printed.
/// </summary>
public sealed record PerformanceTarget(string Text, TargetOperator? Operator, decimal? Value, string Unit, string? Qualitative)
{
    public bool IsQuantitative => Value is not null;

    /// <summary>The operator as printed in the tables (≥ ≤ ＝ &gt; &lt;); a plain number reads as ≥.</summary>
    public string OperatorSymbol => Symbol(Operator ?? TargetOperator.AtLeast);

    public static string Symbol(TargetOperator op) => op switch
    {
        TargetOperator.AtLeast => "≥",
        TargetOperator.AtMost => "≤",
        TargetOperator.Equal => "＝",
        TargetOperator.Greater => ">",
        _ => "<",
    };

    /// <summary>
    /// Reads a target. Full-width and ASCII spellings (＝ = == &gt;= ≧ ⩾ ＞ …), spaces and thousands separators are accepted;
    /// an operator must be followed by a number.
    /// </summary>
    public static Result<PerformanceTarget> Parse(string? text, string? target = null)
    {
        var printed = (text ?? "").Trim();
        if (printed.Length == 0)
        {
            return Result<PerformanceTarget>.Failure(new DomainError("performance.target.empty", "指标值不能为空", target));
        }

        var s = Normalise(printed);
        if (s.Length == 0)
        {
            return Result<PerformanceTarget>.Failure(new DomainError("performance.target.empty", "指标值不能为空", target));
        }

        var (op, rest) = ReadOperator(s);
        var number = PerformanceNumber.Leading(rest);
        if (number is null)
        {
            if (op is not null)
            {
                return Result<PerformanceTarget>.Failure(new DomainError("performance.target.number", $"指标值“{printed}”的运算符后应为数值", target));
            }

            return char.IsAsciiDigit(s[0]) || s[0] is '-' or '.'
                ? Result<PerformanceTarget>.Failure(new DomainError("performance.target.number", $"指标值“{printed}”不是有效的数值", target))
                : Result<PerformanceTarget>.Success(new PerformanceTarget(printed, null, null, "", s));
        }

        return Result<PerformanceTarget>.Success(new PerformanceTarget(printed, op, number.Value.Value, rest[number.Value.Length..].Trim(), null));
    }

    /// <summary>Whether an actual value meets this target (null when the target is qualitative or the actual is not a number).</summary>
    public bool? IsMetBy(decimal? actual) => Value is not { } target || actual is not { } a ? null : (Operator ?? TargetOperator.AtLeast) switch
    {
        TargetOperator.AtLeast => a >= target,
        TargetOperator.AtMost => a <= target,
        TargetOperator.Equal => a == target,
        TargetOperator.Greater => a > target,
        _ => a < target,
    };

    /// <summary>
    /// Completion ratio r of an unmet quantitative target: actual/target for ≥ = &gt; (and plain numbers), target/actual
    /// for ≤ &lt;. Null when it cannot be formed (no number, a zero denominator).
    /// </summary>
    public decimal? CompletionRatio(decimal? actual)
    {
        if (Value is not { } target || actual is not { } a)
        {
            return null;
        }

        return (Operator ?? TargetOperator.AtLeast) is TargetOperator.AtMost or TargetOperator.Less
            ? a == 0 ? null : target / a
            : target == 0 ? null : a / target;
    }

    internal static string Normalise(string text)
    {
        var s = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (c is ',' or '，' || char.IsWhiteSpace(c))
            {
                continue; // thousands separators and spaces carry nothing
            }

            s.Append(c switch
            {
                '≧' or '⩾' => '≥',
                '≦' or '⩽' => '≤',
                _ => c,
            });
        }

        return s.ToString();
    }

    private static (TargetOperator? Op, string Remainder) ReadOperator(string s) => s switch
    {
        _ when s.StartsWith(">=", StringComparison.Ordinal) => (TargetOperator.AtLeast, s[2..]),
        _ when s.StartsWith("<=", StringComparison.Ordinal) => (TargetOperator.AtMost, s[2..]),
        _ when s.StartsWith("==", StringComparison.Ordinal) => (TargetOperator.Equal, s[2..]),
        _ when s.StartsWith('≥') => (TargetOperator.AtLeast, s[1..]),
        _ when s.StartsWith('≤') => (TargetOperator.AtMost, s[1..]),
        _ when s.StartsWith('=') => (TargetOperator.Equal, s[1..]),
        _ when s.StartsWith('>') => (TargetOperator.Greater, s[1..]),
        _ when s.StartsWith('<') => (TargetOperator.Less, s[1..]),
        _ => (null, s),
    };
}

/// <summary>Numbers as officers print them in 绩效 tables: a leading decimal with its printed precision, and units with a magnitude.</summary>
public static class PerformanceNumber
{
    /// <summary>The number a text starts with (after normalising) and how many characters it took; null when none.</summary>
    public static (decimal Value, int Length)? Leading(string normalised)
    {
        var end = 0;
        if (end < normalised.Length && normalised[end] == '-')
        {
            end++;
        }

        var digits = 0;
        while (end < normalised.Length && (char.IsAsciiDigit(normalised[end]) || normalised[end] == '.'))
        {
            digits += char.IsAsciiDigit(normalised[end]) ? 1 : 0;
            end++;
        }

        return digits > 0 && decimal.TryParse(normalised[..end], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? (value, end)
            : null;
    }

    /// <summary>An actual value as typed (<c>277</c>, <c>25.85万件</c>, <c>基本达成目标</c>): its number and unit, or null when it is text.</summary>
    public static (decimal Value, string Unit)? Quantity(string? text)
    {
        var s = PerformanceTarget.Normalise(text ?? "");
        return Leading(s) is { } n ? (n.Value, s[n.Length..]) : null;
    }

    /// <summary>A unit split into its magnitude (万 10⁴, 亿 10⁸, 千 10³) and what is counted (件, 元, % …).</summary>
    public static (decimal Magnitude, string Base) Magnitude(string unit) => unit switch
    {
        _ when unit.StartsWith('亿') => (100_000_000m, unit[1..]),
        _ when unit.StartsWith('万') => (10_000m, unit[1..]),
        _ when unit.StartsWith('千') && unit.Length > 1 => (1_000m, unit[1..]),
        _ => (1m, unit),
    };

    /// <summary>Digits after the decimal point as printed (decimal keeps the scale it was parsed with).</summary>
    public static int Decimals(decimal value) => (decimal.GetBits(value)[3] >> 16) & 0xFF;

    /// <summary>Half a unit of the last printed digit: how far a printed rounded value can be from the true one.</summary>
    public static decimal HalfUnit(decimal value) => 0.5m * Unit(Decimals(value));

    public static decimal Unit(int decimals)
    {
        var unit = 1m;
        for (var i = 0; i < decimals; i++)
        {
            unit /= 10m;
        }

        return unit;
    }
}
