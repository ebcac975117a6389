using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Templates;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests;

public class RuleSetParserTests
{
    private static readonly TemplateSet Set = TemplateSetParser.Parse(TemplateSamples.TwoTables, "t").Value;

    private static string File(params string[] rules) =>
        "{\"templateSet\":\"sample-2024\",\"version\":\"1\",\"rules\":[" + string.Join(",", rules) + "]}";

    private static string Rule(string id, string formula, string severity = "error") =>
        $"{{\"id\":\"{id}\",\"label\":\"测试\",\"severity\":\"{severity}\",\"formula\":\"{formula.Replace("\"", "\\\"", StringComparison.Ordinal)}\"}}";

    [Fact]
    public void Compiles_a_valid_rule_file()
    {
        var result = RuleSetParser.Parse(File(
            Rule("T01-01", "T01[3] = T01[1]"),
            Rule("T02-01", "for r in rows(T02): T02[r,1] >= T02[r,2]"),
            Rule("T02-02", "for c in cols(T02): for r in parents(T02): T02[r,c] = sum(children(T02[r,c]))"),
            Rule("T01-02", "T01[4] > 0 => T01[1] > 0", "warning")), "r.json", id => id == Set.Id ? Set : null);

        result.Errors.Should().BeEmpty();
        result.Value.Rules.Select(r => r.Id).Should().Equal("T01-01", "T02-01", "T02-02", "T01-02");
        result.Value.Rules[3].Severity.Should().Be(RuleSeverity.Warning);
    }

    [Theory]
    [InlineData("T01[3] = T01[1] +", "第 18 个字符")]
    [InlineData("T01[3] == ", "第 11 个字符")]
    [InlineData("T01[3] T01[1]", "此处应为比较符")]
    [InlineData("for r in rows(T02) T02[r,1] = 0", "此处应为“:”")]
    [InlineData("T01[3] = T01[1] # x", "无法识别的字符“#”")]
    public void A_syntax_error_is_rejected_with_the_rule_id_and_position(string formula, string expected)
    {
        var result = RuleSetParser.Parse(File(Rule("X-99", formula)), "r.json", _ => Set);

        result.IsSuccess.Should().BeFalse();
        result.Errors.Should().ContainSingle().Which.Should().Match<Common.DomainError>(e =>
            e.Code == "rules.syntax" && e.Target == "r.json 规则 X-99 公式" && e.Message.Contains(expected));
    }

    [Theory]
    [InlineData("T03[1] = 0", "没有表 03")]
    [InlineData("T01[9] = 0", "公开01表没有行“9”")]
    [InlineData("T01[1,2] = 0", "没有第 2 栏")]
    [InlineData("T02[合计] = 0", "须写明栏次")]
    [InlineData("T02[r,1] = 0", "变量 r 未定义")]
    [InlineData("sum(T01[1..4]) = sum(T02[1..2,1])", "不是同一栏目区中的固定行")]
    public void A_reference_the_template_does_not_have_is_rejected(string formula, string expected)
    {
        var result = RuleSetParser.Parse(File(Rule("X-98", formula)), "r.json", _ => Set);

        result.Errors.Should().Contain(e => e.Code == "rules.reference" && e.Target == "r.json 规则 X-98 公式" && e.Message.Contains(expected));
    }

    [Fact]
    public void Duplicate_ids_unknown_severity_and_unknown_template_are_rejected()
    {
        RuleSetParser.Parse(File(Rule("A-1", "T01[1] = 0"), Rule("A-1", "T01[1] = 0")), "r.json", _ => Set)
            .Errors.Should().ContainSingle(e => e.Message == "规则编号 A-1 重复");
        RuleSetParser.Parse(File(Rule("A-2", "T01[1] = 0", "fatal")), "r.json", _ => Set)
            .Errors.Should().ContainSingle(e => e.Message.Contains("级别“fatal”无效"));
        RuleSetParser.Parse(File(Rule("A-3", "T01[1] = 0")), "r.json", _ => null)
            .Errors.Should().ContainSingle(e => e.Message.Contains("不存在的模板“sample-2024”"));
    }

    [Fact]
    public void Printed_symbols_are_read_like_their_ascii_forms()
    {
        var statement = FormulaParser.Parse("T01[3] ≥ T01[1] − T01[2]");

        statement.Should().BeOfType<CheckStatement>().Which.Condition.Should().BeOfType<Comparison>()
            .Which.Operator.Should().Be(ComparisonOperator.GreaterOrEqual);
    }
}
