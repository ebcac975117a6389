using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests;

/// <summary>
/// The template-set format (docs/template-format.md, template-set.schema.json): both shipped sets pass the schema and
/// the parser's checks; a broken set is refused with every error named by table, row and JSON path; the layout data
/// of shanghai-2024 is what its printed form shows.
/// </summary>
public class TemplateFormatTests
{
    private static readonly TemplateSet Shanghai = TemplateSetParser.Parse(ShippedData.Read("templates/shanghai-2024.json"), "shanghai-2024.json").Value;

    [Theory]
    [InlineData("templates/jiangxi-2023.json")]
    [InlineData("templates/shanghai-2024.json")]
    public void Shipped_sets_pass_the_schema_and_the_parser(string path)
    {
        var json = ShippedData.Read(path);
        using var document = System.Text.Json.JsonDocument.Parse(json);

        TemplateSetSchema.Check(document.RootElement).Should().BeEmpty();
        TemplateSetParser.Validate(json, path).Should().BeEmpty();
    }

    [Fact]
    public void The_embedded_schema_is_the_documented_file()
    {
        var documented = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "FinalAccounts.Domain", "Templates", "template-set.schema.json"));
        using var a = System.Text.Json.JsonDocument.Parse(documented);
        using var b = System.Text.Json.JsonDocument.Parse(TemplateSetSchema.Text);
        System.Text.Json.JsonElement.DeepEquals(a.RootElement, b.RootElement).Should().BeTrue();
    }

    [Fact]
    public void Misspelt_and_misplaced_fields_are_named_by_their_json_path()
    {
        var json = ShippedData.Read("templates/shanghai-2024.json")
            .Replace("\"codedTotal\": \"last\"", "\"codedTotal\": \"bottom\"", StringComparison.Ordinal)
            .Replace("\"stub\": \"none\"", "\"stub\": \"nothing\"", StringComparison.Ordinal)
            .Replace("\"title\": \"收入决算表\",\n   \"unitLabel\"", "\"title\": \"收入决算表\",\n   \"unitLable\"", StringComparison.Ordinal);

        var errors = TemplateSetParser.Validate(json, "upload.json");

        errors.Should().OnlyContain(e => e.Code == "template.schema" && e.Target == "upload.json");
        errors.Select(e => e.Message).Should().Contain(m => m.Contains("“bottom”", StringComparison.Ordinal) && m.Contains("$.tables[4].layout.codedTotal", StringComparison.Ordinal))
            .And.Contain(m => m.Contains("“nothing”", StringComparison.Ordinal) && m.Contains("$.tables[6].panels[0].stub", StringComparison.Ordinal))
            .And.Contain(m => m.Contains("未知字段 unitLable", StringComparison.Ordinal) && m.Contains("$.tables[1].unitLable", StringComparison.Ordinal))
            .And.Contain(m => m.Contains("缺少必填字段 unitLabel", StringComparison.Ordinal) && m.Contains("位置 $.tables[1]）", StringComparison.Ordinal));
    }

    [Fact]
    public void Errors_of_meaning_name_table_row_and_json_path()
    {
        var json = ShippedData.Read("templates/shanghai-2024.json")
            .Replace("\"key\": \"30102\"", "\"key\": \"30101\"", StringComparison.Ordinal) // a duplicate row key in 表6
            .Replace("\"text\": \"决算数\",\n      \"rowspan\": 2\n     }\n    ],\n    [\n     {\n      \"text\": \"类\"", "\"text\": \"栏次\",\n      \"rowspan\": 2\n     }\n    ],\n    [\n     {\n      \"text\": \"类\"", StringComparison.Ordinal);

        json.Should().Contain("\"text\": \"栏次\"", "the test must change the header");

        var errors = TemplateSetParser.Validate(json, "upload.json");

        errors.Should().Contain(e => e.Target == "模板 shanghai-2024 表 06（一般公共预算财政拨款基本支出决算表） 行 30101"
            && e.Message.Contains("重复", StringComparison.Ordinal) && e.Message.Contains("$.tables[5].panels[0].rows[2]", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Target == "模板 shanghai-2024 表 06（一般公共预算财政拨款基本支出决算表）"
            && e.Message.Contains("不印栏次", StringComparison.Ordinal) && e.Message.Contains("$.tables[5].header", StringComparison.Ordinal));
    }

    [Fact]
    public void A_syntax_error_gives_line_and_position()
    {
        var errors = TemplateSetParser.Validate("{\n  \"id\": \"x-2024\",\n  \"tables\": [ }\n}", "upload.json");

        errors.Should().ContainSingle().Which.Message.Should().Contain("第 3 行第").And.Contain("个字节");
    }

    [Fact]
    public void Shanghai_2024_prints_its_form_not_jiangxis()
    {
        Shanghai.Tables.Select(t => t.Title).Should().Equal(
            "收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
            "一般公共预算财政拨款基本支出决算表", "财政拨款“三公”经费支出决算表", "政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款收入支出决算表");
        Shanghai.Serves(2024).Should().BeTrue();
        Shanghai.Serves(2026).Should().BeTrue();
        Shanghai.Serves(2023).Should().BeFalse();
        Shanghai.Tables.Should().OnlyContain(t => t.Caption == "" && !t.Print.DepartmentLine && !t.Print.RowNumbers && !t.Print.ColumnNumbers && t.Print.CodeColumns == CodeColumns.Split);
        Shanghai.Tables.Should().OnlyContain(t => !t.Header.SelectMany(l => l).Any(h => h.Text.Contains("栏次") || h.Text.Contains("行次")));
        Shanghai.Tables.Should().OnlyContain(t => t.ShortName == t.Title);
        Shanghai.FindTable("05")!.Print.CodedTotal.Should().Be(TotalPosition.Last);
        Shanghai.FindTable("02")!.Print.CodedTotal.Should().Be(TotalPosition.First);
        Shanghai.FindTable("07")!.Panels.Should().ContainSingle().Which.Columns.Should().HaveCount(12);
        Shanghai.FindTable("01")!.Panels.Should().OnlyContain(p => p.StubWidth == 1);
        Shanghai.FindTable("09")!.Panels[0].Columns.Select(c => c.Label).Should().Equal("年初结转和结余", "本年收入", "本年支出 合计", "本年支出 基本支出", "本年支出 项目支出", "年末结转和结余");
        Shanghai.Overview.UnitsColumns.Select(c => c.Label).Should().Equal("序号", "单位名称", "备注");
        Shanghai.Overview.Staff.Should().BeFalse();
        Shanghai.FindTable("08")!.EmptyNoteFor("上海市普陀区财政局", 2024).Should().Be("说明：上海市普陀区财政局本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。");
        var jiangxi = ShippedData.Jiangxi2023;
        jiangxi.Tables.Should().OnlyContain(t => t.Print == PrintLayout.Default && t.Caption == $"公开{t.TableNo}表" && t.ShortName == t.Caption);
        jiangxi.Overview.Should().Be(OverviewLayout.Default);
    }

    [Fact]
    public void Total_position_and_split_codes_come_from_the_layout()
    {
        ReportCell[] cells = [new("05", "合计", 1, 10m), new("05", "201", 1, 10m), new("05", "20106", 1, 10m), new("05", "2010601", 1, 10m)];

        var shanghai = TableLayout.Resolve(Shanghai.FindTable("05")!, cells, null);
        var jiangxi = TableLayout.Resolve(ShippedData.Jiangxi2023.FindTable("05")!, cells, null);

        shanghai.Lines.Select(l => l.Panels[0]!.Key).Should().Equal("201", "20106", "2010601", "合计");
        jiangxi.Lines.Select(l => l.Panels[0]!.Key).Should().Equal("合计", "201", "20106", "2010601");
        var panel = Shanghai.FindTable("05")!.Panels[0];
        shanghai.CodeCells(panel, shanghai.Lines[2].Panels[0]!).Should().Equal("201", "06", "01");
        shanghai.CodeCells(panel, shanghai.Lines[1].Panels[0]!).Should().Equal("201", "06", "");
        jiangxi.CodeCells(ShippedData.Jiangxi2023.FindTable("05")!.Panels[0], jiangxi.Lines[3].Panels[0]!).Should().Equal("2010601");
        Shanghai.FindTable("06")!.Print.CodeCells("30101", 2).Should().Equal("301", "01");
    }

    [Fact]
    public void Shanghai_rules_compile_against_the_set_and_its_catalogue_covers_the_documented_codes()
    {
        var rules = RuleSetParser.Parse(ShippedData.Read("templates/shanghai-2024.rules.json"), "shanghai-2024.rules.json", id => id == Shanghai.Id ? Shanghai : null);

        rules.Errors.Should().BeEmpty();
        rules.Value.Rules.Select(r => r.Id).Should().Contain(["T01-01", "T05-01", "T06-06", "T07-01", "T07-02", "T08-01", "T09-01", "X-17"])
            .And.NotContain(["S-06", "S-07", "T10-01", "T10-02", "X-18", "X-19", "X-21"]);
        var functional = ClassificationCatalog.ParseCsv(ClassificationKind.Functional, 2024, ShippedData.Read("catalogs/2024/functional.csv"), "functional.csv").Value;
        var economic = ClassificationCatalog.ParseCsv(ClassificationKind.Economic, 2024, ShippedData.Read("catalogs/2024/economic.csv"), "economic.csv").Value;
        foreach (var row in Shanghai.FindTable("01")!.Panels[1].Rows.Where(r => r.Code is not null))
        {
            functional.NameOf(row.Code!).Should().NotBeNull(row.Code);
        }

        foreach (var row in Shanghai.FindTable("06")!.Panels.SelectMany(p => p.Rows))
        {
            economic.NameOf(row.Code!).Should().Be(row.Label, row.Code);
        }

        functional.NameOf("2050205").Should().Be("高中教育");
        functional.NameOf("231").Should().Be("债务还本支出");
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FinalAccounts.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
