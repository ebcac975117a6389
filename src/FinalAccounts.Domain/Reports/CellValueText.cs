using System.Globalization;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Domain.Reports;

/// <summary>Parsing and printing of cell values: 万元 with two decimals, counts as whole numbers.</summary>
public static class CellValueText
{
    /// <summary>Largest magnitude accepted (万元): far above any department's accounts, well inside numeric(18,2).</summary>
    public const decimal MaxMagnitude = 999_999_999_999.99m;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Machine form used by the API and data files: <c>3737.09</c>, <c>6</c>.</summary>
    public static string Format(decimal value, ValueKind kind) =>
        kind == ValueKind.Count ? value.ToString("0", Invariant) : value.ToString("0.00", Invariant);

    /// <summary>Printed form of the official tables: <c>3,737.09</c>, <c>6</c>.</summary>
    public static string Display(decimal value, ValueKind kind) =>
        kind == ValueKind.Count ? value.ToString("#,##0", Invariant) : value.ToString("#,##0.00", Invariant);

    /// <summary>
    /// Reads a typed or pasted value. Thousands separators are accepted, and so is what a Chinese input method types in
    /// full-width mode (<c>１，２３４．５６</c>, <c>－５</c>, the ideographic space); anything else wrong is named.
    /// </summary>
    public static Result<decimal> Parse(string text, ValueKind kind, bool allowNegative, string target)
    {
        var trimmed = HalfWidth(text).Trim().Replace(",", "", StringComparison.Ordinal);
        if (!decimal.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, Invariant, out var value))
        {
            return Fail("cell.not_a_number", $"“{text}”不是数字");
        }

        if (Math.Abs(value) > MaxMagnitude)
        {
            return Fail("cell.too_large", $"“{text}”超出允许范围（绝对值不超过 {MaxMagnitude.ToString("#,##0.00", Invariant)}）");
        }

        if (value < 0 && !allowNegative)
        {
            return Fail("cell.negative", $"“{text}”为负数，本栏不允许负数");
        }

        if (kind == ValueKind.Count && value != decimal.Truncate(value))
        {
            return Fail("cell.not_integer", $"“{text}”应为整数");
        }

        if (kind == ValueKind.Amount && decimal.Round(value, 2) != value)
        {
            return Fail("cell.too_many_decimals", $"“{text}”超过两位小数（金额单位：万元，保留两位小数）");
        }

        return Result<decimal>.Success(kind == ValueKind.Amount ? decimal.Round(value, 2) + 0.00m : decimal.Truncate(value));

        Result<decimal> Fail(string code, string message) => Result<decimal>.Failure(new DomainError(code, message, target));
    }

    /// <summary>
    /// Full-width digits and signs as their ASCII forms: ０–９, ．(and 。, which the period key gives in Chinese mode),
    /// ，, －, ＋, the minus sign − and the ideographic space. Nothing else is mapped, so ① or ² still is not a number.
    /// </summary>
    private static string HalfWidth(string text)
    {
        if (text.All(char.IsAscii))
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c switch
                {
                    >= '０' and <= '９' => (char)('0' + (c - '０')),
                    '．' or '。' => '.',
                    '，' => ',',
                    '－' or '−' => '-',
                    '＋' => '+',
                    '\u3000' => ' ',
                    _ => c,
                };
            }
        });
    }
}
