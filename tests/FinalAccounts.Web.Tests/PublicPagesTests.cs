using System.Globalization;
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

    [Fact]
    public async Task The_regions_page_shows_the_tree_with_departments_and_published_reports_counted_below_each_region()
    {
        var html = await GetPageAsync("/regions");

        // 江西省 holds both demo departments; 景德镇市 the one with a published 2023 report, 南昌市 the one without.
        RegionNode("360000").Match(html).Groups["attrs"].Value.Should().Contain("data-departments=\"2\" data-published=\"1\"");
        RegionNode("360200").Match(html).Groups["attrs"].Value.Should().Contain("data-departments=\"1\" data-published=\"1\"");
        RegionNode("360100").Match(html).Groups["attrs"].Value.Should().Contain("data-departments=\"1\" data-published=\"0\"");
        html.Should().Contain("<a class=\"year\" href=\"/regions/360200/2023\">2023 年度</a>");
        html.Should().Contain("<a class=\"region-name\" href=\"/regions/360100/2023\">南昌市</a>", "a region without publications opens at the latest year published anywhere");
        html.Should().MatchRegex("id=\"r-990000\"[^>]*>\\s*<a class=\"region-name\" href=\"/regions/990000/2023\">演示省</a>\\s*<span class=\"region-level\">[^<]*</span>\\s*<span class=\"synthetic-label\">演示数据</span>",
            "the synthetic demo province is labelled");
        (await GetPageAsync("/")).Should().Contain("href=\"/regions\"", "the home page links the regions");
        (await GetPageAsync("/departments/jdz-zwsjglj")).Should().Contain("<a href=\"/regions/360200/2023\" id=\"department-region\">江西省景德镇市</a>");
    }

    [Fact]
    public async Task A_regions_year_page_shows_the_published_totals_of_its_departments_and_only_the_state_of_the_others()
    {
        var html = await GetPageAsync("/regions/360000/2023");
        string Golden(string table, string row, int col) => GoldenReport.Cells.Single(c => c.TableNo == table && c.Row == row && c.Col == col).Display;
        decimal Value(string table, string row, int col) => decimal.Parse(GoldenReport.Cells.Single(c => c.TableNo == table && c.Row == row && c.Col == col).Value, CultureInfo.InvariantCulture);
        var staff = GoldenStaff();

        var jdz = Row(html, "jdz-zwsjglj");
        jdz.Should().Contain("href=\"/reports/jdz-zwsjglj/2023\"").And.Contain("已公开");
        Cell(jdz, "income").Should().Be(Golden("01", "27", 1));
        Cell(jdz, "expenditure").Should().Be(Golden("01", "58", 2));
        Cell(jdz, "basic").Should().Be(Golden("03", "合计", 2));
        Cell(jdz, "project").Should().Be(Golden("03", "合计", 3));
        Cell(jdz, "threepublic").Should().Be(Golden("09", "1", 3));
        Cell(jdz, "staff").Should().Be(staff.ToString(CultureInfo.InvariantCulture));
        Cell(jdz, "perstaff").Should().Be(Math.Round(Value("01", "58", 2) / staff, 2).ToString("#,##0.00", CultureInfo.InvariantCulture));

        var nc = Row(html, "nc-zwfwsjglj");
        nc.Should().Contain("未开始");
        foreach (var column in new[] { "income", "expenditure", "basic", "project", "threepublic", "staff", "perstaff" })
        {
            Cell(nc, column).Should().Be("—", column);
        }

        html.Should().Contain("<li data-state=\"Published\">已公开：1 个部门</li>").And.Contain("<li data-state=\"NotStarted\">未开始：1 个部门</li>");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        html.Should().Contain("公开截止日期：2024年9月30日（默认：次年 9 月 30 日）").And.Contain($"已过截止日期 <strong>{today.DayNumber - new DateOnly(2024, 9, 30).DayNumber}</strong> 天");
        foreach (var chart in new[] { "chart-region-departments", "chart-region-totals" })
        {
            html.Should().MatchRegex($"<figure class=\"report-chart\" id=\"{chart}\">\\s*<svg[^>]*role=\"img\"");
        }

        html.Should().Contain("<th scope=\"row\" class=\"label\">本年支出合计</th>").And.Contain($"<td class=\"num\">{Golden("01", "58", 2)}</td>");

        // 南昌市's department has a 2022 draft: its state shows, its figures never do.
        var draft = Row(await GetPageAsync("/regions/360100/2022"), "nc-zwfwsjglj");
        draft.Should().Contain("填报中");
        Cell(draft, "expenditure").Should().Be("—");

        using var client = fixture.Portal.CreateClient();
        (await client.GetAsync("/regions/999999/2023")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await GetPageAsync("/regions/990000/2023")).Should().Contain("本地区及其部门是演示数据");
    }

    [Fact]
    public async Task A_regions_year_page_sorts_by_each_column_with_plain_links()
    {
        var ascending = await GetPageAsync("/regions/360000/2023?sort=name&dir=asc");
        var descending = await GetPageAsync("/regions/360000/2023?sort=name&dir=desc");

        RowCodes(ascending).Should().Equal("nc-zwfwsjglj", "jdz-zwsjglj");
        RowCodes(descending).Should().Equal("jdz-zwsjglj", "nc-zwfwsjglj");
        ascending.Should().Contain("<th scope=\"col\" aria-sort=\"ascending\"><a href=\"/regions/360000/2023?sort=name&amp;dir=desc\" data-sort=\"name\">");
        ascending.Should().Contain("href=\"/regions/360000/2023?sort=expenditure&amp;dir=desc\"");
        RowCodes(await GetPageAsync("/regions/360000/2023?sort=status&dir=desc")).Should().Equal("nc-zwfwsjglj", "jdz-zwsjglj");
        RowCodes(await GetPageAsync("/regions/360000/2023?sort=expenditure&dir=asc")).Should().Equal(new[] { "jdz-zwsjglj", "nc-zwfwsjglj" }, "a department without figures is always last");
    }

    private static Regex RegionNode(string code) => new($"<li id=\"r-{code}\" class=\"region-node\" data-code=\"{code}\">(?<attrs>(?:(?!</li>).)*?data-published=\"\\d+\")", RegexOptions.Singleline);

    private static string Row(string html, string code) =>
        Regex.Match(html, $"<tr data-code=\"{Regex.Escape(code)}\">.*?</tr>", RegexOptions.Singleline).Value.Should().NotBeEmpty(code).And.Subject;

    private static string Cell(string row, string column) =>
        Regex.Match(row, $"<td class=\"num\" data-col=\"{column}\">([^<]*)</td>").Groups[1].Value;

    private static List<string> RowCodes(string html) =>
        Regex.Matches(html, "<tr data-code=\"([^\"]+)\">").Select(m => m.Groups[1].Value).ToList();

    /// <summary>在职人员 as the golden file's 概况 transcribes it.</summary>
    private static int GoldenStaff()
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "seed-data-000.json")));
        return int.Parse(document.RootElement.GetProperty("overview").GetProperty("staff").GetProperty("年末在职人员").GetString()!, CultureInfo.InvariantCulture);
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
