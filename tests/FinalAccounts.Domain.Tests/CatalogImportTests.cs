using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Templates;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests;

/// <summary>Uploaded catalogues: levels from code length, parents, duplicates and bad lines named by line; diffs; year mappings.</summary>
public class CatalogImportTests
{
    private static ClassificationCatalog Functional(string csv) => CatalogImport.ParseCsv(ClassificationKind.Functional, 2023, csv).Value;

    [Fact]
    public void A_good_catalogue_is_read_with_quoted_names_and_its_levels_derived_from_code_length()
    {
        var catalog = Functional("\uFEFFcode,name\r\n208,社会保障和就业支出\r\n20805,行政事业单位养老支出\r\n2080501,\"行政单位离退休, 含附注\"\r\n");

        catalog.Count.Should().Be(3);
        catalog.NameOf("2080501").Should().Be("行政单位离退休, 含附注");
        ClassificationCode.LevelName(ClassificationCode.LevelOf("2080501", ClassificationCode.LevelsOf(ClassificationKind.Functional))).Should().Be("项");
        ClassificationCode.LevelName(ClassificationCode.LevelOf("20805", ClassificationCode.LevelsOf(ClassificationKind.Functional))).Should().Be("款");
    }

    [Fact]
    public void Every_bad_line_is_named_with_its_number_and_nothing_is_accepted()
    {
        var result = CatalogImport.ParseCsv(ClassificationKind.Functional, 2023, string.Join("\n",
            "code,name",
            "208,社会保障和就业支出",      // 2
            "2080A01,字母",                // 3 not digits
            "20805,",                      // 4 empty name
            "2080,四位",                   // 5 wrong length
            "208,重复的类",                // 6 duplicate
            "2099901,没有上级"));          // 7 no 款 20999, no 类 209

        result.IsSuccess.Should().BeFalse();
        result.Errors.Select(e => (e.Target, e.Code)).Should().Equal(
            ("第 3 行", "catalog.code_not_digits"),
            ("第 4 行", "catalog.name_missing"),
            ("第 5 行", "catalog.code_length"),
            ("第 6 行", "catalog.duplicate"),
            ("第 7 行", "catalog.parent_missing"),
            ("第 7 行", "catalog.parent_missing"));
        result.Errors[3].Message.Should().Be("科目编码 208 重复（第 2 行已有）");
        result.Errors[4].Message.Should().Be("项级科目 2099901 缺少上级款级科目 20999");
        result.Errors[5].Message.Should().Be("项级科目 2099901 缺少上级类级科目 209");
        result.Errors[2].Message.Should().Contain("3/5/7 位");
    }

    [Fact]
    public void A_wrong_header_is_refused_on_line_one()
    {
        var result = CatalogImport.ParseCsv(ClassificationKind.Economic, 2023, "编码,名称\n301,工资福利支出\n");

        result.Errors.Should().ContainSingle().Which.Should().Match<Common.DomainError>(e => e.Code == "catalog.header" && e.Target == "第 1 行" && e.Message.Contains("code,name"));
    }

    [Fact]
    public void Economic_codes_have_two_levels_so_a_seven_digit_code_is_refused()
    {
        var result = CatalogImport.ParseCsv(ClassificationKind.Economic, 2023, "code,name\n301,工资福利支出\n3010101,太长\n");

        result.Errors.Should().ContainSingle().Which.Code.Should().Be("catalog.code_length");
    }

    [Fact]
    public void The_diff_names_added_renamed_and_removed_codes()
    {
        var before = Functional("code,name\n201,一般公共服务支出\n20101,人大事务\n2010101,行政运行\n2010102,一般行政管理事务\n");
        var after = Functional("code,name\n201,一般公共服务支出\n20101,人大事务\n2010101,行政运行（更名）\n2010104,人大会议\n");

        var diff = CatalogDiff.Between(before, after);

        diff.Added.Select(a => a.Key).Should().Equal("2010104");
        diff.Renamed.Should().Equal(new RenamedCode("2010101", "行政运行", "行政运行（更名）"));
        diff.Removed.Select(r => r.Key).Should().Equal("2010102");
        CatalogDiff.Between(null, after).Added.Should().HaveCount(4, "the first version adds every code");
        CatalogDiff.Between(after, after).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void A_mapping_is_checked_against_both_years_and_maps_splits_both_ways()
    {
        var y2023 = CatalogImport.ParseCsv(ClassificationKind.Functional, 2023, "code,name\n201,一般公共服务支出\n20101,人大事务\n2010101,行政运行\n2010102,旧科目\n").Value;
        var y2024 = CatalogImport.ParseCsv(ClassificationKind.Functional, 2024, "code,name\n201,一般公共服务支出\n20101,人大事务\n2010101,行政运行\n2010103,新科目甲\n2010104,新科目乙\n").Value;

        var mapping = CodeMapping.Parse("from_code,to_code\n2010102,2010103\n2010102,2010104\n", y2023, y2024).Value;

        mapping.Forward("2010102").Should().Equal("2010103", "2010104");
        mapping.Forward("2010101").Should().Equal(["2010101"], "an unmapped code maps to itself");
        mapping.Backward("2010104").Should().Equal("2010102");

        var bad = CodeMapping.Parse("from_code,to_code\n2010199,2010103\n2010102,2019999\n", y2023, y2024);
        bad.Errors.Select(e => (e.Target, e.Code)).Should().Equal(("第 2 行", "mapping.from_unknown"), ("第 3 行", "mapping.to_unknown"));
        bad.Errors[1].Message.Should().Be("编码 2019999 不在 2024 年支出功能分类科目中");
    }

    [Fact]
    public void A_newer_catalogue_replaces_the_one_in_use_without_touching_other_kinds()
    {
        var economic = CatalogImport.ParseCsv(ClassificationKind.Economic, 2023, "code,name\n301,工资福利支出\n").Value;
        var catalogs = new ClassificationCatalogs([Functional("code,name\n208,社会保障和就业支出\n"), economic]);

        catalogs.Replace([new ClassificationCatalog(ClassificationKind.Functional, 2023, new Dictionary<string, string> { ["208"] = "社会保障和就业支出", ["20805"] = "养老" }) { Version = 2 }]);

        catalogs.Find(ClassificationKind.Functional, 2023)!.Version.Should().Be(2);
        catalogs.Find(ClassificationKind.Functional, 2023)!.Contains("20805").Should().BeTrue();
        catalogs.Find(ClassificationKind.Economic, 2023).Should().BeSameAs(economic);
    }
}
