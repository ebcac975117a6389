using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// A portal with the synthetic demo region seeded (<c>FinalAccounts:Demo:SyntheticRegion</c>, as scripts/run.sh has
/// it). Its own portal: every other test portal keeps the global counts it expects (open-data rows, progress).
/// </summary>
public sealed class SqliteDemoRegionPortal : PortalFixture
{
    protected override bool UsePostgres => false;

    protected override PortalFactory CreatePortal(string connectionString) => new(connectionString)
    {
        Settings = new Dictionary<string, string> { ["FinalAccounts:Demo:SyntheticRegion"] = "true" },
    };
}

/// <summary>Issue 14 item 8: every page and file of a synthetic department says 演示数据; search shows it too.</summary>
public sealed class DemoRegionTests(SqliteDemoRegionPortal fixture) : IClassFixture<SqliteDemoRegionPortal>
{
    [Fact]
    public async Task Search_results_show_演示数据_for_synthetic_departments_and_not_for_the_real_one()
    {
        var page = await GetStringAsync("/?q=" + Uri.EscapeDataString("厉行节约") + "&year=2023");

        var hits = page[page.IndexOf("id=\"h-text-hits\"", StringComparison.Ordinal)..].Split("<li>").Skip(1).ToList();
        hits.Should().Contain(h => h.Contains("/reports/demo-dh-zwsj/2023#part-narrative", StringComparison.Ordinal) && h.Contains("class=\"synthetic-badge\"", StringComparison.Ordinal));
        hits.Should().Contain(h => h.Contains("/reports/jdz-zwsjglj/2023#part-narrative", StringComparison.Ordinal) && !h.Contains("演示数据", StringComparison.Ordinal));
        hits.Should().NotContain(h => h.Contains("/reports/demo-bp-zwsj/2023", StringComparison.Ordinal), "its 2023 report is submitted, not published");
        hits.Should().NotContain(h => h.Contains("景德镇", StringComparison.Ordinal) && h.Contains("synthetic-badge", StringComparison.Ordinal));

        var region = await GetStringAsync("/?region=" + Uri.EscapeDataString("演示省东湖市"));
        region.Should().MatchRegex("<a href=\"/departments/demo-dh-zwsj\">演示省东湖市政务服务数据管理局</a>\\s*<span class=\"synthetic-badge\"");
        region.Should().Contain("/departments/demo-na-zwsj").And.NotContain("/departments/demo-xs-zwsj").And.NotContain("/departments/jdz-zwsjglj");

        var json = await fixture.Portal.CreateClient().GetFromJsonAsync<JsonElement>("/api/search?q=" + Uri.EscapeDataString("厉行节约") + "&region=" + Uri.EscapeDataString("演示省") + "&level=" + Uri.EscapeDataString("县级"));
        var paragraphs = json.GetProperty("paragraphs").EnumerateArray().ToList();
        paragraphs.Select(p => p.GetProperty("code").GetString()).Distinct().Should().BeEquivalentTo("demo-na-zwsj", "demo-bp-zwsj");
        paragraphs.Should().OnlyContain(p => p.GetProperty("synthetic").GetBoolean());
        paragraphs.Where(p => p.GetProperty("code").GetString() == "demo-bp-zwsj").Select(p => p.GetProperty("fiscalYear").GetInt32()).Should().OnlyContain(y => y == 2022);
    }

    [Fact]
    public async Task The_department_and_report_pages_the_workbook_and_open_data_say_演示数据()
    {
        var department = await GetStringAsync("/departments/demo-xs-zwsj");
        department.Should().Contain("<h1>演示省西山市政务服务数据管理局 <span class=\"synthetic-badge\"").And.Contain("class=\"synthetic-note\"");
        department.Should().Contain("/reports/demo-xs-zwsj/2022").And.Contain("/reports/demo-xs-zwsj/2023");
        (await GetStringAsync("/departments/jdz-zwsjglj")).Should().Contain("<h1>景德镇市政务服务数据管理局</h1>").And.NotContain("演示数据");

        var report = await GetStringAsync("/reports/demo-xs-zwsj/2022");
        report.Should().Contain("class=\"synthetic-badge\"").And.Contain("class=\"synthetic-note\"").And.Contain("本部门2022年度收入总计");
        report.Should().NotContain("景德镇");

        using var client = fixture.Portal.CreateClient();
        var workbook = await client.GetByteArrayAsync("/reports/demo-xs-zwsj/2023/export.xlsx");
        using (var zip = new ZipArchive(new MemoryStream(workbook)))
        {
            var sheets = zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal)).ToList();
            sheets.Should().NotBeEmpty();
            foreach (var sheet in sheets)
            {
                using var reader = new StreamReader(sheet.Open());
                (await reader.ReadToEndAsync()).Should().Contain("<x:oddHeader>&amp;C&amp;\"-,Bold\"演示数据", sheet.FullName);
            }
        }

        var real = await client.GetByteArrayAsync("/reports/jdz-zwsjglj/2023/export.xlsx");
        using (var zip = new ZipArchive(new MemoryStream(real)))
        {
            foreach (var sheet in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)))
            {
                using var reader = new StreamReader(sheet.Open());
                (await reader.ReadToEndAsync()).Should().NotContain("演示数据");
            }
        }

        var csv = (await GetStringAsync("/api/open-data/2023.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
        csv.Where(r => r[1] == "jdz-zwsjglj").Should().NotBeEmpty().And.OnlyContain(r => r[13] == "否");
        csv.Where(r => r[1].StartsWith("demo-", StringComparison.Ordinal)).Should().NotBeEmpty().And.OnlyContain(r => r[13] == "是");
        csv.Select(r => r[1]).Distinct().Should().NotContain("demo-bp-zwsj", "submitted, not published").And.NotContain("demo-xs-rx", "not started");
        var reportJson = await client.GetFromJsonAsync<JsonElement>("/api/reports/demo-xs-zwsj/2023");
        reportJson.GetProperty("department").GetProperty("synthetic").GetBoolean().Should().BeTrue();
        (await client.GetFromJsonAsync<JsonElement>("/api/reports/jdz-zwsjglj/2023")).GetProperty("department").TryGetProperty("synthetic", out _)
            .Should().BeFalse("a real report's JSON (in its auditor pack) is unchanged");
    }

    [Fact]
    public async Task The_year_progress_of_the_region_shows_published_submitted_and_not_started()
    {
        using var client = fixture.Portal.CreateClient();
        var token = await client.PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = "Demo#2023pass" });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());

        var progress = await client.GetFromJsonAsync<JsonElement>("/api/progress/2023?region=" + Uri.EscapeDataString("演示省"));

        var states = progress.GetProperty("departments").EnumerateArray().ToDictionary(d => d.GetProperty("code").GetString()!, d => d.GetProperty("stateText").GetString());
        states.Should().HaveCount(8);
        states["demo-bp-zwsj"].Should().Be("已报送");
        states["demo-xs-rx"].Should().Be("未开始");
        states.Values.Count(s => s == "已公开").Should().Be(6);
        progress.GetProperty("departments").EnumerateArray().Should().OnlyContain(d => d.GetProperty("synthetic").GetBoolean());
        (await client.GetFromJsonAsync<JsonElement>("/api/progress/2023?region=" + Uri.EscapeDataString("江西省"))).GetProperty("departments").EnumerateArray()
            .Should().NotBeEmpty().And.OnlyContain(d => !d.GetProperty("synthetic").GetBoolean());
    }

    [Fact]
    public async Task Every_page_of_the_pdf_says_演示数据()
    {
        using var client = fixture.Portal.CreateClient();
        var response = await client.GetAsync("/reports/demo-na-zwsj/2023/export.pdf");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var path = ArtefactFiles.Save("demo-region-report.pdf", await response.Content.ReadAsByteArrayAsync());
        var pages = Run("pdftotext", "-layout", path, "-").Split('\f', StringSplitOptions.RemoveEmptyEntries).Where(p => p.Trim().Length > 0).ToList();

        pages.Should().HaveCountGreaterThan(10);
        pages.Should().OnlyContain(p => p.Contains("演示数据 · 第 ", StringComparison.Ordinal), "the footer of every page");
        pages[0].Should().Contain("演示省东湖市南岸县政务服务数据管理局").And.Contain("依据真实决算的结构生成");

        // The auditor pack (its PDF is the one just printed, cached) says so in its manifest and its report JSON.
        using var pack = new ZipArchive(new MemoryStream(await client.GetByteArrayAsync("/reports/demo-na-zwsj/2023/pack.zip")));
        foreach (var name in new[] { "manifest.json", "report.json" })
        {
            using var json = await JsonDocument.ParseAsync(pack.GetEntry(name)!.Open());
            json.RootElement.GetProperty("department").GetProperty("synthetic").GetBoolean().Should().BeTrue(name);
        }
    }

    private static string Run(string program, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, process.StandardError.ReadToEnd());
        return output;
    }

    private async Task<string> GetStringAsync(string url)
    {
        using var client = fixture.Portal.CreateClient();
        var response = await client.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, url);
        return await response.Content.ReadAsStringAsync();
    }
}
