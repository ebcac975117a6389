using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Regions;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests;

/// <summary>The region tree (ADR 0023): the shipped file, tree navigation, and the checks an add or rename must pass.</summary>
public sealed class RegionTreeTests
{
    private static readonly RegionTree Shipped =
        RegionFile.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "regions", "regions.csv")), "regions.csv").Value;

    [Fact]
    public void The_shipped_tree_has_jiangxi_its_eleven_cities_the_demo_departments_regions_and_shanghais_sixteen_districts()
    {
        Shipped.Find("360000")!.Name.Should().Be("江西省");
        Shipped.Children("360000").Should().HaveCount(11).And.OnlyContain(r => r.Level == RegionLevel.City && r.FullName.StartsWith("江西省"));
        Shipped.FindByFullName("江西省景德镇市")!.Code.Should().Be("360200");
        Shipped.FindByFullName("江西省南昌市")!.Code.Should().Be("360100");
        Shipped.FindByFullName("江西省景德镇市浮梁县")!.Level.Should().Be(RegionLevel.County);
        Shipped.Children("360100").Should().Contain(r => r.FullName == "江西省南昌市东湖区");
        Shipped.Children("310000").Should().HaveCount(16).And.OnlyContain(r => r.Level == RegionLevel.County);
        Shipped.FindByFullName("上海市普陀区")!.Code.Should().Be("310107");
        Shipped.All.Where(r => !r.Synthetic).Should().OnlyContain(r => !r.Code.StartsWith("99"));
    }

    [Fact]
    public void The_synthetic_demo_province_holds_exactly_the_paths_the_generated_departments_use_and_is_flagged()
    {
        foreach (var path in new[] { "演示省", "演示省东湖市", "演示省西山市", "演示省东湖市南岸县", "演示省西山市北坡县" })
        {
            Shipped.FindByFullName(path).Should().NotBeNull(path).And.Match<Region>(r => r.Synthetic);
        }

        Shipped.Find("990101")!.ParentCode.Should().Be("990100");
        Shipped.Find("990201")!.ParentCode.Should().Be("990200");
        Shipped.Roots.Where(r => r.Synthetic).Select(r => r.Code).Should().Equal("990000");
    }

    [Fact]
    public void Ancestors_path_and_descendants_follow_the_tree()
    {
        Shipped.Ancestors("360222").Select(r => r.Name).Should().Equal("江西省", "景德镇市");
        Shipped.Path("360222").Select(r => r.Code).Should().Equal("360000", "360200", "360222");
        Shipped.Path("310101").Select(r => r.Name).Should().Equal("上海市", "黄浦区");
        Shipped.Ancestors("360000").Should().BeEmpty();
        Shipped.Descendants("360200").Select(r => r.Code).Should().Equal("360202", "360203", "360222", "360281");
        Shipped.Descendants("360000").Should().HaveCount(11 + 9 + 4);
        RegionTree.Covers(Shipped.Find("360200")!, "江西省景德镇市浮梁县").Should().BeTrue();
        RegionTree.Covers(Shipped.Find("360100")!, "江西省景德镇市").Should().BeFalse();
        Shipped.Find("123456").Should().BeNull();
        Shipped.Path("123456").Should().BeEmpty();
    }

    [Theory]
    [InlineData("36020", "region.bad_code", ErrorKind.Validation)]
    [InlineData("36a200", "region.bad_code", ErrorKind.Validation)]
    [InlineData("000000", "region.bad_code", ErrorKind.Validation)]
    public void A_code_that_is_not_six_digits_is_refused(string code, string error, ErrorKind kind)
    {
        var result = Shipped.Plan(code, "某地", null, null, false);
        result.Errors.Should().ContainSingle().Which.Should().Match<DomainError>(e => e.Code == error && e.Kind == kind && e.Message.Contains("6 位数字"));
    }

    [Fact]
    public void A_level_that_does_not_fit_the_code_or_a_parent_the_code_cannot_have_is_a_validation_error()
    {
        var level = Shipped.Plan("360300", "萍乡市", "县", null, false);
        level.Errors.Should().ContainSingle().Which.Should().Match<DomainError>(e => e.Code == "region.level_mismatch" && e.Kind == ErrorKind.Validation && e.Message.Contains("市级"));
        Shipped.Plan("360225", "新县", null, "360100", false).Errors.Should().ContainSingle(e => e.Code == "region.level_mismatch" && e.Message.Contains("360200"));
        Shipped.Plan("980000", "某省", null, "360000", false).Errors.Should().ContainSingle(e => e.Code == "region.level_mismatch");
        Shipped.Plan("360300", "萍乡市", "乡", null, false).Errors.Should().ContainSingle(e => e.Code == "region.bad_level");
    }

    [Fact]
    public void A_missing_parent_is_not_found_and_a_same_named_sibling_or_a_move_is_a_conflict()
    {
        var orphan = Shipped.Plan("330102", "上城区", null, null, false);
        orphan.Errors.Should().ContainSingle().Which.Should().Match<DomainError>(e => e.Code == "region.parent_not_found" && e.Kind == ErrorKind.NotFound && e.Message.Contains("330100"));
        Shipped.Plan("339900", "杭州市", null, null, false).IsSuccess.Should().BeTrue("浙江省 is in the tree");
        Shipped.Plan("360199", "东湖区", null, "360100", false).Errors.Should().ContainSingle()
            .Which.Should().Match<DomainError>(e => e.Code == "region.name_conflict" && e.Kind == ErrorKind.Conflict);
        Shipped.Plan("360202", "昌江区", null, "360000", false).Errors.Should().ContainSingle()
            .Which.Should().Match<DomainError>(e => e.Kind == ErrorKind.Conflict && e.Message.Contains("只能改名"));
    }

    [Fact]
    public void An_add_derives_level_parent_and_path_and_a_child_of_a_synthetic_region_is_synthetic()
    {
        var county = Shipped.Plan("360223", "测试县", "县", null, false).Value;
        county.Added!.Should().Match<Region>(r => r.ParentCode == "360200" && r.FullName == "江西省景德镇市测试县" && r.Level == RegionLevel.County && !r.Synthetic);
        var district = Shipped.Plan("310199", "测试区", null, "310000", false).Value.Added!;
        district.ParentCode.Should().Be("310000", "a 直辖市 district hangs under the city itself");
        district.FullName.Should().Be("上海市测试区");
        Shipped.Plan("990102", "演示乡", null, null, false).Value.Added!.Synthetic.Should().BeTrue();
    }

    [Fact]
    public void A_rename_carries_the_new_path_to_every_region_below_and_to_department_regions()
    {
        var change = Shipped.Plan("360200", "瓷都市", null, null, false).Value;
        change.Added.Should().BeNull();
        change.Renamed.Select(r => (r.Region.Code, r.FullName)).Should().Equal(
            ("360200", "江西省瓷都市"), ("360202", "江西省瓷都市昌江区"), ("360203", "江西省瓷都市珠山区"), ("360222", "江西省瓷都市浮梁县"), ("360281", "江西省瓷都市乐平市"));
        change.Moved("江西省景德镇市浮梁县").Should().Be("江西省瓷都市浮梁县");
        change.Moved("江西省南昌市").Should().Be("江西省南昌市");
        Shipped.Plan("360200", "景德镇市", null, null, false).Value.Renamed.Should().BeEmpty("the same name changes nothing");
    }

    [Fact]
    public void A_bad_data_file_names_each_bad_line()
    {
        var result = RegionFile.Parse("code,name,parent,synthetic\n360000,江西省,,\n360300,萍乡市,,\n360321,莲花县,360399,\n360000,江西省,,\n3603,坏,,\n", "t.csv");
        result.Errors.Select(e => e.Message).Should().Equal(
            "t.csv 第 4 行：上级 360399 与区划代码 360321 不符：上级应为 360300 或 360000",
            "t.csv 第 5 行：区划代码 360000 重复",
            "t.csv 第 6 行：区划代码“3603”无效：应为 6 位数字的行政区划代码（如 360200）");
        RegionFile.Parse("code,name\n", "t.csv").Errors.Should().ContainSingle(e => e.Message.Contains("表头"));
    }
}
