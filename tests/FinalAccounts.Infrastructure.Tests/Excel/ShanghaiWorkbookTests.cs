using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Infrastructure.Excel;
using FinalAccounts.Infrastructure.Templates;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Infrastructure.Tests.Excel;

/// <summary>
/// The workbook of a shanghai-2024 report follows its layout — sheets named by the tables' short names, no 表号 and
/// no 部门/年度 text, codes split over 类|款|项, 合计 last on 表5, the 三公 row without a stub, the note under an empty
/// table — and reads back to the same cells.
/// </summary>
public class ShanghaiWorkbookTests
{
    private static readonly ReferenceData Reference = ReferenceDataLoader.Load(null);
    private static readonly TemplateSet Set = Reference.Templates.Find("shanghai-2024")!;

    private static readonly ReportCell[] Cells =
    [
        new("01", "一般公共预算财政拨款收入", 1, 100m), new("01", "本年收入合计", 1, 100m), new("01", "201", 2, 100m),
        new("05", "合计", 1, 100m), new("05", "201", 1, 100m), new("05", "20106", 1, 100m), new("05", "2010601", 1, 100m), new("05", "2010601", 2, 100m),
        new("06", "30101", 1, 60m), new("06", "301", 1, 60m), new("06", "人员经费合计", 1, 60m),
        new("07", "三公经费", 11, 2m), new("07", "三公经费", 12, 1.2m), new("07", "三公经费", 3, 0m),
    ];

    [Fact]
    public void A_shanghai_workbook_is_laid_out_as_printed_and_reads_back()
    {
        using var output = new MemoryStream();
        ReportWorkbookWriter.Write(output, Set, new WorkbookSubject(Set.Id, Set.Version, "pt-czj", "上海市普陀区财政局", 2024, 1, 1, "草稿")
        {
            TableNotes = new Dictionary<string, string> { ["09"] = "注：本局无国有资本经营预算财政拨款支出，故本表无数据。" },
        }, Cells, t => Reference.Catalogs.ForTable(Set, t), null);
        var bytes = output.ToArray();

        var read = ReportWorkbookReader.Read(bytes, Set, t => Reference.Catalogs.ForTable(Set, t), UploadLimits.Default, "pt-czj", 2024);
        read.Errors.Should().BeEmpty();
        read.Value.Tables.SelectMany(t => t.Value).Should().BeEquivalentTo(Cells);

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var names = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!).ToList();
        names.Should().StartWith(Set.Tables.Select(t => t.Title)).And.NotContain(n => n.StartsWith("公开", StringComparison.Ordinal));
        var t05 = Texts(document, "一般公共预算财政拨款支出决算表");
        t05.Should().NotContain(x => x.Contains("公开") || x.Contains("部门：") || x.Contains("栏次") || x.Contains("2024年度"));
        var rows05 = Rows(document, "一般公共预算财政拨款支出决算表");
        rows05.Should().Contain(r => r.Take(4).SequenceEqual(new[] { "201", "06", "01", "行政运行" }));
        rows05[^2].Should().Equal(["合计", "100.00"], "合计 is the last body row of 表5, above its footnote");
        Rows(document, "一般公共预算财政拨款基本支出决算表").Should().Contain(r => r.Take(3).SequenceEqual(new[] { "301", "01", "基本工资" }));
        Texts(document, "国有资本经营预算财政拨款收入支出决算表").Should().Contain("注：本局无国有资本经营预算财政拨款支出，故本表无数据。");
        Texts(document, "政府性基金预算财政拨款收入支出决算表").Should().Contain("说明：上海市普陀区财政局本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。");
    }

    private static List<string> Texts(SpreadsheetDocument document, string sheet) => Rows(document, sheet).SelectMany(r => r).ToList();

    /// <summary>Each row's non-empty cell texts, left to right (shared strings resolved).</summary>
    private static List<List<string>> Rows(SpreadsheetDocument document, string sheet)
    {
        var workbook = document.WorkbookPart!;
        var id = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheet).Id!.Value!;
        var strings = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        return ((WorksheetPart)workbook.GetPartById(id)).Worksheet.Descendants<Row>()
            .Select(r => r.Elements<Cell>().Select(c => c.DataType?.Value == CellValues.SharedString ? strings[int.Parse(c.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)] : c.InlineString?.InnerText ?? c.CellValue?.Text ?? "")
                .Where(t => t.Length > 0).ToList())
            .ToList();
    }
}
