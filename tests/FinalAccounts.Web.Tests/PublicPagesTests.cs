using System.Net;
using System.Text.RegularExpressions;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Web.Tests;

public sealed partial class PublicPagesTests(SqlitePortal fixture) : IClassFixture<SqlitePortal>
{
    private const string ReportUrl = "/reports/jdz-zwsjglj/2023";

    [Fact]
    public async Task The_report_page_shows_every_published_number_in_its_cell()
    {
        var html = await GetPageAsync(ReportUrl);

        foreach (var cell in GoldenReport.Cells)
        {
            var id = Regex.Escape($"id=\"c-{cell.TableNo}-{cell.Row}-{cell.Col}\"");
            html.Should().MatchRegex($"{id}[^>]*>{Regex.Escape(cell.Display)}</td>", $"公开{cell.TableNo}表 [{cell.Row},{cell.Col}] is {cell.Display}");
        }

        html.Should().Contain(">3,737.09</td>").And.Contain(">1,628.91</td>").And.Contain(">784.35</td>").And.Contain(">0.61</td>");
    }

    [Fact]
    public async Task The_tables_follow_the_official_layout()
    {
        var html = await GetPageAsync(ReportUrl);

        for (var i = 1; i <= 10; i++)
        {
            html.Should().Contain($"<p class=\"table-no\">公开{i:00}表</p>");
        }

        html.Should().Contain("<h3 class=\"table-title\" id=\"title-01\">收入支出决算总表</h3>");
        html.Should().Contain("<span>部门：景德镇市政务数据管理局</span>").And.Contain("<span>2023 年度</span>").And.Contain("<span>金额单位：万元</span>");
        html.Should().Contain("<span>单位：台、辆、套</span>");
        html.Should().Contain("注：本套报表金额单位转换时可能存在尾数误差。");
        html.Should().Contain("<th scope=\"colgroup\" colspan=\"3\" rowspan=\"1\">收入</th>", "merged header cells keep their spans");
        html.Should().Contain("<th scope=\"row\" class=\"label total indent-0\">本年收入合计</th>");
        NotApplicableCell().Matches(html).Count.Should().Be(29, "table 09 prints 29 “——” cells");
        html.Should().Contain("id=\"c-09-15-3\" data-cell=\"09|15|3\">6</td>", "国内公务接待批次 is a count");
        html.Should().Contain("id=\"c-06-人员经费合计-1\" data-cell=\"06|人员经费合计|1\">784.35</td>");
        html.Should().Contain("<th scope=\"row\" class=\"label total\" colspan=\"5\">公用支出合计</th>", "公用经费合计 spans groups 2 and 3 as printed");
        html.Should().MatchRegex("<td class=\"code\" colspan=\"3\">2010301</td>\\s*<th scope=\"row\" class=\"label indent-2\">行政运行</th>");
        html.Should().Contain("id=\"c-01-28-1\" data-cell=\"01|28|1\"></td>", "a blank cell stays blank");
        html.Should().Contain("id=\"c-10-1-1\" data-cell=\"10|1|1\">0</td>", "an entered 0 is shown");
        html.Should().Contain("<p class=\"template-note\">表样说明：表样将“地上附着物和青苗补偿”的经济分类编码印为 310111", "the form's misprint is explained as the template's");
    }

    [Fact]
    public async Task The_report_page_has_the_overview_and_narrative()
    {
        var html = await GetPageAsync(ReportUrl);

        html.Should().Contain("第一部分 景德镇市政务数据管理局 概况").And.Contain("<h2 id=\"h-tables\">第二部分 2023 年度部门决算表</h2>");
        html.Should().Contain("（十一）完成市委、市政府交办的其他工作任务。");
        html.Should().Contain("纳入本套部门决算汇编范围的单位共 5 个");
        html.Should().Contain("<th scope=\"row\">景德镇市公共资源交易中心</th>");
        html.Should().Contain("本部门年末在职人员 60 人，离退休人员 0 人");
        html.Should().Contain("由养老保险基金发放养老金的离退休人员 8 人");
        html.Should().Contain("<h3>五、财政拨款“三公”经费支出决算情况说明</h3>");
        html.Should().Contain("<dt>机关运行经费</dt>");
    }

    [Fact]
    public async Task The_page_links_a_stylesheet_with_print_rules()
    {
        var html = await GetPageAsync(ReportUrl);
        var href = Regex.Match(html, "<link rel=\"stylesheet\" href=\"([^\"]+)\"").Groups[1].Value;
        using var client = fixture.Portal.CreateClient();

        var css = await client.GetStringAsync("/" + href.TrimStart('/'));

        href.Should().Contain("app");
        css.Should().Contain("@media print").And.Contain("display: table-header-group", "header rows repeat on printed pages");
    }

    [Fact]
    public async Task Home_lists_departments_and_searches_names_and_aliases()
    {
        var home = await GetPageAsync("/");
        var byAlias = await GetPageAsync("/?q=" + Uri.EscapeDataString("政务数据管理局"));
        var none = await GetPageAsync("/?q=" + Uri.EscapeDataString("教育局"));

        home.Should().Contain("<a href=\"/departments/jdz-zwsjglj\">景德镇市政务服务数据管理局</a>");
        home.Should().Contain("<a class=\"year\" href=\"/reports/jdz-zwsjglj/2023\">2023 年度</a>");
        byAlias.Should().Contain("景德镇市政务服务数据管理局");
        none.Should().Contain("没有找到名称、地区或别名含“教育局”的部门").And.NotContain("/departments/jdz-zwsjglj");
        var byRegion = await GetPageAsync("/?q=" + Uri.EscapeDataString("江西"));
        byRegion.Should().Contain("/departments/jdz-zwsjglj", "a province finds its departments");
        (await GetPageAsync("/?q=" + Uri.EscapeDataString("景德镇市"))).Should().Contain("/departments/jdz-zwsjglj").And.NotContain("/departments/nc-zwfwsjglj");
    }

    [Fact]
    public async Task The_department_page_lists_published_years_and_units()
    {
        var html = await GetPageAsync("/departments/jdz-zwsjglj");

        html.Should().Contain("<h1>景德镇市政务服务数据管理局</h1>");
        html.Should().Contain("<a href=\"/reports/jdz-zwsjglj/2023\">2023 年度部门决算</a>");
        html.Should().Contain("景德镇市政务服务代办中心");
    }

    [Theory]
    [InlineData("/reports/jdz-zwsjglj/2022", "没有 2022 年度已公开的部门决算")]
    [InlineData("/departments/no-such", "部门“no-such”不存在")]
    [InlineData("/no/such/page", "请求的页面不存在")]
    public async Task Unknown_pages_are_404_with_a_chinese_message(string url, string message)
    {
        using var client = fixture.Portal.CreateClient();

        var response = await client.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Contain(message);
    }

    [Theory]
    [InlineData("/openapi/v1.json", "/api/reports/{deptCode}/{year}")]
    [InlineData("/openapi/v1.json", "/api/reports/{code}/{year}/import/preview")]
    [InlineData("/openapi/v1.json", "/api/reports/{code}/{year}/overview")]
    [InlineData("/openapi/v1.json", "/api/exports/batches")]
    [InlineData("/openapi/v1.json", "/reports/{code}/{year}/pack.zip")]
    [InlineData("/openapi/v1.json", "/api/auth/tokens/{id}")]
    [InlineData("/openapi/v1.json", "/api/users/{userName}/disable")]
    [InlineData("/swagger/index.html", "swagger")]
    [InlineData("/_framework/blazor.web.js", "Blazor")]
    public async Task Api_documents_and_the_blazor_client_script_are_served(string url, string expected)
    {
        using var client = fixture.Portal.CreateClient();

        var response = await client.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain(expected);
    }

    private async Task<string> GetPageAsync(string url)
    {
        using var client = fixture.Portal.CreateClient();
        var response = await client.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, url);
        response.Content.Headers.ContentType!.CharSet.Should().Be("utf-8");
        var html = await response.Content.ReadAsStringAsync();
        html.Should().NotMatchRegex("&#x[3-9A-F][0-9A-F]{3};", "Chinese text is served as UTF-8, not entity-encoded");
        return html;
    }

    [GeneratedRegex("id=\"c-09-[0-9]+-[0-9]\"[^>]*>——</td>")]
    private static partial Regex NotApplicableCell();
}
