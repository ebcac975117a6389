using FinalAccounts.Domain.Templates;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests;

public class TemplateSetParserTests
{
    [Fact]
    public void Parses_fixed_and_coded_tables()
    {
        var result = TemplateSetParser.Parse(TemplateSamples.TwoTables, "sample.json");

        result.Errors.Should().BeEmpty();
        var set = result.Value;
        set.Id.Should().Be("sample-2024");
        set.Tables.Select(t => t.TableNo).Should().Equal("01", "02");
        var summary = set.FindTable("01")!;
        summary.Caption.Should().Be("公开01表");
        summary.BodyWidth.Should().Be(3);
        summary.FindFixedRow("2")!.IsFiller.Should().BeTrue();
        summary.FindFixedRow("4")!.Kind.Should().Be(ValueKind.Count);
        summary.FindFixedRow("5")!.Accepts(1).Should().BeFalse();
        var detail = set.FindTable("02")!;
        detail.CodedPanel!.Coded!.LevelLengths.Should().Equal(3, 5, 7);
        detail.CodedPanel.Coded.TotalKey.Should().Be("合计");
    }

    [Fact]
    public void Duplicate_row_key_is_rejected_naming_table_and_row()
    {
        var json = TemplateSamples.TwoTables.Replace("{\"key\":\"3\",\"label\":\"合计\"", "{\"key\":\"1\",\"label\":\"合计\"", StringComparison.Ordinal);

        var result = TemplateSetParser.Parse(json, "sample.json");

        result.IsSuccess.Should().BeFalse();
        result.Errors.Should().ContainSingle(e => e.Target == "模板 sample-2024 公开01表 行 1" && e.Message.Contains("重复"));
    }

    [Fact]
    public void A_misprinted_code_needs_the_correct_code_and_a_note_and_a_malformed_code_is_rejected()
    {
        var set = ShippedData.Jiangxi2023;
        var row = set.FindTable("06")!.FindFixedRow("31011")!;
        row.PrintedCode.Should().Be("310111", "the form's misprint is kept as printed");
        row.Code.Should().Be("31011");
        set.FindTable("06")!.RowNotes.Should().ContainSingle().Which.Should().Contain("310111").And.Contain("31011");

        var shipped = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "templates", "jiangxi-2023.json"));
        var noteless = System.Text.RegularExpressions.Regex.Replace(shipped, ",\\s*\"note\": \"[^\"]*\"", "");
        TemplateSetParser.Parse(noteless, "x.json").Errors.Should().ContainSingle(e => e.Target == "模板 jiangxi-2023 公开06表 行 31011" && e.Message.Contains("note"));
        var malformed = shipped.Replace("\"code\": \"31012\"", "\"code\": \"310x2\"", StringComparison.Ordinal);
        var errors = TemplateSetParser.Parse(malformed, "x.json").Errors;
        errors.Should().ContainSingle(string.Join(" | ", errors));
        errors[0].ToString().Should().Contain("310x2", string.Join(" | ", errors));
    }

    [Fact]
    public void Header_wider_than_body_is_rejected_with_line_number()
    {
        var json = TemplateSamples.TwoTables.Replace("[{\"text\":\"栏次\",\"colspan\":2},{\"text\":\"1\"}]", "[{\"text\":\"栏次\",\"colspan\":3},{\"text\":\"1\"}]", StringComparison.Ordinal);

        var result = TemplateSetParser.Parse(json, "sample.json");

        result.Errors.Should().ContainSingle(e => e.Target == "模板 sample-2024 公开01表" && e.Message.Contains("表头第 2 行宽 4 列，与表体宽 3 列不一致"));
    }

    [Fact]
    public void Header_rowspan_reserves_columns_in_lines_below()
    {
        var json = TemplateSamples.TwoTables.Replace(
            "[[{\"text\":\"项目\"},{\"text\":\"行次\"},{\"text\":\"金额\"}], [{\"text\":\"栏次\",\"colspan\":2},{\"text\":\"1\"}]]",
            "[[{\"text\":\"项目\",\"colspan\":2},{\"text\":\"金额\",\"rowspan\":2}], [{\"text\":\"名称\"},{\"text\":\"行次\"}]]",
            StringComparison.Ordinal);

        TemplateSetParser.Parse(json, "sample.json").Errors.Should().BeEmpty();
    }

    [Fact]
    public void Not_applicable_cell_in_unknown_column_is_rejected()
    {
        var json = TemplateSamples.TwoTables.Replace("\"na\":[1]", "\"na\":[9]", StringComparison.Ordinal);

        var result = TemplateSetParser.Parse(json, "sample.json");

        result.Errors.Should().ContainSingle(e => e.Target == "模板 sample-2024 公开01表 行 5" && e.Message.Contains("栏次 9"));
    }

    [Theory]
    [InlineData("\"stub\":\"item-rowno\"", "\"stub\":\"grid\"", "取值 “grid” 无效：应为 “item-rowno”、“code-name”、“none” 之一（位置 $.tables[0].panels[0].stub）")]
    [InlineData("\"tableNo\": \"02\"", "\"tableNo\": \"01\"", "表号 01 重复")]
    [InlineData("\"kind\":\"count\"", "\"kind\":\"text\"", "取值 “text” 无效：应为 “amount”、“count” 之一（位置 $.tables[0].panels[0].rows[3].kind）")]
    [InlineData("\"levels\":[3,5,7]", "\"levels\":[5,3]", "科目级次长度")]
    [InlineData("\"title\": \"收支总表\", ", "", "缺少必填字段 title")]
    public void Malformed_sets_are_rejected_with_a_specific_message(string from, string to, string expected)
    {
        var json = TemplateSamples.TwoTables.Replace(from, to, StringComparison.Ordinal);
        json.Should().NotBe(TemplateSamples.TwoTables, "the test must actually change the template");

        var result = TemplateSetParser.Parse(json, "sample.json");

        result.IsSuccess.Should().BeFalse();
        result.Errors.Should().Contain(e => e.Message.Contains(expected));
    }

    [Fact]
    public void Invalid_json_is_rejected_with_source_and_line()
    {
        var result = TemplateSetParser.Parse("{\n \"id\": \"x\",\n oops }", "bad.json");

        result.Errors.Should().ContainSingle(e => e.Target == "bad.json" && e.Message.Contains("不是有效的 JSON"));
    }
}

/// <summary>The years a template set serves are data: <c>"years": {"from", "to"}</c>, both defaulting to its fiscal year.</summary>
public class TemplateSetYearsTests
{
    [Fact]
    public void A_set_serves_its_own_year_only_unless_its_file_says_otherwise()
    {
        var plain = TemplateSetParser.Parse(TemplateSamples.TwoTables, "sample.json").Value;
        var wider = TemplateSetParser.Parse(TemplateSamples.TwoTables.Replace("\"catalogYear\": 2024,", "\"catalogYear\": 2024, \"years\": {\"from\": 2023},", StringComparison.Ordinal), "sample.json").Value;

        (plain.FirstYear, plain.LastYear, plain.Serves(2023), plain.Serves(2024)).Should().Be((2024, 2024, false, true));
        (wider.FirstYear, wider.LastYear, wider.YearsText).Should().Be((2023, 2024, "2023–2024"));
        wider.Serves(2023).Should().BeTrue();
        wider.Serves(2022).Should().BeFalse();
        wider.Serves(2025).Should().BeFalse();
    }

    [Theory]
    [InlineData("\"years\": {\"from\": 2025},", "适用年度 2025–2024 应包含表样年度 2024")]
    [InlineData("\"years\": {\"to\": 2023},", "适用年度 2024–2023 应包含表样年度 2024")]
    [InlineData("\"years\": 2023,", "应为对象，实为数字 2023（位置 $.years）")]
    [InlineData("\"years\": {\"from\": \"2023\"},", "应为整数，实为字符串 “2023”（位置 $.years.from）")]
    public void Years_that_leave_out_the_sets_own_year_or_are_malformed_are_refused(string years, string message)
    {
        var result = TemplateSetParser.Parse(TemplateSamples.TwoTables.Replace("\"catalogYear\": 2024,", "\"catalogYear\": 2024, " + years, StringComparison.Ordinal), "sample.json");

        result.IsSuccess.Should().BeFalse();
        result.Errors.Should().Contain(e => e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void The_shipped_jiangxi_set_serves_2022_to_2026()
    {
        (ShippedData.Jiangxi2023.FirstYear, ShippedData.Jiangxi2023.LastYear).Should().Be((2022, 2026));
    }
}
