using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using FinalAccounts.Tests.Shared;
using FluentAssertions;
using Microsoft.AspNetCore.Hosting;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// The PDF of the whole 部门决算, read back with pdftotext and rendered to PNG pages (test artefacts), and the auditor
/// pack: every file listed with its SHA-256, byte-identical on every download, its hash shown on the public page.
/// </summary>
public sealed class PdfAndPackTests(SqliteJobsPortal fixture) : IClassFixture<SqliteJobsPortal>
{
    private const string Demo = "/reports/jdz-zwsjglj/2023";

    [Fact]
    public async Task The_pdf_holds_every_number_of_table_01_and_numbered_pages_with_wide_tables_in_landscape()
    {
        using var client = fixture.Portal.CreateClient();
        var response = await client.GetAsync(Demo + "/export.pdf");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        var path = ArtefactFiles.Save("demo-report.pdf", await response.Content.ReadAsByteArrayAsync());
        var text = Run("pdftotext", "-layout", path, "-");
        var pages = int.Parse(System.Text.RegularExpressions.Regex.Match(Run("pdfinfo", path), @"Pages:\s+(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        pages.Should().BeGreaterThan(12, "cover, contents, overview, ten tables, narrative, glossary, appendix");
        foreach (var cell in GoldenReport.Cells.Where(c => c.TableNo == "01"))
        {
            text.Should().Contain(cell.Display, $"公开01表 {cell.Row} 栏{cell.Col}");
        }

        System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(path)).Should().Contain("/Outlines", "parts and tables are bookmarks in PDF viewers");
        text.Should().Contain("第 1 页 / 共 " + pages + " 页").And.Contain($"第 {pages} 页 / 共 {pages} 页");
        text.Should().Contain("收入支出决算总表").And.Contain("第一部分").And.Contain("第二部分").And.Contain("附：勾稽校验").And.Contain("目");
        var pageTexts = text.Split('\f');
        var table02 = Array.FindIndex(pageTexts, p => p.Contains("公开02表", StringComparison.Ordinal) && p.Contains("部门：", StringComparison.Ordinal));
        pageTexts[table02 + 1].Should().NotContain("公开02表").And.Contain("支出功能分类科目编码").And.Contain("本年收入合计",
            "公开02表 runs onto a second page, which starts with its header rows again");
        var sizes = Run("pdfinfo", "-f", "1", "-l", pages.ToString(System.Globalization.CultureInfo.InvariantCulture), path);
        var pageSizes = sizes.Split('\n').Where(l => l.Contains("size:", StringComparison.Ordinal)).ToList();
        pageSizes.Should().Contain(l => l.Contains("594.96 x 841.92", StringComparison.Ordinal), "the text parts are A4 portrait");
        pageSizes.Should().Contain(l => l.Contains("841.92 x 594.96", StringComparison.Ordinal), "wide tables are on A4 landscape pages");

        // 第五部分 绩效: the indicator tree on a landscape page, the project scores with their chart.
        var perfPage = Array.FindIndex(pageTexts, p => p.Contains("部门整体支出绩效自评表", StringComparison.Ordinal) && p.Contains("一级指标", StringComparison.Ordinal));
        perfPage.Should().BeGreaterThan(0, "the 部门整体支出绩效自评表 is printed as a table");
        pageTexts[perfPage].Should().Contain("政务服务事项受理数").And.Contain("≥140万件");
        pageSizes[perfPage].Should().Contain("841.92 x 594.96", "the indicator table is wide and goes on a landscape page");
        text.Should().Contain("项目支出绩效自评得分").And.Contain("79.77").And.Contain("91.92");
        text.Should().NotContain("产出指标 | 数量指标", "the tables replace the 情况说明's pipe-separated copy");

        // 图表: the report's charts as on its page, each with its caption (the visible form of its text alternative) and data table.
        var flat = System.Text.RegularExpressions.Regex.Replace(text, @"\s+", "");
        flat.Should().Contain("以下图表由本决算的表格数据生成");
        foreach (var title in new[] { "收入决算构成", "支出决算按功能分类（类）：基本支出与项目支出", "基本支出：人员经费与公用经费", "“三公”经费：全年预算数与决算数", "财政拨款支出决算按功能分类（类）" })
        {
            flat.Should().Contain($"图：{title}（万元）", "every chart of the report page is in the PDF");
        }

        var chartPage = Array.FindIndex(pageTexts, p => p.Contains("图：收入决算构成", StringComparison.Ordinal));
        chartPage.Should().BeGreaterThan(0);
        System.Text.RegularExpressions.Regex.Replace(pageTexts[chartPage], @"\s+", "").Should().Contain("一、一般公共预算财政拨款收入" + GoldenReport.Cells.Single(c => c.TableNo == "01" && c.Row == "1" && c.Col == 1).Display,
            "the chart's data table follows it");

        var pngDirectory = Directory.CreateDirectory(Path.Combine(ArtefactFiles.Directory, "demo-report-pages")).FullName;
        Run("pdftoppm", "-png", "-r", "50", path, Path.Combine(pngDirectory, "page"));
        var images = Directory.GetFiles(pngDirectory, "page-*.png");
        images.Should().HaveCount(pages);
        images.Should().OnlyContain(f => new FileInfo(f).Length > 2000, "every page has visible content");
    }

    [Fact]
    public async Task The_auditor_pack_lists_every_file_with_its_hash_is_stable_and_its_hash_is_on_the_public_page()
    {
        using var client = fixture.Portal.CreateClient();
        var first = await client.GetAsync(Demo + "/pack.zip");
        first.StatusCode.Should().Be(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        var bytes = await first.Content.ReadAsByteArrayAsync();
        ArtefactFiles.Save("demo-pack.zip", bytes);
        var again = await client.GetByteArrayAsync(Demo + "/pack.zip");

        again.Should().Equal(bytes, "a published revision's pack is the same bytes every time");
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        first.Headers.GetValues("X-Pack-Sha256").Single().Should().Be(hash);
        using var zip = new ZipArchive(new MemoryStream(bytes));
        var names = zip.Entries.Select(e => e.FullName).ToList();
        names.Should().Contain(["report.pdf", "report.xlsx", "report.json", "reconciliation.json", "manifest.json", "tables/公开01表.csv", "tables/公开10表.csv"]);
        names.Should().Contain(["performance.json", "performance/部门整体支出绩效自评表.csv", "performance/项目自评得分.csv", "performance/部门评价-01-行政服务中心（政务服务中心）运转经费.csv", "performance/财政评价结果反馈-01.csv"]);
        var scores = System.Text.Encoding.UTF8.GetString(Read(zip, "performance/项目自评得分.csv"));
        scores.Should().Contain("3,新办企业首套印章免费刻制和免费寄递服务项目,79.77,,中");
        System.Text.Encoding.UTF8.GetString(Read(zip, "performance/部门整体支出绩效自评表.csv")).Should().Contain("产出指标,数量指标,政务服务事项受理数,≥140万件,277,2,2,");
        using (var performance = JsonDocument.Parse(Read(zip, "performance.json")))
        {
            performance.RootElement.GetProperty("projects").GetArrayLength().Should().Be(14);
        }

        using var manifest = JsonDocument.Parse(Read(zip, "manifest.json"));
        manifest.RootElement.GetProperty("revision").GetInt32().Should().Be(1);
        var listed = manifest.RootElement.GetProperty("files").EnumerateArray().ToList();
        listed.Select(f => f.GetProperty("name").GetString()).Should().BeEquivalentTo(names.Where(n => n != "manifest.json"));
        foreach (var file in listed)
        {
            Convert.ToHexStringLower(SHA256.HashData(Read(zip, file.GetProperty("name").GetString()!)))
                .Should().Be(file.GetProperty("sha256").GetString(), file.GetProperty("name").GetString());
        }

        var csv = Read(zip, "tables/公开01表.csv");
        csv.Take(3).Should().Equal(new byte[] { 0xEF, 0xBB, 0xBF }, "UTF-8 with BOM so Excel opens it");
        System.Text.Encoding.UTF8.GetString(csv).Should().Contain(GoldenReport.Cells.First(c => c.TableNo == "01").Value);
        var api = await client.GetStringAsync("/api" + Demo);
        System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(Read(zip, "report.json")), System.Text.Json.Nodes.JsonNode.Parse(api))
            .Should().BeTrue("report.json is the read API's JSON");

        var page = await client.GetStringAsync(Demo);
        page.Should().Contain(hash, "the public page shows the pack's hash so anyone can check a copy");
    }

    [Fact]
    public async Task Publishing_computes_the_new_revisions_pack_hash_for_its_public_page()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        await s.SubmitAsync();
        (await s.As["reviewer"].PostAsync($"{s.Base()}/approve", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await s.As["reviewer"].PostAsync($"{s.Base()}/publish", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        string? shown = null;
        for (var attempt = 0; attempt < 300 && shown is null; attempt++)
        {
            var page = await s.As["public"].GetStringAsync($"/reports/{s.Code}/2023");
            shown = System.Text.RegularExpressions.Regex.Match(page, "id=\"pack-sha256\">([0-9a-f]{64})<").Groups[1] is { Success: true } g ? g.Value : null;
            if (shown is null)
            {
                await Task.Delay(100); // the pack is built in the background after publication, bounded
            }
        }

        shown.Should().NotBeNull("the page shows the hash once the pack is built");
        var pack = await s.As["public"].GetByteArrayAsync($"/reports/{s.Code}/2023/pack.zip");
        Convert.ToHexStringLower(SHA256.HashData(pack)).Should().Be(shown, "a downloaded copy checks against the hash on the page");
    }

    [Fact]
    public async Task Without_chromium_the_pdf_endpoint_answers_with_a_clear_message()
    {
        var connection = TestDatabases.NewSqlite();
        await using var portal = new PortalFactory(connection) { SharePdfPrinter = false }.WithWebHostBuilder(b => b.UseSetting("FinalAccounts:Pdf:ChromiumPath", "/nonexistent/chromium"));
        using var client = portal.CreateClient();

        var response = await client.GetAsync(Demo + "/export.pdf");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await Scenario.ProblemAsync(response)).GetProperty("detail").GetString().Should().Contain("没有找到 Chromium").And.Contain("可先下载 Excel 工作簿");
        (await client.GetAsync(Demo + "/export.xlsx")).StatusCode.Should().Be(HttpStatusCode.OK, "the workbook needs no browser");
        await TestDatabases.DropAsync(connection);
    }

    [Fact]
    public async Task Reviewers_get_the_pack_of_a_draft_and_the_public_does_not()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();

        (await s.As["public"].GetAsync($"/reports/{s.Code}/2023/pack.zip")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var pack = await s.As["reviewer"].GetAsync($"/reports/{s.Code}/2023/pack.zip");
        pack.StatusCode.Should().Be(HttpStatusCode.OK);
        using var zip = new ZipArchive(new MemoryStream(await pack.Content.ReadAsByteArrayAsync()));
        JsonDocument.Parse(Read(zip, "manifest.json")).RootElement.GetProperty("status").GetString().Should().Be("Draft");
        var audit = await s.As["admin"].GetFromJsonAsync<JsonElement>($"/api/audit?department={s.Code}&action=export");
        audit.EnumerateArray().Should().Contain(a => a.GetProperty("detail").GetString()!.StartsWith("导出审计包", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_batch_export_packs_every_published_report_of_a_region_with_progress()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        (await s.As["officer"].PostAsJsonAsync("/api/exports/batches", new { fiscalYear = 2023 })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await s.As["other-reviewer"].PostAsJsonAsync("/api/exports/batches", new { fiscalYear = 2023, region = "江西省" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var start = await s.As["reviewer"].PostAsJsonAsync("/api/exports/batches", new { fiscalYear = 2023, region = "江西省景德镇市" });
        start.StatusCode.Should().Be(HttpStatusCode.Accepted, await start.Content.ReadAsStringAsync());
        var location = start.Headers.Location!.ToString();
        JsonElement job = default;
        for (var attempt = 0; attempt < 600; attempt++)
        {
            job = await s.As["reviewer"].GetFromJsonAsync<JsonElement>(location);
            if (job.GetProperty("state").GetString() is "completed" or "failed")
            {
                break;
            }

            await Task.Delay(50); // waiting for the background job, bounded
        }

        job.GetProperty("state").GetString().Should().Be("completed", job.ToString());
        job.GetProperty("total").GetInt32().Should().Be(1);
        job.GetProperty("percent").GetDouble().Should().Be(100);
        var bytes = await s.As["reviewer"].GetByteArrayAsync(job.GetProperty("download").GetString());
        Convert.ToHexStringLower(SHA256.HashData(bytes)).Should().Be(job.GetProperty("sha256").GetString());
        using var zip = new ZipArchive(new MemoryStream(bytes));
        using var manifest = JsonDocument.Parse(Read(zip, "manifest.json"));
        var pack = manifest.RootElement.GetProperty("packs").EnumerateArray().Single();
        pack.GetProperty("department").GetString().Should().Be("jdz-zwsjglj");
        Convert.ToHexStringLower(SHA256.HashData(Read(zip, pack.GetProperty("file").GetString()!))).Should().Be(pack.GetProperty("sha256").GetString());
        var page = await s.As["reviewer"].GetStringAsync(location.Replace("/api", "", StringComparison.Ordinal));
        page.Should().Contain("已完成：已导出 1 / 1 份决算（100%）").And.Contain("id=\"download\"");
    }

    private static byte[] Read(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, process.StandardError.ReadToEnd());
        return output;
    }
}
