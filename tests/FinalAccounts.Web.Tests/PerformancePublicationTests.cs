using System.Net;
using System.Xml.Linq;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// 绩效 on the public page (issue 12, publication): the demo's 部门整体支出绩效自评表 as a real table whose indicator
/// tree merges its 一级/二级 cells, the project scores as an SVG chart with a text alternative and its data table,
/// the 部门评价 and 财政评价反馈, the 情况说明 without its pipe-separated copy, and the certificate naming 绩效 cells in words.
/// </summary>
public sealed class PerformancePublicationTests(SharedSqlitePortal fixture) : IClassFixture<SharedSqlitePortal>
{
    private const string ReportUrl = "/reports/jdz-zwsjglj/2023";

    [Fact]
    public async Task The_department_sheet_is_a_table_whose_indicator_tree_merges_its_level_one_and_two_cells()
    {
        var part = Part(await GetPageAsync(ReportUrl));

        var sheet = part.Descendants().First(e => e.Name.LocalName == "table" && Class(e).Contains("perf-table", StringComparison.Ordinal));
        Text(sheet).Should().Contain("景德镇市政务服务数据管理局").And.Contain("3935.011").And.Contain("94.24%");
        var rows = sheet.Descendants().Where(e => e.Name.LocalName == "tbody" && Class(e) == "perf-indicators").Single()
            .Elements().Where(e => e.Name.LocalName == "tr").Skip(1).ToList();
        rows.Should().HaveCount(25, "the demo's table has 25 三级 indicators");

        var level1 = sheet.Descendants().Where(e => Class(e) == "level1").ToDictionary(e => Text(e), e => (int)e.Attribute("rowspan")!);
        level1.Should().Equal(new Dictionary<string, int> { ["产出指标"] = 19, ["效益指标"] = 4, ["满意度指标"] = 2 });
        level1.Values.Sum().Should().Be(rows.Count, "the merged 一级 cells cover every indicator row once");
        var level2 = sheet.Descendants().Where(e => Class(e) == "level2").Select(e => (Text(e), (int)e.Attribute("rowspan")!)).ToList();
        level2.Should().Contain(("数量指标", 6)).And.Contain(("成本指标", 1)).And.Contain(("社会效益指标", 3));
        level2.Sum(l => l.Item2).Should().Be(rows.Count);

        // A row of the tree: the first of 产出指标/数量指标 holds both merged cells, then the indicator's own cells.
        var first = rows[0].Elements().Select(Text).ToList();
        first.Should().Equal("产出指标", "数量指标", "政务服务事项受理数", "≥140万件", "277", "2", "2", "");
        rows[1].Elements().Select(Text).First().Should().Be("组织营商环境座谈会、调度会场次", "rows under a merged cell start with their own name");
        var total = sheet.Descendants().First(e => e.Name.LocalName == "tfoot");
        Text(total).Should().Contain("总分").And.Contain("100").And.Contain("97");
    }

    [Fact]
    public async Task Each_projects_score_is_a_chart_with_grade_bands_a_text_alternative_and_its_data_table()
    {
        var html = await GetPageAsync(ReportUrl);
        var part = Part(html);

        var svg = part.Descendants().Single(e => e.Name.LocalName == "svg");
        svg.Attribute("role")!.Value.Should().Be("img");
        var title = svg.Elements().Single(e => e.Name.LocalName == "title");
        var desc = svg.Elements().Single(e => e.Name.LocalName == "desc");
        svg.Attribute("aria-labelledby")!.Value.Should().Be($"{title.Attribute("id")!.Value} {desc.Attribute("id")!.Value}");
        desc.Value.Should().Contain("新办企业首套印章免费刻制和免费寄递服务项目 79.77 分，中").And.Contain("远程异地评标室建设费项目 91.92 分，优");
        var bars = svg.Descendants().Where(e => Class(e) == "perf-bar").ToList();
        bars.Should().HaveCount(14);
        bars.Select(b => b.Attribute("data-grade")!.Value).GroupBy(g => g).ToDictionary(g => g.Key, g => g.Count())
            .Should().Equal(new Dictionary<string, int> { ["优"] = 7, ["良"] = 6, ["中"] = 1 }, "the bands of the scores, not the 14 优 the text states");
        var widths = bars.DistinctBy(b => b.Attribute("data-score")!.Value).ToDictionary(b => b.Attribute("data-score")!.Value, b => decimal.Parse(b.Elements().Single(e => e.Name.LocalName == "rect").Attribute("width")!.Value, System.Globalization.CultureInfo.InvariantCulture));
        widths["100"].Should().BeGreaterThan(widths["79.77"]).And.BeGreaterThan(widths["94.2"]);
        svg.Descendants().Where(e => Class(e) == "perf-band").Select(e => e.Attribute("data-grade")!.Value).Should().Equal("差", "中", "良", "优");

        var table = part.Descendants().Single(e => e.Name.LocalName == "table" && Class(e).Contains("perf-scores-table", StringComparison.Ordinal));
        var dataRows = table.Descendants().Single(e => e.Name.LocalName == "tbody").Elements().ToList();
        dataRows.Should().HaveCount(14, "the chart's data as a table");
        dataRows[2].Elements().Select(Text).Should().Equal("3", "新办企业首套印章免费刻制和免费寄递服务项目", "79.77", "", "中");
        part.Descendants().Should().NotContain(e => e.Name.LocalName == "script" || e.Attributes().Any(a => a.Name.LocalName.StartsWith("on", StringComparison.Ordinal)),
            "the chart is drawn on the server and needs no script");
    }

    [Fact]
    public async Task The_evaluation_breakdown_and_the_finance_feedback_are_tables_and_the_narrative_drops_its_pipe_lines()
    {
        var html = await GetPageAsync(ReportUrl);
        var part = Part(html);

        var evaluation = part.Descendants().Single(e => e.Name.LocalName == "table" && Class(e).Contains("perf-evaluation-table", StringComparison.Ordinal));
        var sections = evaluation.Descendants().Where(e => e.Name.LocalName == "th" && (string?)e.Attribute("scope") == "rowgroup")
            .ToDictionary(Text, e => (int)e.Attribute("rowspan")!);
        sections.Keys.Should().Equal("项目决策", "项目过程", "项目产出", "产出成本", "项目效益");
        sections["项目产出"].Should().Be(14);
        Text(evaluation).Should().Contain("94.2").And.Contain("39.2").And.Contain("98%");
        var feedback = part.Descendants().Single(e => e.Name.LocalName == "table" && Class(e).Contains("perf-feedback-table", StringComparison.Ordinal));
        Text(feedback).Should().Contain("81.47").And.Contain("江西优兰德市场研究咨询有限公司").And.Contain("226.51");

        html.Should().NotContain("产出指标 | 数量指标", "the tables replace the 情况说明's pipe-separated copy");
        html.Should().Contain("根据项目支出绩效自评表，市政数局2023年度14个项目绩效自评平均分为88.27分", "the rest of 九 stays");
        html.Should().Contain("<a href=\"#part-performance\">第五部分 附件：2023 年度预算绩效</a>");
    }

    [Fact]
    public async Task The_certificate_and_the_reconciliation_page_name_performance_cells_in_words_and_link_to_them()
    {
        var html = await GetPageAsync(ReportUrl);

        var certificate = html[html.IndexOf("id=\"part-reconciliation\"", StringComparison.Ordinal)..];
        certificate.Should().Contain("绩效单元格：项目绩效自评汇总／项目平均分／等级；项目绩效自评汇总／项目平均分／平均分", "P-01 on the 88.27 labelled 优");
        var link = System.Text.RegularExpressions.Regex.Match(certificate, "href=\"/reports/jdz-zwsjglj/2023\\?check=P-01#(p-[0-9a-f]{12})\"");
        link.Success.Should().BeTrue("the finding links to the 绩效 cell it read");
        html.Should().Contain($"id=\"{link.Groups[1].Value}\"", "the linked cell is on the page");

        var details = await GetPageAsync(ReportUrl + "/reconciliation");
        details.Should().Contain("class=\"cell-link performance-cell\"").And.Contain(">部门整体支出绩效自评表／公共资源交易中心总交易金额／指标值</a>");
    }

    private async Task<string> GetPageAsync(string url)
    {
        using var client = fixture.Portal.CreateClient();
        var response = await client.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, url);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The 第五部分 section parsed as XML (the server renders it well-formed; a broken tag fails here).</summary>
    private static XElement Part(string html)
    {
        var start = html.IndexOf("<section id=\"part-performance\"", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, "the page has the 绩效 part");
        var end = html.IndexOf("</section>", start, StringComparison.Ordinal) + "</section>".Length;
        return XElement.Parse(html[start..end]);
    }

    private static string Class(XElement e) => (string?)e.Attribute("class") ?? "";

    private static string Text(XElement e) => string.Join(" ", e.DescendantNodes().OfType<XText>().Select(t => t.Value.Trim()).Where(t => t.Length > 0));
}
