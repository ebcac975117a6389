using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FinalAccounts.Infrastructure.Catalogs;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Infrastructure.Tests.Excel;

/// <summary>The ministry's catalogue workbook: header found below a title, lines numbered as Excel rows, bad files named.</summary>
public class CatalogWorkbookReaderTests
{
    [Fact]
    public void Lines_are_read_under_the_header_with_their_excel_row_numbers_and_numeric_codes_as_text()
    {
        var bytes = Workbook(
            [["2024年政府收支分类科目"], [], ["科目编码", "科目名称", "说明"], [208m, "社会保障和就业支出"], ["20805", "行政事业单位养老支出"], [], ["208 05 01", "行政单位离退休"]]);

        var lines = CatalogWorkbookReader.Read(bytes).Value;

        lines.Select(l => (l.Line, l.Code, l.Name)).Should().Equal((4, "208", "社会保障和就业支出"), (5, "20805", "行政事业单位养老支出"), (7, "2080501", "行政单位离退休"));
    }

    [Fact]
    public void A_workbook_without_the_header_and_a_file_that_is_no_workbook_are_refused_in_chinese()
    {
        CatalogWorkbookReader.Read(Workbook([["编号", "内容"], ["208", "社会保障和就业支出"]])).Errors.Should().ContainSingle()
            .Which.Message.Should().Contain("科目编码").And.Contain("科目名称");
        CatalogWorkbookReader.Read("PK\u0003\u0004 not a zip"u8.ToArray()).Errors.Should().ContainSingle()
            .Which.Code.Should().StartWith("catalog.");
    }

    private static byte[] Workbook(IReadOnlyList<object[]> rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var part = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            for (var r = 0; r < rows.Count; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    var reference = $"{(char)('A' + c)}{r + 1}";
                    row.Append(rows[r][c] is decimal number
                        ? new Cell { CellReference = reference, CellValue = new CellValue(number) }
                        : new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text((string)rows[r][c])) });
                }

                data.Append(row);
            }

            part.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = 1, Name = "功能分类" }));
        }

        return stream.ToArray();
    }
}
