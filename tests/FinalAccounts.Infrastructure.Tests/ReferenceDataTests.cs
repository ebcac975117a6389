using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Templates;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Infrastructure.Tests;

public class ReferenceDataTests
{
    private static readonly ReferenceData Loaded = ReferenceDataLoader.Load(null);

    [Fact]
    public void Jiangxi_2023_has_the_ten_tables_as_specified()
    {
        var set = Loaded.Templates.Find("jiangxi-2023")!;

        set.Tables.Select(t => t.Caption).Should().Equal(Enumerable.Range(1, 10).Select(i => $"公开{i:00}表"));
        set.Tables.Select(t => t.Title).Should().Contain(["收入支出决算总表", "财政拨款“三公”经费支出决算表", "国有资产占用情况表"]);
        var summary = set.FindTable("01")!;
        summary.Panels.Select(p => p.Rows.Count).Should().Equal(31, 31);
        summary.Panels[1].Rows.Count(r => r.Code is not null).Should().Be(26, "the 26 功能分类 classes");
        summary.Panels.SelectMany(p => p.Rows).Count(r => r.IsFiller).Should().Be(18 + 1 + 1, "rows 9–26, 30 and 61 are blank fillers");
        set.FindTable("04")!.Panels.Select(p => p.Rows.Count).Should().Equal(32, 32);
        var threePublic = set.FindTable("09")!;
        threePublic.Panels[0].Rows.Sum(r => r.NotApplicableColumns.Count).Should().Be(29, "table 09 prints exactly 29 “——” cells");
        threePublic.FindFixedRow("15")!.KindFor(threePublic.Panels[0].Columns[2]).Should().Be(ValueKind.Count);
        var basic = set.FindTable("06")!;
        basic.Panels.Sum(p => p.Rows.Count).Should().Be(89);
        basic.FindFixedRow("31011")!.Label.Should().Be("地上附着物和青苗补偿");
        basic.Footer.Select(f => f.Key).Should().Equal("人员经费合计", "公用经费合计");
        set.Tables.Where(t => t.CodedPanel is not null).Select(t => t.TableNo).Should().Equal("02", "03", "05", "07", "08");
        set.FindTable("10")!.Panels[0].Columns[0].Kind.Should().Be(ValueKind.Count);
        set.FindTable("10")!.UnitLabel.Should().Be("单位：台、辆、套");
    }

    [Fact]
    public void The_narrative_template_loads_beside_the_rules_and_combines_with_them()
    {
        var narrative = Loaded.Narratives.Find("jiangxi-2023")!;
        var rules = Loaded.Rules.Find("jiangxi-2023")!;

        narrative.Sections.Select(s => s.Heading).Should().HaveCount(9).And.StartWith("一、收入决算情况说明").And.EndWith("九、预算绩效情况说明");
        narrative.Glossary.Should().HaveCount(14);
        rules.Rules.Should().NotContain(r => r.Group == "N", "the N rules join a rule set only when a caller combines them");
        rules.WithNarrative(narrative).Rules.Count(r => r.Group == "N").Should().Be(38); // N1-01 … N9-07 and the text checks N0-01 … N0-07
    }

    [Fact]
    public void A_narrative_template_pointing_at_an_unknown_rule_stops_loading()
    {
        var directory = Directory.CreateTempSubdirectory("fa-narrative-");
        try
        {
            Directory.CreateDirectory(Path.Combine(directory.FullName, "templates"));
            File.WriteAllText(Path.Combine(directory.FullName, "templates", "extra.narrative.json"), """
                {"templateSet":"jiangxi-2023","version":"x","rules":[{"id":"N1-01","label":"收入","severity":"error"}],
                 "sections":[{"heading":"一、收入决算情况说明","figures":[{"id":"收入总计","label":["收入总计"],"rule":"N1-99","equals":"T01[31]"}]}]}
                """);

            var load = () => ReferenceDataLoader.Load(directory.FullName);

            load.Should().Throw<InvalidOperationException>().WithMessage("*N1-99*");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Catalogues_hold_the_seeded_codes()
    {
        var functional = Loaded.Catalogs.Find(ClassificationKind.Functional, 2023)!;
        var economic = Loaded.Catalogs.Find(ClassificationKind.Economic, 2023)!;

        functional.NameOf("2120804").Should().Be("农村基础设施建设支出");
        functional.Entries.Count(e => e.Key.Length == 3).Should().Be(26);
        economic.NameOf("30217").Should().Be("公务接待费");
        economic.Count.Should().Be(89);
    }

    [Fact]
    public void A_malformed_template_file_stops_loading_with_table_and_row()
    {
        var directory = Directory.CreateTempSubdirectory("fa-templates-");
        try
        {
            Directory.CreateDirectory(Path.Combine(directory.FullName, "templates"));
            File.WriteAllText(Path.Combine(directory.FullName, "templates", "broken.json"), """
                {"id":"broken-2024","version":"1","name":"坏模板","locality":"测试","fiscalYear":2024,
                 "tables":[{"tableNo":"01","name":"A","title":"甲表","unitLabel":"金额单位：万元",
                   "header":[[{"text":"项目"},{"text":"行次"},{"text":"金额"}]],
                   "panels":[{"stub":"item-rowno","columns":[{"no":1,"label":"金额"}],"rows":[{"key":"1","label":"甲"},{"key":"1","label":"乙"}]}]}]}
                """);

            var load = () => ReferenceDataLoader.Load(directory.FullName);

            load.Should().Throw<InvalidOperationException>().WithMessage("*模板 broken-2024 公开01表 行 1*重复*");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("Host=db;Database=fa;Username=u", DatabaseProvider.PostgreSql)]
    [InlineData("Data Source=/tmp/x.db", DatabaseProvider.Sqlite)]
    [InlineData(null, DatabaseProvider.Sqlite)]
    public void The_connection_string_chooses_the_provider(string? connectionString, DatabaseProvider expected)
    {
        var options = DatabaseOptions.Parse(connectionString, "/srv/app");

        options.Provider.Should().Be(expected);
        if (connectionString is null)
        {
            options.ConnectionString.Should().Be("Data Source=/srv/app/data/finalaccounts.db");
        }
    }

    [Fact]
    public void An_unrecognised_connection_string_is_refused_in_chinese()
    {
        var parse = () => DatabaseOptions.Parse("Endpoint=x;Key=y", "/srv/app");

        parse.Should().Throw<InvalidOperationException>().WithMessage("无法识别数据库连接字符串*");
    }
}
