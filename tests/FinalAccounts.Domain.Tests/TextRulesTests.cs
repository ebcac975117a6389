using System.Xml;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Reports;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests;

public sealed class TextRulesTests
{
    [Theory]
    [InlineData("景德镇市政务服务数据管理局", false)]
    [InlineData("Ünïcödé 名称 😀 👨‍👩‍👧", false)]
    [InlineData("第一段\n第二段\r\n\t缩进", true)]
    public void Ordinary_text_passes(string text, bool multiline) =>
        TextRules.Check(text, "部门名称", multiline: multiline).Should().BeNull();

    [Theory]
    [InlineData("局\u0001", false, "U+0001")]
    [InlineData("局\u000B", true, "U+000B")]
    [InlineData("局\n", false, "U+000A")]
    [InlineData("局\t", false, "U+0009")]
    [InlineData("局\u007F", true, "U+007F")]
    [InlineData("局\u0085", true, "U+0085")]
    [InlineData("局\uFFFE", true, "U+FFFE")]
    [InlineData("局\uFDD0", true, "U+FDD0")]
    [InlineData("局\u202E", false, "U+202E")]
    [InlineData("局\u2028", true, "U+2028")]
    [InlineData("局\uD83F\uDFFE", false, "U+1FFFE")]
    public void Invisible_control_characters_are_refused_with_the_field_and_the_character_named(string text, bool multiline, string codePoint)
    {
        var error = TextRules.Check(text, "部门名称", "name", multiline);

        error.Should().NotBeNull();
        error!.Code.Should().Be("text.control_character");
        error.Target.Should().Be("name");
        error.Message.Should().Be($"部门名称含有不可见的控制字符（{codePoint}），请删除后再保存");
    }

    [Theory]
    [InlineData("局\u0001\u000B\u001F", "局\uFFFD\uFFFD\uFFFD")]
    [InlineData("\uFFFE\uFFFF", "\uFFFD\uFFFD")]
    [InlineData("行\r\n\t😀\u0085", "行\r\n\t😀\u0085")]
    [InlineData("", "")]
    public void The_sanitiser_replaces_what_xml_cannot_hold_and_keeps_everything_else(string text, string expected)
    {
        var safe = TextRules.ToXmlSafe(text);

        safe.Should().Be(expected);
        var xml = new System.Text.StringBuilder();
        using (var writer = XmlWriter.Create(xml))
        {
            writer.WriteElementString("t", safe); // throws on any character XML 1.0 cannot hold
        }

        xml.ToString().Should().Contain("<t");
    }

    [Fact]
    public void Lone_surrogates_are_refused_and_sanitised()
    {
        // Not as InlineData: the test runner cannot carry a lone surrogate through its serialised test cases.
        var high = "局" + '\uD800';
        var low = '\uDC00' + "局";

        TextRules.Check(high, "部门名称", multiline: true)!.Message.Should().Contain("U+D800");
        TextRules.Check(low, "部门名称")!.Message.Should().Contain("U+DC00");
        TextRules.ToXmlSafe("a" + high + "b" + low + "😀").Should().Be("a局\uFFFDb\uFFFD局😀");
    }

    [Fact]
    public void The_overview_validator_applies_the_rule_to_every_text_field()
    {
        var result = OverviewValidator.Validate(new OverviewInput("测试局\u0001", "职责\n第二行\u0007", [new UnitInput("0\u00011", "单位", "市级"), new UnitInput("02", "单\uFFFE位", "市级"), new UnitInput("03", "本级", "市\u200E级\u2066")], null));

        result.IsSuccess.Should().BeFalse();
        result.Errors.Select(e => e.ToString()).Should().Equal(
            "概况.部门名称：部门名称含有不可见的控制字符（U+0001），请删除后再保存",
            "概况.部门主要职责：部门主要职责含有不可见的控制字符（U+0007），请删除后再保存",
            "概况.单位[1]：序号含有不可见的控制字符（U+0001），请删除后再保存",
            "概况.单位[2]：单位名称含有不可见的控制字符（U+FFFE），请删除后再保存",
            "概况.单位[3]：预算级次含有不可见的控制字符（U+2066），请删除后再保存");
        OverviewValidator.Validate(new OverviewInput("测试局", "职责\r\n\t第二行", [new UnitInput("01", "单位", "市级")], null)).IsSuccess.Should().BeTrue();
    }
}
