using FinalAccounts.Domain.Templates;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests;

public class TemplateSetRegistryTests
{
    private static readonly TemplateSetRegistry Registry = new([ShippedData.Jiangxi2023]);

    [Theory]
    [InlineData(2022)]
    [InlineData(2024)]
    [InlineData(2026)]
    public void A_year_the_set_declares_gets_it_named_or_not(int year)
    {
        Registry.ChooseFor(year, null, "江西省景德镇市").Value.Id.Should().Be("jiangxi-2023");
        Registry.ChooseFor(year, "jiangxi-2023").Value.Id.Should().Be("jiangxi-2023");
        ShippedData.Jiangxi2023.Serves(year).Should().BeTrue();
    }

    [Theory]
    [InlineData(2021)]
    [InlineData(2031)]
    public void A_year_no_set_serves_is_refused_with_the_years_each_set_serves(int year)
    {
        var unnamed = Registry.ChooseFor(year, "");
        unnamed.IsSuccess.Should().BeFalse();
        unnamed.Errors.Single().Code.Should().Be("template.year");
        unnamed.Errors.Single().Message.Should().Contain($"{year}").And.Contain("jiangxi-2023 适用 2022–2026");

        var named = Registry.ChooseFor(year, "jiangxi-2023");
        named.Errors.Single().Message.Should().Contain("适用于 2022–2026 年度").And.Contain($"不能用于 {year} 年度");
    }

    [Fact]
    public void An_unknown_set_is_named()
    {
        var result = Registry.ChooseFor(2024, "no-such-set");
        result.Errors.Single().Code.Should().Be("template.unknown");
        result.Errors.Single().Message.Should().Contain("no-such-set");
    }
}
