using FinalAccounts.Domain.Performance;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests.Performance;

public class PerformanceTargetTests
{
    [Theory]
    [InlineData("≥140万件", TargetOperator.AtLeast, "140", "万件")]
    [InlineData("＝100%", TargetOperator.Equal, "100", "%")]
    [InlineData("≤210亿", TargetOperator.AtMost, "210", "亿")]
    [InlineData("≤11亿元", TargetOperator.AtMost, "11", "亿元")]
    [InlineData("≥0%", TargetOperator.AtLeast, "0", "%")]
    [InlineData(">=290种", TargetOperator.AtLeast, "290", "种")]
    [InlineData("<= 2 小时", TargetOperator.AtMost, "2", "小时")]
    [InlineData("≧ 1,200 人次", TargetOperator.AtLeast, "1200", "人次")]
    [InlineData("＞95%", TargetOperator.Greater, "95", "%")]
    [InlineData("<5%", TargetOperator.Less, "5", "%")]
    [InlineData("=331家", TargetOperator.Equal, "331", "家")]
    [InlineData("≥ 90.00%", TargetOperator.AtLeast, "90.00", "%")]
    public void Reads_operator_value_and_unit(string text, TargetOperator op, string value, string unit)
    {
        var target = PerformanceTarget.Parse(text).Value;

        target.Operator.Should().Be(op);
        target.Value.Should().Be(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
        target.Unit.Should().Be(unit);
        target.Text.Should().Be(text.Trim());
        target.IsQuantitative.Should().BeTrue();
    }

    [Fact]
    public void Keeps_the_printed_precision_of_the_value()
    {
        PerformanceNumber.Decimals(PerformanceTarget.Parse("≥ 90.00%").Value.Value!.Value).Should().Be(2);
    }

    [Theory]
    [InlineData("及时")]
    [InlineData("提升")]
    [InlineData("优化")]
    [InlineData("全年")]
    public void Reads_qualitative_targets(string text)
    {
        var target = PerformanceTarget.Parse(text).Value;

        target.IsQuantitative.Should().BeFalse();
        target.Qualitative.Should().Be(text);
        target.Operator.Should().BeNull();
    }

    [Fact]
    public void A_plain_number_reads_as_at_least()
    {
        var target = PerformanceTarget.Parse("56家").Value;

        target.Operator.Should().BeNull();
        target.OperatorSymbol.Should().Be("≥");
        target.IsMetBy(56).Should().BeTrue();
        target.IsMetBy(50).Should().BeFalse();
    }

    [Theory]
    [InlineData("", "performance.target.empty")]
    [InlineData("   ", "performance.target.empty")]
    [InlineData("≥", "performance.target.number")]
    [InlineData("≥万件", "performance.target.number")]
    [InlineData("..5", "performance.target.number")]
    public void Refuses_malformed_targets_with_a_named_error(string text, string code)
    {
        var result = PerformanceTarget.Parse(text, "indicators[3].target");

        result.IsSuccess.Should().BeFalse();
        result.Errors.Should().ContainSingle().Which.Code.Should().Be(code);
        result.Errors[0].Target.Should().Be("indicators[3].target");
    }

    [Theory]
    [InlineData("≥20万件", "20", true)]
    [InlineData("≥20万件", "19.9", false)]
    [InlineData("≤210亿", "210", true)]
    [InlineData("≤210亿", "211", false)]
    [InlineData("＝331家", "331", true)]
    [InlineData("＝331家", "332", false)]
    [InlineData(">95%", "95", false)]
    [InlineData("<5%", "4.9", true)]
    public void Compares_actual_values(string text, string actual, bool met)
    {
        PerformanceTarget.Parse(text).Value.IsMetBy(decimal.Parse(actual, System.Globalization.CultureInfo.InvariantCulture)).Should().Be(met);
    }

    [Fact]
    public void Completion_ratio_is_actual_over_target_or_target_over_actual_for_upper_bounds()
    {
        PerformanceTarget.Parse("≥360天").Value.CompletionRatio(291).Should().BeApproximately(0.80833m, 0.00001m);
        PerformanceTarget.Parse("≤100万元").Value.CompletionRatio(125).Should().Be(0.8m);
        PerformanceTarget.Parse("及时").Value.CompletionRatio(1).Should().BeNull();
    }

    [Theory]
    [InlineData("25.85万件", "25.85", "万件")]
    [InlineData("277", "277", "")]
    [InlineData("76.86 万元", "76.86", "万元")]
    public void Reads_actual_quantities(string text, string value, string unit)
    {
        var quantity = PerformanceNumber.Quantity(text);

        quantity.Should().NotBeNull();
        quantity!.Value.Value.Should().Be(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
        quantity.Value.Unit.Should().Be(unit);
        PerformanceNumber.Quantity("基本达成目标").Should().BeNull();
    }

    [Fact]
    public void Units_carry_their_magnitude()
    {
        PerformanceNumber.Magnitude("万件").Should().Be((10_000m, "件"));
        PerformanceNumber.Magnitude("亿元").Should().Be((100_000_000m, "元"));
        PerformanceNumber.Magnitude("%").Should().Be((1m, "%"));
    }
}
