using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Infrastructure.Tests.Reconciliation;

/// <summary>The S rules: bad structure is reported as findings with the cell; nothing crashes.</summary>
public class StructureRuleTests
{
    [Fact]
    public void A_missing_table_is_an_error_but_an_empty_optional_table_is_not()
    {
        var result = DemoReport.Reconcile(DemoReport.Cells().Where(c => c.TableNo is not ("05" or "07")).ToList());

        result.Find("S-01")!.Checks.Should().ContainSingle(c => c.Status == CheckStatus.Fail && c.Message!.Contains("公开05表"));
        result.BlocksSubmission.Should().BeTrue();
    }

    [Fact]
    public void A_coded_row_without_its_parent_and_an_unknown_or_malformed_code_are_named()
    {
        var cells = DemoReport.Cells();
        cells.Add(new ReportCell("03", "2019999", 1, 1.00m));
        cells.Add(new ReportCell("05", "2010", 1, 1.00m));

        var checks = DemoReport.Reconcile(cells).Find("S-04")!.Checks.Where(c => c.Status == CheckStatus.Fail).ToList();

        checks.Should().Contain(c => c.Message!.Contains("缺少上级科目 20199") && c.Cells.Single().Row == "2019999");
        checks.Should().Contain(c => c.Message!.Contains("2019999") && c.Message.Contains("不在 2023 年支出功能分类科目中"));
        checks.Should().Contain(c => c.Message!.Contains("“2010”格式不正确") && c.Cells.Single().Table == "05");
    }

    [Fact]
    public void An_unknown_code_entered_with_its_printed_name_is_a_warning_naming_the_cell_not_an_s04_error()
    {
        var cells = DemoReport.Cells();
        cells.Add(new ReportCell("05", "2080501", 1, 1.00m));
        var facts = DemoReport.Facts() with { PrintedNames = new Dictionary<(string, string), string> { [("05", "2080501")] = "行政单位离退休" } };

        var result = DemoReport.Reconcile(cells, facts);

        result.Find("S-04")!.Checks.Where(c => c.Status == CheckStatus.Fail).Should().NotContain(c => c.Message!.Contains("2080501") && c.Message.Contains("不在"));
        var flagged = result.Find("S-10")!;
        flagged.Rule.Severity.Should().Be(RuleSeverity.Warning);
        flagged.Checks.Should().ContainSingle(c => c.Status == CheckStatus.Fail).Which.Should().Match<CheckResult>(c =>
            c.Message!.Contains("公开05表[2080501,1]") && c.Message.Contains("行政单位离退休") && c.Cells.Single().Row == "2080501" && c.Cells.Single().Table == "05");
        DemoReport.Reconcile(cells).Find("S-04")!.Checks.Should().Contain(c => c.Status == CheckStatus.Fail && c.Message!.Contains("2080501") && c.Message.Contains("不在"),
            "without a printed name the unknown code is still an S-04 error");
        DemoReport.Reconcile().Find("S-10")!.Status.Should().Be(CheckStatus.Pass);
    }

    [Fact]
    public void A_six_digit_economic_code_is_reported_with_its_cell()
    {
        var cells = DemoReport.With("06", "310111", 1, 2.00m);

        var checks = DemoReport.Reconcile(cells).Find("S-05")!.Checks.Where(c => c.Status == CheckStatus.Fail).ToList();

        checks.Should().Contain(c => c.Cells.Any(x => x.Table == "06" && x.Row == "310111") && c.Message!.Contains("不是本表的经济分类科目"));
    }

    [Theory]
    [InlineData("09", "7", 1, "S-07", "“——”")]
    [InlineData("09", "10", 3, "S-07", "“——”")]
    [InlineData("01", "9", 1, "S-06", "空行")]
    [InlineData("04", "62", 2, "S-06", "空行")]
    public void A_value_in_a_dash_or_filler_cell_is_an_error_naming_the_cell(string table, string row, int column, string rule, string text)
    {
        var result = DemoReport.Reconcile(DemoReport.With(table, row, column, 1.00m));

        result.Find(rule)!.Checks.Should().ContainSingle(c => c.Status == CheckStatus.Fail && c.Message!.Contains(text)
            && c.Cells.Single() == new CellRef(table, row, column, 1.00m));
    }

    [Fact]
    public void More_than_two_decimals_or_a_fractional_count_is_flagged()
    {
        var cells = DemoReport.With("01", "8", 1, 8.175m);
        cells.RemoveAll(c => c.TableNo == "09" && c.RowKey == "15");
        cells.Add(new ReportCell("09", "15", 3, 6.5m));

        var checks = DemoReport.Reconcile(cells).Find("S-08")!.Checks.Where(c => c.Status == CheckStatus.Fail).ToList();

        checks.Select(c => c.Cells.Single().Row).Should().BeEquivalentTo("8", "15");
    }

    [Fact]
    public void Header_name_and_year_must_match_the_department()
    {
        var strange = DemoReport.Reconcile(facts: DemoReport.Facts(nameInHeaders: "某某局"));
        var exact = DemoReport.Reconcile(facts: DemoReport.Facts(nameInHeaders: "景德镇市政务服务数据管理局"));

        strange.Find("S-02")!.Status.Should().Be(CheckStatus.Fail);
        strange.Find("S-09")!.Checks.Single().Message.Should().Contain("某某局");
        exact.Find("S-02")!.Status.Should().Be(CheckStatus.Pass);
        exact.Find("S-09")!.Status.Should().Be(CheckStatus.Pass);
    }

    [Fact]
    public void Units_follow_the_value_kinds_of_the_template() =>
        DemoReport.Reconcile().Find("S-03")!.Status.Should().Be(CheckStatus.Pass);
}
