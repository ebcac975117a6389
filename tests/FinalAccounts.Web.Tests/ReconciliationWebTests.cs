using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Web.Tests;

public sealed class ReconciliationWebTests(SqliteJobsPortal fixture) : IClassFixture<SqliteJobsPortal>
{
    private const string Report = "/reports/jdz-zwsjglj/2023";

    [Fact]
    public async Task The_api_serves_the_summary_every_rule_and_the_findings_with_their_cells()
    {
        using var client = fixture.Portal.CreateClient();

        var body = await client.GetFromJsonAsync<JsonElement>($"/api{Report}/reconciliation");

        var summary = body.GetProperty("summary");
        var rules = body.GetProperty("rules").EnumerateArray().ToList();
        var narrative = rules.Where(r => r.GetProperty("id").GetString()!.StartsWith('N')).ToList();
        var performance = rules.Where(r => r.GetProperty("id").GetString()![0] is 'P' or 'D').ToList();
        // The tables add up; the demo's 情况说明 states what they contradict (ADR 0015): two N errors; its 绩效 data (ADR 0017)
        // grades the 88.27 average 优 (P-01) and prints a 部门评价 sheet whose weights add to 112 (P-13). Nothing else at error level.
        rules.Where(r => r.GetProperty("severity").GetString() == "error" && r.GetProperty("status").GetString() == "fail")
            .Select(r => r.GetProperty("id").GetString()).Should().BeEquivalentTo(["N9-03", "N9-04", "P-01", "P-13"]);
        summary.GetProperty("error").GetInt32().Should().Be(4);
        rules.Count(r => r.GetProperty("id").GetString()![0] is not ('N' or 'P' or 'D') && r.GetProperty("severity").GetString() == "info" && r.GetProperty("status").GetString() == "fail").Should().Be(3);
        summary.GetProperty("tails").GetInt32().Should().Be(6 + narrative.Concat(performance).Count(r => r.GetProperty("status").GetString() == "tail"));
        (rules.Count - narrative.Count - performance.Count).Should().Be(70);
        narrative.Should().NotBeEmpty();
        performance.Should().HaveCount(25);
        body.GetProperty("dataHash").GetString().Should().MatchRegex("^[0-9a-f]{64}$");
        var results = body.GetProperty("results").EnumerateArray().ToList();
        var finding = results.Single(r => r.GetProperty("rule").GetString() == "T03-03" && r.GetProperty("lhs").GetDecimal() == 14.30m);
        finding.GetProperty("status").GetString().Should().Be("fail");
        finding.GetProperty("severity").GetString().Should().Be("info");
        finding.GetProperty("difference").GetDecimal().Should().Be(14.30m);
        finding.GetProperty("tolerance").GetDecimal().Should().Be(0m);
        finding.GetProperty("cells")[0].GetProperty("row").GetString().Should().Be("2010301");
        results.Where(r => r.GetProperty("status").GetString() == "tail" && r.GetProperty("rule").GetString()![0] is not ('N' or 'P' or 'D'))
            .Should().OnlyContain(r => Math.Abs(r.GetProperty("difference").GetDecimal()) == 0.01m, "table tails are 0.01; the text's percentages are printed at lower precision");
        results.Where(r => r.GetProperty("rule").GetString()!.StartsWith('N')).Should().OnlyContain(r => r.GetProperty("text").GetProperty("sentence").GetString()!.Length > 0);
        body.GetProperty("groups").GetArrayLength().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Strict_mode_fails_the_tails_and_all_lists_every_check()
    {
        using var client = fixture.Portal.CreateClient();

        var strict = await client.GetFromJsonAsync<JsonElement>($"/api{Report}/reconciliation?strict=true");
        var all = await client.GetFromJsonAsync<JsonElement>($"/api{Report}/reconciliation?all=true");

        strict.GetProperty("rules").EnumerateArray().Count(r => r.GetProperty("id").GetString()![0] is not ('N' or 'P' or 'D') && r.GetProperty("status").GetString() == "fail" && r.GetProperty("severity").GetString() == "error")
            .Should().Be(6, "the six rules with 0.01 tails fail in strict mode");
        all.GetProperty("results").GetArrayLength().Should().Be(all.GetProperty("summary").GetProperty("checks").GetInt32());
    }

    [Fact]
    public async Task The_report_page_carries_a_certificate_whose_findings_highlight_their_cells()
    {
        using var client = fixture.Portal.CreateClient();

        var page = await client.GetStringAsync(Report);
        var highlighted = await client.GetStringAsync($"{Report}?check=T03-03");

        page.Should().Contain("附：勾稽校验");
        var rules = (await client.GetFromJsonAsync<JsonElement>($"/api{Report}/reconciliation")).GetProperty("rules").GetArrayLength();
        rules.Should().BeGreaterThan(70 + 25, "the N rules of 情况说明 and the 25 P/D rules of 绩效 are listed beside the 70 table rules");
        Regex.Matches(page, "<tr class=\"status-").Count.Should().Be(rules);
        page.Should().Contain("<a href=\"/reports/jdz-zwsjglj/2023?check=T03-03#c-03-2010301-3\">");
        page.Should().NotContain("class=\"num highlight\"");
        highlighted.Should().Contain("<td class=\"num highlight\" id=\"c-03-2010301-3\"");
        highlighted.Should().Contain("<td class=\"num highlight\" id=\"c-03-2010302-2\"");
        Regex.Matches(highlighted, "highlight\" id=").Count.Should().Be(2);
    }

    [Theory]
    [InlineData("?severity=info", new[] { "T03-03", "X-20" }, new[] { "T02-01" })]
    [InlineData("?status=tail&table=05", new[] { "T05-02" }, new[] { "T03-03", "X-20", "T02-01" })]
    [InlineData("?severity=error&status=all&table=10", new[] { "T10-01", "T10-02" }, new[] { "T03-03" })]
    public async Task The_results_page_filters_by_severity_table_and_status(string query, string[] present, string[] absent)
    {
        using var client = fixture.Portal.CreateClient();

        var html = await client.GetStringAsync($"{Report}/reconciliation{query}");

        foreach (var id in present)
        {
            html.Should().MatchRegex($"<th scope=\"row\" title=\"[^\"]*\">{Regex.Escape(id)}</th>");
        }

        foreach (var id in absent)
        {
            html.Should().NotMatchRegex($"<th scope=\"row\" title=\"[^\"]*\">{Regex.Escape(id)}</th>");
        }
    }

    [Fact]
    public async Task A_batch_runs_in_the_background_with_progress()
    {
        var scenario = await Scenario.CreateAsync(fixture.Portal);
        (await scenario.As["public"].PostAsJsonAsync("/api/reconciliation/batches", new { fiscalYear = 2023 })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await scenario.As["officer"].PostAsJsonAsync("/api/reconciliation/batches", new { fiscalYear = 2023 })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var client = scenario.As["reviewer"];

        var start = await client.PostAsJsonAsync("/api/reconciliation/batches", new { fiscalYear = 2023 });
        start.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var location = start.Headers.Location!.ToString();
        JsonElement job = default;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            job = await client.GetFromJsonAsync<JsonElement>(location);
            if (job.GetProperty("state").GetString() is "completed" or "failed")
            {
                break;
            }

            await Task.Delay(25); // waiting for the background job, bounded
        }

        job.GetProperty("state").GetString().Should().Be("completed");
        job.GetProperty("total").GetInt32().Should().Be(1);
        job.GetProperty("done").GetInt32().Should().Be(1);
        job.GetProperty("percent").GetDouble().Should().Be(100);
        var page = await client.GetStringAsync("/reconciliation/batches/" + job.GetProperty("id").GetString());
        page.Should().Contain("已完成：已完成 1 / 1 份决算（100%）").And.Contain("aria-valuenow=\"100\"");
        (await client.GetAsync($"/api/reconciliation/batches/{Guid.NewGuid()}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
