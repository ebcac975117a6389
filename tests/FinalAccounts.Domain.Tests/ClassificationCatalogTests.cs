using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Templates;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests;

public class ClassificationCatalogTests
{
    [Fact]
    public void Parses_code_name_csv_with_bom()
    {
        var result = ClassificationCatalog.ParseCsv(ClassificationKind.Economic, 2023, "\uFEFFcode,name\r\n301,工资福利支出\r\n30101,基本工资\r\n", "e.csv");

        result.Value.NameOf("30101").Should().Be("基本工资");
        result.Value.Count.Should().Be(2);
    }

    [Fact]
    public void Reports_each_bad_line_by_number()
    {
        var result = ClassificationCatalog.ParseCsv(ClassificationKind.Economic, 2023, "code,name\n301,工资福利支出\n310111,地上附着物和青苗补偿\n301,重复\n", "e.csv");

        result.Errors.Select(e => e.Message).Should().Equal(
            "第 3 行“310111,地上附着物和青苗补偿”不是有效的科目（编码位数或名称有误）",
            "第 4 行科目编码 301 重复");
    }

    [Theory]
    [InlineData("2010301", "20103")]
    [InlineData("20103", "201")]
    [InlineData("201", null)]
    public void Parent_is_the_code_prefix_of_the_level_above(string code, string? parent) =>
        ClassificationCode.ParentOf(code, [3, 5, 7]).Should().Be(parent);

    [Fact]
    public void A_later_catalogue_of_the_same_kind_and_year_replaces_the_shipped_one()
    {
        var shipped = ClassificationCatalog.ParseCsv(ClassificationKind.Functional, 2023, "code,name\n201,一般公共服务支出\n", "shipped.csv").Value;
        var full = ClassificationCatalog.ParseCsv(ClassificationKind.Functional, 2023, "code,name\n201,一般公共服务支出\n213,农林水支出\n", "operator.csv").Value;
        var economic = ClassificationCatalog.ParseCsv(ClassificationKind.Economic, 2023, "code,name\n301,工资福利支出\n", "e.csv").Value;

        var catalogs = new ClassificationCatalogs([shipped, economic, full]);

        catalogs.Find(ClassificationKind.Functional, 2023)!.Contains("213").Should().BeTrue();
        catalogs.Find(ClassificationKind.Economic, 2023)!.Count.Should().Be(1);
        catalogs.All.Should().HaveCount(2);
    }
}
