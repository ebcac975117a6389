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
}

public sealed class SqlitePublishedReportApiTests(SqlitePortal fixture) : PublishedReportApiTests(fixture), IClassFixture<SqlitePortal>;

public sealed class PostgresPublishedReportApiTests(PostgresPortal fixture) : PublishedReportApiTests(fixture), IClassFixture<PostgresPortal>;
