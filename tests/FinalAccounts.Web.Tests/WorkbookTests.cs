using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Infrastructure.Excel;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>Excel export in the official layout, the blank workbook, and import: preview, atomic apply, and every bad input refused.</summary>
public sealed class WorkbookTests(SharedSqlitePortal fixture) : IClassFixture<SharedSqlitePortal>
{
    private const string Demo = "/reports/jdz-zwsjglj/2023";

    [Fact]
    public async Task The_exported_workbook_holds_every_published_number_in_the_official_layout()
    {
        using var client = fixture.Portal.CreateClient();
        var response = await client.GetAsync(Demo + "/export.xlsx");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(WorkbookService.ContentType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        ArtefactFiles.Save("demo-report.xlsx", bytes);
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var workbook = document.WorkbookPart!;
        var names = workbook.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).ToList();
        names.Should().StartWith(["公开01表", "公开02表", "公开03表"]).And.Contain("勾稽校验");

        foreach (var table in GoldenReport.Cells.GroupBy(c => c.TableNo))
        {
            var sheet = SheetByName(workbook, $"公开{table.Key}表");
            var rows = sheet.Descendants<Row>().ToList();
            foreach (var cell in table)
            {
                // Independent of the importer: the row is the one whose stub shows the row key (行次 or code) or label.
                var candidates = rows.Where(r => r.Elements<Cell>().Any(c => Text(workbook, c).Replace(" ", "") == cell.Row)).ToList();
                candidates = candidates.Count > 0 ? candidates : rows; // footer totals are labelled differently from their keys
                candidates.SelectMany(r => r.Elements<Cell>())
                    .Where(c => c.DataType is null || c.DataType.Value == CellValues.Number)
                    .Select(c => decimal.Parse(c.CellValue?.Text ?? "-1", System.Globalization.CultureInfo.InvariantCulture))
                    .Should().Contain(decimal.Parse(cell.Value, System.Globalization.CultureInfo.InvariantCulture), $"公开{cell.TableNo}表 {cell.Row} 栏{cell.Col} = {cell.Value}");
            }
        }

        var t03 = SheetByName(workbook, "公开03表");
        Text(workbook, CellAt(t03, "A1")).Should().Be("支出决算表");
        Text(workbook, CellAt(t03, "A2")).Should().Be("公开03表");
        Text(workbook, CellAt(t03, "A3")).Should().StartWith("部门：");
        t03.Descendants<MergeCell>().Select(m => m.Reference!.Value).Should().Contain("A1:J1").And.Contain("A4:D4", "项 目 spans the three code columns and the name");
        var pane = t03.Descendants<Pane>().Single();
        pane.State!.Value.Should().Be(PaneStateValues.Frozen);
        pane.VerticalSplit!.Value.Should().Be(7, "title, 表号, the 部门 line and four header rows stay in view");
        var setup = t03.Descendants<PageSetup>().Single();
        setup.PaperSize!.Value.Should().Be(9u);
        setup.FitToWidth!.Value.Should().Be(1u);
        workbook.WorkbookStylesPart!.Stylesheet.NumberingFormats!.Elements<NumberingFormat>().Select(f => f.FormatCode!.Value).Should().Contain("#,##0.00");
        var t09 = SheetByName(workbook, "公开09表");
        t09.Descendants<Cell>().Select(c => Text(workbook, c)).Should().Contain("——", "not-applicable cells are printed as ——");
    }

    [Fact]
    public async Task Export_then_import_gives_back_identical_cells()
    {
        using var client = fixture.Portal.CreateClient();
        var bytes = await client.GetByteArrayAsync(Demo + "/export.xlsx");
        var services = fixture.Portal.Services;
        var set = services.GetRequiredService<TemplateSetRegistry>().Find("jiangxi-2023")!;
        var report = await client.GetFromJsonAsync<JsonElement>("/api" + Demo);

        var read = services.GetRequiredService<WorkbookService>().Read(bytes, set, "jdz-zwsjglj", 2023);

        read.IsSuccess.Should().BeTrue(string.Join("；", read.Errors));
        var imported = read.Value.Tables.Values.SelectMany(t => t).Select(c => (c.TableNo, c.RowKey, c.Column, c.Value)).ToHashSet();
        var published = report.GetProperty("tables").EnumerateArray()
            .SelectMany(t => t.GetProperty("cells").EnumerateArray().Select(c => (t.GetProperty("tableNo").GetString()!, c.GetProperty("row").GetString()!, c.GetProperty("col").GetInt32(),
                decimal.Parse(c.GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture))))
            .ToHashSet();
        imported.Should().BeEquivalentTo(published);
        imported.Should().HaveCount(GoldenReport.Cells.Count);
    }

    [Fact]
    public async Task A_blank_workbook_exists_per_template_set_and_imports_as_empty()
    {
        using var client = fixture.Portal.CreateClient();
        var response = await client.GetAsync("/templates/jiangxi-2023/blank.xlsx");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var set = fixture.Portal.Services.GetRequiredService<TemplateSetRegistry>().Find("jiangxi-2023")!;

        var read = fixture.Portal.Services.GetRequiredService<WorkbookService>().Read(bytes, set, "any-department", 2023);

        read.IsSuccess.Should().BeTrue(string.Join("；", read.Errors));
        read.Value.Tables.Should().HaveCount(set.Tables.Count).And.OnlyContain(t => t.Value.Count == 0);
        (await client.GetAsync("/templates/nope/blank.xlsx")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    public static TheoryData<string> BadInputs() =>
    [
        "corrupt", "xls", "csv", "other-template", "other-department", "missing-sheet", "text-in-number", "unevaluated-formula",
        "error-formula", "wrong-table-number", "three-decimals", "unknown-code", "value-in-dash-cell", "moved-row", "zip-bomb", "too-large", "just-over-the-limit",
    ];

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<PortalFactory, Lazy<Task<(Scenario, byte[])>>> Refusals = new();

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task A_bad_workbook_is_refused_with_a_specific_message_and_the_draft_is_unchanged(string kind)
    {
        // Every row is refused and writes nothing (which each one checks), so the rows share one filled report.
        var (s, good) = await Refusals.GetOrAdd(fixture.Portal, portal => new Lazy<Task<(Scenario, byte[])>>(async () =>
        {
            var scenario = await Scenario.CreateAsync(portal);
            await scenario.FillAsync();
            return (scenario, await scenario.As["officer"].GetByteArrayAsync($"/reports/{scenario.Code}/2023/export.xlsx"));
        })).Value;
        var officer = s.As["officer"];
        var before = await officer.GetStringAsync($"{s.Base()}/tables/03");
        var ref03 = FindReference(good, s.Code, "03", "2010301", 1);
        var (bytes, status, expected) = kind switch
        {
            "corrupt" => (good.Take(good.Length / 2).ToArray(), HttpStatusCode.BadRequest, "文件已损坏"),
            "xls" => ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[512]], HttpStatusCode.BadRequest, "Excel 97-2003（.xls）"),
            "csv" => (System.Text.Encoding.UTF8.GetBytes("表号,行,栏,值\n03,2010301,1,5\n"), HttpStatusCode.BadRequest, "文件不是 .xlsx 工作簿"),
            "other-template" => (Workbooks.Edit(good, ReportWorkbookWriter.MetaSheet, "B2", "shanghai-2024", text: true), HttpStatusCode.BadRequest, "这是模板“shanghai-2024”的工作簿"),
            "other-department" => (Workbooks.Edit(good, ReportWorkbookWriter.MetaSheet, "B4", "someone-else", text: true), HttpStatusCode.BadRequest, "不是本部门的决算"),
            "missing-sheet" => (Workbooks.RemoveSheet(good, "公开05表"), HttpStatusCode.BadRequest, "缺少工作表“公开05表”"),
            "text-in-number" => (Workbooks.Edit(good, "公开03表", ref03, "一百", text: true), HttpStatusCode.BadRequest, $"公开03表!{ref03}：“一百”不是数字"),
            "unevaluated-formula" => (Workbooks.Edit(good, "公开03表", ref03, null, formula: "SUM(E9:E10)"), HttpStatusCode.BadRequest, $"公开03表!{ref03}：公式没有计算结果"),
            "error-formula" => (Workbooks.Edit(good, "公开03表", ref03, "#REF!", formula: "1/0", error: true), HttpStatusCode.BadRequest, $"公开03表!{ref03}：公式结果为错误值 #REF!"),
            "wrong-table-number" => (Workbooks.Edit(good, "公开03表", "A2", "公开04表", text: true), HttpStatusCode.BadRequest, "公开03表!A2：表号应为“公开03表”，实为“公开04表”"),
            "three-decimals" => (Workbooks.Edit(good, "公开03表", ref03, "1.234"), HttpStatusCode.BadRequest, $"公开03表!{ref03}：“1.234”超过两位小数"),
            "unknown-code" => (Workbooks.Edit(good, "公开03表", "A" + ref03[1..], "2019999", text: true), HttpStatusCode.BadRequest, "科目编码 2019999 不在"),
            "value-in-dash-cell" => (Workbooks.Edit(good, "公开09表", DashCell(good), "5"), HttpStatusCode.BadRequest, "该单元格为“——”"),
            "moved-row" => (Workbooks.Edit(good, "公开01表", "A7", "一、随便写的收入", text: true), HttpStatusCode.BadRequest, "公开01表!A7：应为“一、一般公共预算财政拨款收入”"),
            "zip-bomb" => (Workbooks.ZipBomb(), HttpStatusCode.BadRequest, "疑似压缩炸弹"),
            "too-large" => (new byte[50 * 1024 * 1024], HttpStatusCode.RequestEntityTooLarge, "超过上限 10 MB"),
            "just-over-the-limit" => (new byte[(10 * 1024 * 1024) + 1], HttpStatusCode.RequestEntityTooLarge, "文件大小 10,485,761 字节（约 10 MB），超过上限 10 MB"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var response = await Upload(officer, $"{s.Base()}/import/preview", bytes);

        response.StatusCode.Should().Be(status);
        var problem = await Scenario.ProblemAsync(response);
        problem.GetProperty("detail").GetString().Should().Contain(expected);
        (await officer.GetStringAsync($"{s.Base()}/tables/03")).Should().Be(before, "nothing is written");
        if (status == HttpStatusCode.BadRequest)
        {
            var apply = await Upload(officer, $"{s.Base()}/import", bytes, JsonDocument.Parse(before).RootElement.GetProperty("version").GetInt32());
            apply.StatusCode.Should().Be(status);
            (await officer.GetStringAsync($"{s.Base()}/tables/03")).Should().Be(before);
        }
    }

    [Fact]
    public async Task A_submitted_report_cannot_be_imported_into()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        await s.SubmitAsync();
        var bytes = await s.As["officer"].GetByteArrayAsync($"/reports/{s.Code}/2023/export.xlsx");

        var response = await Upload(s.As["officer"], $"{s.Base()}/import/preview", bytes);

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await Scenario.ProblemAsync(response)).GetProperty("detail").GetString().Should().Contain("已报送的决算不能导入修改");
    }

    [Fact]
    public async Task Drafts_are_not_exported_to_the_public_or_to_other_departments()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();

        (await s.As["public"].GetAsync($"/reports/{s.Code}/2023/export.xlsx")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await s.As["other-officer"].GetAsync($"/reports/{s.Code}/2023/export.xlsx")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await s.As["reviewer"].GetAsync($"/reports/{s.Code}/2023/export.xlsx")).StatusCode.Should().Be(HttpStatusCode.OK);
        var audit = await s.As["admin"].GetFromJsonAsync<JsonElement>($"/api/audit?department={s.Code}&action=export");
        audit.EnumerateArray().Should().Contain(a => a.GetProperty("user").GetString() == $"reviewer-{s.Suffix}");
    }

    private string FindReference(byte[] workbook, string code, string table, string row, int col) => FindReference(fixture.Portal, workbook, code, table, row, col);

    internal static string FindReference(PortalFactory portal, byte[] workbook, string code, string table, string row, int col)
    {
        var set = portal.Services.GetRequiredService<TemplateSetRegistry>().Find("jiangxi-2023")!;
        var read = portal.Services.GetRequiredService<WorkbookService>().Read(workbook, set, code, 2023);
        read.IsSuccess.Should().BeTrue(string.Join("；", read.Errors));
        return read.Value.References[new CellAddress(table, row, col)].Split('!')[1];
    }

    private static string DashCell(byte[] workbook)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(workbook), false);
        return SheetByName(document.WorkbookPart!, "公开09表").Descendants<Cell>().First(c => Text(document.WorkbookPart!, c) == "——").CellReference!.Value!;
    }

    internal static async Task<string?> ReadCell(HttpClient client, Scenario s, string table, string row, int col)
    {
        var body = await client.GetFromJsonAsync<JsonElement>($"{s.Base()}/tables/{table}");
        return body.GetProperty("cells").EnumerateArray().FirstOrDefault(c => c.GetProperty("row").GetString() == row && c.GetProperty("col").GetInt32() == col) is { ValueKind: JsonValueKind.Object } cell
            ? cell.GetProperty("value").GetString()
            : null;
    }

    internal static async Task<HttpResponseMessage> Upload(HttpClient client, string url, byte[] bytes, int? version = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(WorkbookService.ContentType);
        if (version is { } v)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{v}\""));
        }

        return await client.SendAsync(request);
    }

    internal static Worksheet SheetByName(WorkbookPart workbook, string name)
    {
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        return ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet;
    }

    private static Cell CellAt(Worksheet sheet, string reference) => sheet.Descendants<Cell>().Single(c => c.CellReference == reference);

    private static string Text(WorkbookPart workbook, Cell cell) => cell.DataType?.Value switch
    {
        _ when cell.DataType?.Value == CellValues.InlineString => cell.InlineString?.InnerText ?? "",
        _ when cell.DataType?.Value == CellValues.SharedString => workbook.SharedStringTablePart!.SharedStringTable.ElementAt(int.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)).InnerText,
        _ => cell.CellValue?.Text ?? "",
    };
}

/// <summary>Importing a workbook writes every table in one transaction: on SQLite and on PostgreSQL.</summary>
public abstract class WorkbookImportTests(PortalFixture fixture)
{
    [Fact]
    public async Task An_officer_previews_then_applies_a_filled_workbook_atomically_and_it_is_audited()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var officer = s.As["officer"];
        var original = await officer.GetByteArrayAsync($"/reports/{s.Code}/2023/export.xlsx");
        var edited = Workbooks.Edit(original, "公开03表", WorkbookTests.FindReference(fixture.Portal, original, s.Code, "03", "2010301", 1), "99.99");

        var preview = await WorkbookTests.Upload(officer, $"{s.Base()}/import/preview", edited);
        preview.StatusCode.Should().Be(HttpStatusCode.OK, await preview.Content.ReadAsStringAsync());
        var body = await preview.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("applied").GetBoolean().Should().BeFalse();
        body.GetProperty("changed").GetInt32().Should().Be(1);
        var change = body.GetProperty("changes")[0];
        change.GetProperty("table").GetString().Should().Be("03");
        change.GetProperty("row").GetString().Should().Be("2010301");
        change.GetProperty("new").GetDecimal().Should().Be(99.99m);
        (await WorkbookTests.ReadCell(officer, s, "03", "2010301", 1)).Should().NotBe("99.99", "a preview writes nothing");

        var version = body.GetProperty("version").GetInt32();
        var stale = await WorkbookTests.Upload(officer, $"{s.Base()}/import", edited, version - 1);
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await Scenario.ProblemAsync(stale)).GetProperty("detail").GetString().Should().Contain("预览之后这份决算已被修改");

        var applied = await WorkbookTests.Upload(officer, $"{s.Base()}/import", edited, version);
        applied.StatusCode.Should().Be(HttpStatusCode.OK, await applied.Content.ReadAsStringAsync());
        (await WorkbookTests.ReadCell(officer, s, "03", "2010301", 1)).Should().Be("99.99");
        var audit = await s.As["admin"].GetFromJsonAsync<JsonElement>($"/api/audit?department={s.Code}&action=report.import");
        audit.EnumerateArray().Should().ContainSingle().Which.GetProperty("detail").GetString().Should().Contain("1 个单元格有变化");

        var reviewer = await WorkbookTests.Upload(s.As["reviewer"], $"{s.Base()}/import/preview", edited);
        reviewer.StatusCode.Should().Be(HttpStatusCode.Forbidden, "reviewers do not enter data");
        var other = await WorkbookTests.Upload(s.As["other-officer"], $"{s.Base()}/import/preview", edited);
        other.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

}

public sealed class SqliteWorkbookImportTests(SharedSqlitePortal fixture) : WorkbookImportTests(fixture), IClassFixture<SharedSqlitePortal>;

public sealed class PostgresWorkbookImportTests(SharedPostgresPortal fixture) : WorkbookImportTests(fixture), IClassFixture<SharedPostgresPortal>;

/// <summary>Edits a workbook the way a person in Excel would: change a cell, delete a sheet; or builds hostile files.</summary>
internal static class Workbooks
{
    public static byte[] Edit(byte[] workbook, string sheetName, string reference, string? value, bool text = false, string? formula = null, bool error = false)
    {
        using var stream = new MemoryStream();
        stream.Write(workbook);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            var sheet = WorkbookTests.SheetByName(document.WorkbookPart!, sheetName);
            var cell = sheet.Descendants<Cell>().SingleOrDefault(c => c.CellReference == reference);
            if (cell is null)
            {
                var rowIndex = uint.Parse(new string(reference.Where(char.IsAsciiDigit).ToArray()), System.Globalization.CultureInfo.InvariantCulture);
                var row = sheet.Descendants<Row>().Single(r => r.RowIndex! == rowIndex);
                cell = new Cell { CellReference = reference };
                var after = row.Elements<Cell>().LastOrDefault(c => string.CompareOrdinal(c.CellReference!.Value!.PadLeft(6), reference.PadLeft(6)) < 0);
                if (after is null)
                {
                    row.PrependChild(cell);
                }
                else
                {
                    after.InsertAfterSelf(cell);
                }
            }

            cell.RemoveAllChildren();
            cell.DataType = null;
            if (formula is not null)
            {
                cell.Append(new CellFormula(formula));
            }

            if (text)
            {
                cell.DataType = CellValues.InlineString;
                cell.Append(new InlineString(new Text(value ?? "")));
            }
            else if (value is not null)
            {
                cell.DataType = error ? CellValues.Error : CellValues.Number;
                cell.Append(new CellValue(value));
            }

            sheet.Save();
        }

        return stream.ToArray();
    }

    public static byte[] RemoveSheet(byte[] workbook, string sheetName)
    {
        using var stream = new MemoryStream();
        stream.Write(workbook);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            var part = document.WorkbookPart!;
            var sheet = part.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheetName);
            var worksheet = part.GetPartById(sheet.Id!);
            sheet.Remove();
            part.DeletePart(worksheet);
            foreach (var name in part.Workbook.DefinedNames?.Elements<DefinedName>().Where(d => d.Text.Contains(sheetName, StringComparison.Ordinal)).ToList() ?? [])
            {
                name.Remove();
            }

            part.Workbook.Save();
        }

        return stream.ToArray();
    }

    /// <summary>A small .xlsx-looking zip whose one entry inflates to 200 MB of zeros.</summary>
    public static byte[] ZipBomb()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("[Content_Types].xml").Open().Dispose();
            using var stream = zip.CreateEntry("xl/workbook.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 200; i++)
            {
                stream.Write(zeros);
            }
        }

        return output.ToArray();
    }
}

/// <summary>Files a person may want to look at after a run (workbooks, PDFs, page images): TestResults/artefacts.</summary>
internal static class ArtefactFiles
{
    public static string Directory { get; } = System.IO.Directory.CreateDirectory(
        Environment.GetEnvironmentVariable("FINALACCOUNTS_ARTEFACTS") ?? Path.Combine(AppContext.BaseDirectory, "artefacts")).FullName;

    public static string Save(string name, byte[] bytes)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
