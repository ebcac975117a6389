using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>The report page's charts: server-rendered SVG with a title and description, and the data table each draws.</summary>
public sealed partial class ReportChartsTests(SharedSqlitePortal fixture) : IClassFixture<SharedSqlitePortal>
{
    [Fact]
    public async Task The_report_page_shows_five_charts_each_with_a_text_alternative_and_its_data_table_from_the_published_cells()
    {
        using var client = fixture.Portal.CreateClient();
        var html = await client.GetStringAsync("/reports/jdz-zwsjglj/2023");

        var figures = Figure().Matches(html).Select(m => m.Groups["id"].Value).ToList();
        figures.Should().BeEquivalentTo(["chart-income", "chart-functions", "chart-personnel", "chart-three-public", "chart-fiscal"], "the demo has no 年初预算 inputs, so no budget chart");
        foreach (var id in figures)
        {
            html.Should().Contain($"aria-labelledby=\"{id}-title {id}-desc\"").And.Contain($"<title id=\"{id}-title\">").And.Contain($"<desc id=\"{id}-desc\">");
            html.Should().MatchRegex($"id=\"{id}\"[\\s\\S]*?</figure>\\s*<div class=\"table-scroll\"[^>]*>\\s*<table class=\"listing chart-data\"", "each chart is followed by its data table (in a frame that scrolls on phones)");
        }

        html.Should().Contain("<li><a href=\"#part-charts\">图表</a></li>");
        // Values come from the published cells: 一般公共预算财政拨款收入 (01表 row 1) and the 三公 决算数 of 公务接待费 (09表 row 6).
        var income = GoldenReport.Cells.Single(c => c.TableNo == "01" && c.Row == "1" && c.Col == 1);
        Section(html, "chart-income").Should().Contain($"<th scope=\"row\" class=\"label\">一、一般公共预算财政拨款收入</th><td class=\"num\">{income.Display}</td>");
        var reception = GoldenReport.Cells.SingleOrDefault(c => c.TableNo == "09" && c.Row == "6" && c.Col == 3);
        Section(html, "chart-three-public").Should().Contain("公务接待费").And.Contain(reception?.Display ?? "0.00");
        Section(html, "chart-functions").Should().Contain("基本支出（万元）").And.Contain("项目支出（万元）").And.Contain("201 一般公共服务支出");
        Section(html, "chart-fiscal").Should().Contain("一般公共预算财政拨款（万元）");
    }

    [Fact]
    public async Task With_the_year_start_budget_in_the_narrative_inputs_a_budget_against_actual_chart_is_shown()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var officer = s.As["officer"];
        var version = await s.VersionAsync(officer);
        var saved = await officer.PutAsJsonAsync($"{s.Base()}/narrative", new { inputs = FinalAccounts.Tests.Shared.DemoNarrativeInputs.All, version });
        saved.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        // Inputs without the 情况说明's text raise N3-02 (a warning): explained, as an officer would.
        var submitted = await officer.PostAsJsonAsync($"{s.Base()}/submit", new { explanations = new Dictionary<string, string> { ["S-05"] = "表样印刷编码 310111", ["N3-02"] = "情况说明另行补充" } });
        submitted.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync());
        (await s.As["reviewer"].PostAsync($"{s.Base()}/approve", null)).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        (await s.As["reviewer"].PostAsync($"{s.Base()}/publish", null)).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);

        var html = await s.As["public"].GetStringAsync($"/reports/{s.Code}/2023");

        var budget = Section(html, "chart-budget");
        budget.Should().Contain("年初预算（万元）").And.Contain("决算（万元）");
        budget.Should().Contain("<th scope=\"row\" class=\"label\">201 一般公共服务支出</th><td class=\"num\">2,002.20</td>", "年初预算.201 is 2002.20");
    }

    private static string Section(string html, string id)
    {
        var start = html.IndexOf($"<figure class=\"report-chart\" id=\"{id}\"", StringComparison.Ordinal);
        start.Should().BePositive(id);
        var end = html.IndexOf("</table>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    [GeneratedRegex("<figure class=\"report-chart\" id=\"(?<id>[a-z-]+)\">")]
    private static partial Regex Figure();
}
