using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// 开放数据: the year's CSV/JSON hold every published cell with the report JSON's value, the region filter, the
/// catalogue's totals, earlier revisions' downloads, the terms, ETag/304 and CORS for GET.
/// </summary>
public abstract class OpenDataTests(PortalFixture fixture)
{
    private const string Demo = "jdz-zwsjglj";

    [Fact]
    public async Task The_2023_csv_and_json_hold_every_published_cell_of_the_demo_report_with_the_report_jsons_value()
    {
        using var client = fixture.Portal.CreateClient();
        var report = await client.GetFromJsonAsync<JsonElement>($"/api/reports/{Demo}/2023");
        var expected = report.GetProperty("tables").EnumerateArray()
            .SelectMany(t => t.GetProperty("cells").EnumerateArray().Select(c =>
                (Table: t.GetProperty("tableNo").GetString()!, Row: c.GetProperty("row").GetString()!, Col: c.GetProperty("col").GetInt32(), Value: c.GetProperty("value").GetString()!)))
            .ToList();

        var response = await client.GetAsync("/api/open-data/2023.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var csv = ParseCsv(Encoding.UTF8.GetString(bytes));
        var json = await client.GetFromJsonAsync<JsonElement>("/api/open-data/2023.json");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        bytes.Take(3).Should().Equal(new byte[] { 0xEF, 0xBB, 0xBF }, "UTF-8 with BOM, so spreadsheets read the Chinese");
        csv[0].Should().Equal("地区", "部门编码", "部门名称", "年度", "修订版", "表号", "表名", "行", "科目编码", "科目名称", "栏次", "栏目", "数值", "演示数据");
        var demoRows = csv.Skip(1).Where(r => r[1] == Demo).ToList();
        demoRows.Select(r => (Table: r[5], Row: r[7], Col: int.Parse(r[10], System.Globalization.CultureInfo.InvariantCulture), Value: r[12]))
            .Should().BeEquivalentTo(expected, "every published cell, with its value, no more");
        expected.Should().HaveCountGreaterThan(300);
        demoRows.Should().OnlyContain(r => r[0] == "江西省景德镇市" && r[2] == "景德镇市政务服务数据管理局" && r[3] == "2023" && r[4] == "1");
        demoRows.Should().Contain(r => r[5] == "01" && r[6] == "收入支出决算总表" && r[7] == "27" && r[9] == "本年收入合计" && r[11] == "收入 决算数");
        demoRows.Should().Contain(r => r[5] == "03" && r[8].Length > 0 && r[8] == r[7] && r[9].Length > 0, "coded rows carry their classification code and name");
        var jsonRows = json.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("departmentCode").GetString() == Demo).ToList();
        jsonRows.Select(r => (r.GetProperty("table").GetString()!, r.GetProperty("row").GetString()!, r.GetProperty("column").GetInt32(), r.GetProperty("value").GetString()!))
            .Should().BeEquivalentTo(expected);
        json.GetProperty("license").GetProperty("url").GetString().Should().Be("/open-data");
        response.Headers.GetValues("Link").Should().ContainSingle().Which.Should().Contain("</open-data>; rel=\"license\"");
        var terms = await client.GetStringAsync("/open-data");
        terms.Should().Contain("使用条款").And.Contain("注明来源");
    }

    [Fact]
    public async Task The_region_filter_a_correction_and_downloads_of_the_earlier_revision()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        await s.PublishAsync();
        (await s.As["officer"].PostAsJsonAsync(s.Base(), new { templateSet = "jiangxi-2023" })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await s.PutTableAsync(s.As["officer"], "10", Enumerable.Range(1, 10).Select(r => new { row = $"{r}", col = 1, value = r == 10 ? "1" : "0" }))).StatusCode.Should().Be(HttpStatusCode.OK);
        await s.PublishAsync();
        using var client = fixture.Portal.CreateClient();
        var region = $"江西省测试市{s.Suffix}";

        var mine = ParseCsv(await client.GetStringAsync($"/api/open-data/2023.csv?region={Uri.EscapeDataString(region)}")).Skip(1).ToList();
        var all = ParseCsv(await client.GetStringAsync("/api/open-data/2023.csv")).Skip(1).ToList();
        var elsewhere = ParseCsv(await client.GetStringAsync($"/api/open-data/2023.csv?region={Uri.EscapeDataString("浙江省测试市" + s.Suffix)}")).Skip(1).ToList();

        mine.Should().NotBeEmpty().And.OnlyContain(r => r[0] == region && r[1] == s.Code);
        mine.Should().OnlyContain(r => r[4] == "2", "the latest published revision");
        mine.Should().ContainSingle(r => r[5] == "10" && r[7] == "10" && r[10] == "1").Which[12].Should().Be("1");
        all.Should().Contain(r => r[1] == Demo).And.Contain(r => r[1] == s.Code);
        elsewhere.Should().BeEmpty();

        var first = await client.GetAsync($"/reports/{s.Code}/2023/export.xlsx?revision=1");
        var second = await client.GetAsync($"/reports/{s.Code}/2023/export.xlsx?revision=2");
        var latest = await client.GetAsync($"/reports/{s.Code}/2023/export.xlsx");
        var missing = await client.GetAsync($"/reports/{s.Code}/2023/export.xlsx?revision=3");

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        first.Content.Headers.ContentDisposition!.FileNameStar.Should().Contain("第1版");
        (await first.Content.ReadAsByteArrayAsync()).Should().NotEqual(await second.Content.ReadAsByteArrayAsync(), "revision 1 is not the correction");
        (await second.Content.ReadAsByteArrayAsync()).Should().Equal(await latest.Content.ReadAsByteArrayAsync());
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Scenario.ProblemAsync(missing)).GetProperty("detail").GetString().Should().Contain("没有已公开的第 3 版");
    }

    [Fact]
    public async Task The_catalog_lists_departments_by_year_with_totals_and_open_data_answers_304_and_cors()
    {
        using var client = fixture.Portal.CreateClient();
        var response = await Get(client, "/api/open-data/catalog", origin: "https://example.org");
        var catalog = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("*");
        var demo = catalog.GetProperty("departments").EnumerateArray().Single(d => d.GetProperty("code").GetString() == Demo);
        var year = demo.GetProperty("years").EnumerateArray().Single(y => y.GetProperty("year").GetInt32() == 2023);
        year.GetProperty("income").GetString().Should().Be(GoldenReport.Cells.Single(c => c.TableNo == "01" && c.Row == "27").Value);
        year.GetProperty("expenditure").GetString().Should().Be(GoldenReport.Cells.Single(c => c.TableNo == "01" && c.Row == "58").Value);
        year.GetProperty("csv").GetString().Should().Be($"/api/open-data/2023.csv?region={Uri.EscapeDataString("江西省景德镇市")}");
        catalog.GetProperty("files").EnumerateArray().Should().Contain(f => f.GetProperty("csv").GetString() == "/api/open-data/2023.csv");
        catalog.GetProperty("license").GetProperty("url").GetString().Should().Be("/open-data");

        foreach (var url in new[] { "/api/open-data/2023.csv", "/api/open-data/2023.json", "/api/open-data/catalog", $"/api/reports/{Demo}/2023", "/api/departments" })
        {
            var first = await Get(client, url, origin: "https://example.org");
            first.StatusCode.Should().Be(HttpStatusCode.OK, url);
            first.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(["*"], $"{url} may be read by any site");
            first.Headers.Contains("Set-Cookie").Should().BeFalse();
            if (url.StartsWith("/api/departments", StringComparison.Ordinal))
            {
                continue; // a live list, not a published file
            }

            first.Content.Headers.LastModified.Should().NotBeNull(url);
            var again = await Get(client, url, ifNoneMatch: first.Headers.ETag!.Tag);
            again.StatusCode.Should().Be(HttpStatusCode.NotModified, url);
        }

        var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/open-data/2023.csv");
        preflight.Headers.Add("Origin", "https://example.org");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        var allowed = await client.SendAsync(preflight);
        allowed.Headers.GetValues("Access-Control-Allow-Methods").Single().Should().Contain("GET").And.NotContain("POST");
    }

    private static async Task<HttpResponseMessage> Get(HttpClient client, string url, string? origin = null, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(ifNoneMatch));
        }

        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>RFC 4180 as the endpoint writes it (quoted fields, doubled quotes, CRLF), BOM dropped.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                fields.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                rows.Add([.. fields]);
                fields.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        return rows;
    }
}

public sealed class SqliteOpenDataTests(SqlitePortal fixture) : OpenDataTests(fixture), IClassFixture<SqlitePortal>;

public sealed class PostgresOpenDataTests(PostgresPortal fixture) : OpenDataTests(fixture), IClassFixture<PostgresPortal>;
