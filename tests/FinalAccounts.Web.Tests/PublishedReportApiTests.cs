using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Web.Tests;

public abstract class PublishedReportApiTests(PortalFixture fixture)
{
    private const string Code = "jdz-zwsjglj";

    [Fact]
    public async Task Every_non_blank_cell_of_the_published_report_is_served_with_the_same_value()
    {
        using var client = fixture.Portal.CreateClient();

        using var report = JsonDocument.Parse(await client.GetStringAsync($"/api/reports/{Code}/2023"));

        var root = report.RootElement;
        root.GetProperty("templateSet").GetString().Should().Be("jiangxi-2023");
        root.GetProperty("fiscalYear").GetInt32().Should().Be(2023);
        root.GetProperty("status").GetString().Should().Be("Published");
        var served = root.GetProperty("tables").EnumerateArray()
            .SelectMany(t => t.GetProperty("cells").EnumerateArray().Select(c =>
                (Table: t.GetProperty("tableNo").GetString()!, Row: c.GetProperty("row").GetString()!, Col: c.GetProperty("col").GetInt32(), Value: c.GetProperty("value").GetString()!)))
            .ToList();
        var golden = GoldenReport.Cells.Select(c => (Table: c.TableNo, c.Row, c.Col, c.Value)).ToList();

        golden.Should().HaveCountGreaterThan(300);
        served.Should().OnlyHaveUniqueItems();
        served.Should().BeEquivalentTo(golden, "the API must serve exactly the published cells, no more and no fewer");
        root.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("tableNo").GetString())
            .Should().Equal("01", "02", "03", "04", "05", "06", "07", "08", "09", "10");
    }

    [Fact]
    public async Task Departments_list_their_published_years()
    {
        using var client = fixture.Portal.CreateClient();

        var departments = await client.GetFromJsonAsync<JsonElement>("/api/departments");

        var department = departments.EnumerateArray().Single(d => d.GetProperty("code").GetString() == Code);
        department.GetProperty("name").GetString().Should().Be("景德镇市政务服务数据管理局");
        department.GetProperty("years").EnumerateArray().Select(y => y.GetInt32()).Should().Equal(2023);
    }

    [Theory]
    [InlineData($"/api/reports/{Code}/2022", "没有 2022 年度已公开的部门决算")]
    [InlineData("/api/reports/no-such-dept/2023", "部门“no-such-dept”没有 2023 年度")]
    [InlineData("/api/templates/no-such-set", "模板“no-such-set”不存在")]
    public async Task Unknown_department_year_or_template_is_a_404_problem_in_chinese(string url, string detail)
    {
        using var client = fixture.Portal.CreateClient();

        var response = await client.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().Should().Be(404);
        problem.GetProperty("detail").GetString().Should().Contain(detail);
    }

    [Fact]
    public async Task The_template_set_is_served_as_data()
    {
        using var client = fixture.Portal.CreateClient();

        var set = await client.GetFromJsonAsync<JsonElement>("/api/templates/jiangxi-2023");

        var tables = set.GetProperty("tables").EnumerateArray().ToList();
        tables.Should().HaveCount(10);
        var threePublic = tables.Single(t => t.GetProperty("tableNo").GetString() == "09");
        threePublic.GetProperty("panels")[0].GetProperty("rows").EnumerateArray()
            .Sum(r => r.GetProperty("na").GetArrayLength()).Should().Be(29);
    }

    [Fact]
    public async Task Health_checks_that_the_database_takes_writes()
    {
        using var client = fixture.Portal.CreateClient();

        var response = await client.GetAsync("/health");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().Should().Be("Healthy");
        body.GetProperty("checks")[0].GetProperty("description").GetString().Should().Contain("数据库可写");
    }

    /// <summary>
    /// Years side by side (ADR 0024): a department publishes 2022 — the demo's numbers with 2080505 entered as
    /// 2080501 — and 2023, the demo's numbers with one changed cell; 2080501 → 2080505 is imported as the catalogue
    /// mapping. The comparison (JSON and page) names exactly that cell and that mapping; drafts never show.
    /// </summary>
    [Fact]
    public async Task Two_published_years_compare_cell_by_cell_naming_the_changed_cell_and_the_code_mapping()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        var admin = s.As["admin"];
        var current = await admin.GetFromJsonAsync<JsonElement>("/api/catalogs/2023/functional");
        var csv = "code,name\n" + string.Concat(current.GetProperty("codes").EnumerateArray().Select(c => $"{c.GetProperty("code").GetString()},{c.GetProperty("name").GetString()}\n"));
        (await admin.PutAsync("/api/catalogs/2022/functional", new StringContent(csv + "2080501,行政单位离退休\n", System.Text.Encoding.UTF8, "text/csv"))).StatusCode.Should().Be(HttpStatusCode.OK);
        var mapped = await admin.PutAsync("/api/catalogs/mapping/2022/2023?kind=functional", new StringContent("from_code,to_code\n2080501,2080505\n", System.Text.Encoding.UTF8, "text/csv"));
        mapped.StatusCode.Should().Be(HttpStatusCode.OK, await mapped.Content.ReadAsStringAsync());

        await s.FillAsync(2022, c => c.Row == "2080505" ? c with { Row = "2080501" } : c, new Dictionary<string, string> { ["2080501"] = "行政单位离退休" });
        await s.PublishAsync(2022, new Dictionary<string, string> { ["S-10"] = "2022 年度科目按当年印发的表式填列" });
        using var reader = fixture.Portal.CreateClient();
        (await reader.GetStringAsync($"/reports/{s.Code}/2022")).Should().NotContain("chart-trend", "one published year: no years side by side");
        await s.FillAsync(2023, c => c.TableNo == "10" && c.Row == "10" ? c with { Value = "1" } : c);
        await s.PublishAsync(2023);
        (await reader.GetStringAsync($"/reports/{s.Code}/2022")).Should().Contain("id=\"chart-trend-totals\"", "publishing 2023 changes the cached 2022 page, which now charts both years");
        (await s.As["officer"].PostAsJsonAsync(s.Base(2024), new { templateSet = "jiangxi-2023" })).StatusCode.Should().Be(HttpStatusCode.Created, "a draft year, never shown");
        using var client = fixture.Portal.CreateClient();

        var json = await client.GetFromJsonAsync<JsonElement>($"/api/departments/{s.Code}/compare?from=2022&to=2023");

        json.GetProperty("changedCells").GetInt32().Should().Be(1);
        var changes = json.GetProperty("tables").EnumerateArray().SelectMany(t => t.GetProperty("rows").EnumerateArray()
            .SelectMany(r => r.GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("change").GetString() != "same")
                .Select(c => (Table: t.GetProperty("tableNo").GetString(), Row: r.GetProperty("key").GetString(), Col: c.GetProperty("column").GetInt32(),
                    From: c.GetProperty("from").GetString(), To: c.GetProperty("to").GetString(), Change: c.GetProperty("change").GetString())))).ToList();
        changes.Should().Equal([("10", "10", 1, "0", "1", "increase")]);
        json.GetProperty("mappings").EnumerateArray().Select(m => (m.GetProperty("fromCode").GetString(), m.GetProperty("toCode").GetString())).Should().Equal(("2080501", "2080505"));
        var mappedRows = json.GetProperty("tables").EnumerateArray().SelectMany(t => t.GetProperty("rows").EnumerateArray()
            .Where(r => r.GetProperty("mapping").ValueKind == JsonValueKind.String).Select(r => (Table: t.GetProperty("tableNo").GetString(), Mapping: r.GetProperty("mapping").GetString()))).ToList();
        mappedRows.Select(r => r.Table).Should().BeEquivalentTo(GoldenReport.Cells.Where(c => c.Row == "2080505").Select(c => c.TableNo).Distinct());
        mappedRows.Should().OnlyContain(r => r.Mapping == "2080501 → 2080505（科目调整）");
        json.GetProperty("sameTemplateSet").GetBoolean().Should().BeTrue();

        var backwards = await client.GetFromJsonAsync<JsonElement>($"/api/departments/{s.Code}/compare?from=2023&to=2022");
        backwards.GetProperty("tables").EnumerateArray().SelectMany(t => t.GetProperty("rows").EnumerateArray()).Select(r => r.GetProperty("mapping").GetString())
            .Should().Contain("2080505 → 2080501（科目调整）");
        (await client.GetAsync($"/api/departments/{s.Code}/compare?from=2023&to=2024")).StatusCode.Should().Be(HttpStatusCode.NotFound, "2024 is a draft");
        (await client.GetAsync($"/api/departments/{s.Code}/compare?from=2023")).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var page = await client.GetStringAsync($"/departments/{s.Code}/compare?from=2022&to=2023");
        ArtefactFiles.Save($"years-compare-{fixture.GetType().Name}.html", System.Text.Encoding.UTF8.GetBytes(page));
        System.Text.RegularExpressions.Regex.Matches(page, "<tr class=\"(increase|decrease|only-from|only-to)\"").Select(m => m.Value).Should().Equal("<tr class=\"increase\"");
        page.Should().Contain("<tr class=\"increase\" data-row=\"10\" data-col=\"1\">").And.Contain("2080501 → 2080505（科目调整）")
            .And.Contain("<form method=\"get\"").And.Contain("<option value=\"2022\" selected").And.NotContain("<option value=\"2024\"");

        var department = await client.GetStringAsync($"/departments/{s.Code}");
        ArtefactFiles.Save($"years-department-{fixture.GetType().Name}.html", System.Text.Encoding.UTF8.GetBytes(department));
        department.Should().Contain("id=\"chart-trend-totals\"").And.Contain("id=\"chart-trend-three-public\"")
            .And.Contain("<th scope=\"col\">2022年（万元）</th>").And.Contain("<th scope=\"col\">2023年（万元）</th>")
            .And.Contain($"action=\"/departments/{s.Code}/compare\"").And.NotContain("2024年");
        var income = GoldenReport.Cells.Single(c => c.TableNo == "01" && c.Row == "27").Display;
        department.Should().Contain($"<th scope=\"row\" class=\"label\">收入合计</th><td class=\"num\">{income}</td><td class=\"num\">{income}</td>");

        var report = await client.GetStringAsync($"/reports/{s.Code}/2023");
        report.Should().Contain("id=\"chart-trend-totals\"").And.Contain($"href=\"/departments/{s.Code}/compare?from=2022&amp;to=2023\"");
    }
}

public sealed class SqlitePublishedReportApiTests(SqlitePortal fixture) : PublishedReportApiTests(fixture), IClassFixture<SqlitePortal>;

public sealed class PostgresPublishedReportApiTests(PostgresPortal fixture) : PublishedReportApiTests(fixture), IClassFixture<PostgresPortal>;
