using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests;

public class CellValueTextTests
{
    [Theory]
    [InlineData("3737.09", ValueKind.Amount, "3737.09")]
    [InlineData("3,737.09", ValueKind.Amount, "3737.09")]
    [InlineData(" 0 ", ValueKind.Amount, "0.00")]
    [InlineData("5", ValueKind.Amount, "5.00")]
    [InlineData("6", ValueKind.Count, "6")]
    public void Parses_and_formats_values(string text, ValueKind kind, string expected)
    {
        var result = CellValueText.Parse(text, kind, allowNegative: false, "T");

        result.Errors.Should().BeEmpty();
        CellValueText.Format(result.Value, kind).Should().Be(expected);
    }

    [Theory]
    [InlineData("１２３．４５", ValueKind.Amount, "123.45")]
    [InlineData("１，２３４", ValueKind.Amount, "1234.00")]
    [InlineData("１,２３４.５", ValueKind.Amount, "1234.50")]
    [InlineData("\u3000３７３７．０９\u3000", ValueKind.Amount, "3737.09")]
    [InlineData("１２。３", ValueKind.Amount, "12.30")]
    [InlineData("７", ValueKind.Count, "7")]
    [InlineData("＋５", ValueKind.Amount, "5.00")]
    public void Accepts_what_a_chinese_input_method_types_in_full_width_mode(string text, ValueKind kind, string expected)
    {
        var result = CellValueText.Parse(text, kind, allowNegative: false, "T");

        result.Errors.Should().BeEmpty();
        CellValueText.Format(result.Value, kind).Should().Be(expected);
    }

    [Theory]
    [InlineData("－２．５０")]
    [InlineData("−2.50")]
    public void A_full_width_minus_is_a_minus(string text)
    {
        CellValueText.Parse(text, ValueKind.Amount, allowNegative: true, "T").Value.Should().Be(-2.50m);
        CellValueText.Parse(text, ValueKind.Amount, allowNegative: false, "T").Errors.Should().ContainSingle(e => e.Code == "cell.negative" && e.Message.Contains(text));
    }

    [Theory]
    [InlineData("①②")]
    [InlineData("1²")]
    [InlineData("１．２．３")]
    [InlineData("１\u30002")]
    public void Other_wide_or_look_alike_characters_are_still_not_numbers(string text) =>
        CellValueText.Parse(text, ValueKind.Amount, allowNegative: false, "T").Errors.Should().ContainSingle(e => e.Code == "cell.not_a_number" && e.Message.Contains(text));

    [Fact]
    public void Full_width_values_keep_the_other_checks() =>
        CellValueText.Parse("１．２３４", ValueKind.Amount, allowNegative: false, "T").Errors.Should().ContainSingle(e => e.Code == "cell.too_many_decimals");

    [Theory]
    [InlineData("abc", ValueKind.Amount, "cell.not_a_number", "不是数字")]
    [InlineData("1.234", ValueKind.Amount, "cell.too_many_decimals", "超过两位小数")]
    [InlineData("-1.00", ValueKind.Amount, "cell.negative", "不允许负数")]
    [InlineData("1.5", ValueKind.Count, "cell.not_integer", "应为整数")]
    [InlineData("10000000000000", ValueKind.Amount, "cell.too_large", "超出允许范围")]
    public void Rejects_bad_values_with_a_specific_message(string text, ValueKind kind, string code, string message)
    {
        var result = CellValueText.Parse(text, kind, allowNegative: false, "公开01表[1,1]");

        result.Errors.Should().ContainSingle().Which.Should().Match<Common.DomainError>(e =>
            e.Code == code && e.Message.Contains(message) && e.Target == "公开01表[1,1]");
    }

    [Fact]
    public void Negative_is_accepted_where_the_column_allows_it() =>
        CellValueText.Parse("-2.50", ValueKind.Amount, allowNegative: true, "T").Value.Should().Be(-2.50m);

    [Theory]
    [InlineData(3737.09, ValueKind.Amount, "3,737.09")]
    [InlineData(0.61, ValueKind.Amount, "0.61")]
    [InlineData(0, ValueKind.Amount, "0.00")]
    [InlineData(1234, ValueKind.Count, "1,234")]
    public void Displays_like_the_printed_tables(decimal value, ValueKind kind, string expected) =>
        CellValueText.Display(value, kind).Should().Be(expected);
}
