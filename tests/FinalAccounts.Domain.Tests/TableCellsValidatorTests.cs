using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests;

public class TableCellsValidatorTests
{
    private static readonly TemplateSet Set = TemplateSetParser.Parse(TemplateSamples.TwoTables, "t").Value;

    private static readonly ClassificationCatalog Catalog = ClassificationCatalog.ParseCsv(
        ClassificationKind.Functional, 2024, "code,name\n201,一般公共服务支出\n20103,政府办公厅（室）及相关机构事务\n2010301,行政运行\n", "t").Value;

    [Fact]
    public void Valid_cells_become_report_cells_and_blanks_are_left_out()
    {
        var result = TableCellsValidator.Validate(Set.FindTable("01")!, null,
        [
            new CellInput("1", 1, "12.30"),
            new CellInput("3", 1, ""),
            new CellInput("4", 1, "6"),
        ]);

        result.Errors.Should().BeEmpty();
        result.Value.Select(c => (c.RowKey, c.Column, c.Value)).Should().Equal(("1", 1, 12.30m), ("4", 1, 6m));
    }

    [Theory]
    [InlineData("9", 1, "1.00", "cell.unknown_row")]
    [InlineData("1", 2, "1.00", "cell.unknown_column")]
    [InlineData("2", 1, "1.00", "cell.filler_row")]
    [InlineData("5", 1, "1.00", "cell.not_applicable")]
    [InlineData("4", 1, "1.50", "cell.not_integer")]
    [InlineData("3", 1, "十二", "cell.not_a_number")]
    public void Fixed_table_errors_name_the_cell(string row, int col, string value, string code)
    {
        var result = TableCellsValidator.Validate(Set.FindTable("01")!, null, [new CellInput("1", 1, "1.00"), new CellInput(row, col, value)]);

        result.IsSuccess.Should().BeFalse();
        result.Errors.Should().ContainSingle(e => e.Code == code && e.Target == $"公开01表[{row},{col}]");
    }

    [Theory]
    [InlineData("20103x", "cell.bad_code")]
    [InlineData("2010", "cell.bad_code")]
    [InlineData("2010399", "cell.unknown_code")]
    public void Coded_table_rejects_malformed_and_unknown_codes(string code, string errorCode)
    {
        var result = TableCellsValidator.Validate(Set.FindTable("02")!, Catalog, [new CellInput(code, 1, "1.00")]);

        result.Errors.Should().ContainSingle(e => e.Code == errorCode && e.Target == $"公开02表[{code},1]");
    }

    [Fact]
    public void An_unknown_code_with_its_printed_name_is_accepted_and_without_one_refused()
    {
        var table = Set.FindTable("02")!;
        var cells = new[] { new CellInput("2010399", 1, "1.00") };

        TableCellsValidator.Validate(table, Catalog, cells, new Dictionary<string, string> { ["2010399"] = "其他政府办公厅（室）及相关机构事务支出" })
            .Value.Should().ContainSingle(c => c.RowKey == "2010399" && c.Value == 1.00m);
        TableCellsValidator.Validate(table, Catalog, cells, new Dictionary<string, string> { ["2010398"] = "别的科目" })
            .Errors.Should().ContainSingle(e => e.Code == "cell.unknown_code" && e.Message.Contains("印制的科目名称"));
    }

    [Fact]
    public void Duplicate_cell_is_rejected()
    {
        var result = TableCellsValidator.Validate(Set.FindTable("02")!, Catalog, [new CellInput("201", 1, "1.00"), new CellInput("201", 1, "2.00")]);

        result.Errors.Should().ContainSingle(e => e.Code == "cell.duplicate");
    }
}
