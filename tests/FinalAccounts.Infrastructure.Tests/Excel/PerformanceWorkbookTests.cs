using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FinalAccounts.Domain.Performance;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Infrastructure.Excel;
using FinalAccounts.Infrastructure.Seeding;
using FinalAccounts.Infrastructure.Templates;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Infrastructure.Tests.Excel;

/// <summary>The 绩效 sheets of the report workbook: the demo's 绩效 goes out and comes back the same; a bad cell is named and nothing is read.</summary>
public class PerformanceWorkbookTests
{
    private static readonly ReferenceData Reference = ReferenceDataLoader.Load(null);
    private static readonly TemplateSet Set = Reference.Templates.Find("jiangxi-2023")!;

    private static PerformanceDocument Demo()
    {
        var report = DemoDataSeeder.ReadDemoData().SelectMany(d => d.Reports).First(r => r.Performance is { ValueKind: JsonValueKind.Object });
        return PerformanceDocumentReader.Read(report.Performance!.Value, "demo").Value;
    }

    private static byte[] Export(PerformanceDocument document)
    {
        using var output = new MemoryStream();
        ReportWorkbookWriter.Write(output, Set, new WorkbookSubject(Set.Id, Set.Version, "jdz-zwsjglj", "景德镇市政务服务数据管理局", 2023, 1, 1, "草稿"),
            [], t => Reference.Catalogs.ForTable(Set, t), null, performance: document);
        return output.ToArray();
    }

    private static FinalAccounts.Domain.Common.Result<ImportedWorkbook> Import(byte[] bytes) =>
        ReportWorkbookReader.Read(bytes, Set, t => Reference.Catalogs.ForTable(Set, t), UploadLimits.Default, "jdz-zwsjglj", 2023);

    [Fact]
    public void The_demo_performance_round_trips_through_its_sheets()
    {
        var demo = Demo();

        var bytes = Export(demo);
        using (var opened = SpreadsheetDocument.Open(new MemoryStream(bytes), false))
        {
            opened.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).Should()
                .Contain([PerformanceWorkbook.DepartmentSheet, PerformanceWorkbook.ProjectSheet(0), PerformanceWorkbook.ProjectSheet(demo.Projects.Count - 1), PerformanceWorkbook.EvaluationSheet, PerformanceWorkbook.FeedbackSheet]);
        }

        var read = Import(bytes);

        read.IsSuccess.Should().BeTrue(string.Join("；", read.Errors));
        var imported = read.Value.Performance!;
        imported.Department!.Indicators.Should().HaveCount(demo.Department!.Indicators.Count);
        imported.Department.Funds!.Total.FullYearBudget.Should().Be(3935.011m);
        PerformanceDocumentWriter.Write(PerformanceWorkbook.Merge(imported, demo)).Should().Be(PerformanceDocumentWriter.Write(demo));
    }

    [Fact]
    public void A_workbook_without_performance_sheets_leaves_the_performance_alone()
    {
        var read = Import(Export(PerformanceDocument.Empty));

        read.IsSuccess.Should().BeTrue(string.Join("；", read.Errors));
        read.Value.Performance.Should().BeNull();
    }

    [Fact]
    public void Bad_cells_are_named_by_sheet_and_cell_and_nothing_is_read()
    {
        var bytes = Export(Demo());
        string? scoreCell = null;
        using (var stream = new MemoryStream())
        {
            stream.Write(bytes);
            using (var document = SpreadsheetDocument.Open(stream, true))
            {
                var workbook = document.WorkbookPart!;
                WorksheetPart Part(string name) => (WorksheetPart)workbook.GetPartById(workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name).Id!);
                // The first indicator's 得分 (column G, below the 绩效指标 header) becomes text; a 部门评价 level is misspelt.
                var rows = Part(PerformanceWorkbook.DepartmentSheet).Worksheet.Descendants<Row>().ToList();
                var header = rows.First(r => r.Elements<Cell>().Any(c => c.InnerText == "绩效指标"));
                var first = rows.First(r => r.RowIndex! > header.RowIndex! + 1);
                var score = first.Elements<Cell>().Single(c => c.CellReference!.Value!.StartsWith('G'));
                scoreCell = score.CellReference!.Value;
                score.DataType = CellValues.InlineString;
                score.CellValue = null;
                score.InlineString = new InlineString(new Text("九十"));
                var level = Part(PerformanceWorkbook.EvaluationSheet).Worksheet.Descendants<Cell>().First(c => c.CellReference == "B3");
                level.InlineString = new InlineString(new Text("第一级"));
            }

            bytes = stream.ToArray();
        }

        var read = Import(bytes);

        read.IsSuccess.Should().BeFalse();
        read.Errors.Select(e => e.ToString()).Should().Contain($"{PerformanceWorkbook.DepartmentSheet}!{scoreCell}：“九十”不是数字")
            .And.Contain(e => e.StartsWith("部门评价!B3：", StringComparison.Ordinal) && e.Contains("第一级", StringComparison.Ordinal));
    }
}
