using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>Batches run as persisted jobs, stay within the reviewer's region, name their culprits and are audited.</summary>
public abstract class BatchJobTests(PortalFixture fixture)
{
    [Fact]
    public async Task A_reconciliation_batch_names_each_report_with_errors_and_its_failing_rules_within_the_region()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var officer = s.As["officer"];
        var table = await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/tables/01");
        var cells = table.GetProperty("cells").EnumerateArray()
            .Select(c => new { row = c.GetProperty("row").GetString(), col = c.GetProperty("col").GetInt32(), value = c.GetProperty("row").GetString() == "31" && c.GetProperty("col").GetInt32() == 1 ? "9999.99" : c.GetProperty("value").GetString() })
            .ToList();
        (await officer.PutAsJsonAsync($"{s.Base()}/tables/01", new { cells, version = table.GetProperty("version").GetInt32() })).StatusCode.Should().Be(HttpStatusCode.OK);
        var region = $"江西省测试市{s.Suffix}";

        var start = await s.As["reviewer"].PostAsJsonAsync("/api/reconciliation/batches", new { fiscalYear = 2023, region });
        start.StatusCode.Should().Be(HttpStatusCode.Accepted, await start.Content.ReadAsStringAsync());
        var location = start.Headers.Location!.ToString();
        var job = await Scenario.WaitForJobAsync(s.As["reviewer"], location);

        job.GetProperty("state").GetString().Should().Be("completed", job.ToString());
        job.GetProperty("region").GetString().Should().Be(region);
        job.GetProperty("total").GetInt32().Should().Be(1, "only the region's reports are checked");
        job.GetProperty("withErrors").GetInt32().Should().Be(1);
        var culprit = job.GetProperty("culprits").EnumerateArray().Should().ContainSingle().Subject;
        culprit.GetProperty("department").GetString().Should().Be(s.Code);
        culprit.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("rule").GetString()).Should().Contain("T01-05");
        var csv = await s.As["reviewer"].GetStringAsync($"{location}/culprits.csv");
        csv.Should().Contain(s.Code).And.Contain("T01-05");
        var page = await s.As["reviewer"].GetStringAsync($"/reconciliation/batches/{job.GetProperty("id").GetString()}");
        page.Should().Contain($"测试局{s.Suffix}").And.Contain("T01-05").And.Contain("其中 1 份有错误级问题");

        // Another province's reviewer can neither read the job nor its list, nor start a batch over this region.
        (await s.As["other-reviewer"].GetAsync(location)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await s.As["other-reviewer"].GetAsync($"{location}/culprits.csv")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await s.As["other-reviewer"].PostAsJsonAsync("/api/reconciliation/batches", new { fiscalYear = 2023, region })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var audit = await s.As["admin"].GetFromJsonAsync<JsonElement>($"/api/audit?user=reviewer-{s.Suffix}&action=batch.start");
        audit.EnumerateArray().Should().ContainSingle(a => a.GetProperty("detail").GetString()!.Contains(region));
    }

    [Fact]
    public async Task An_empty_year_says_so_instead_of_a_hundred_percent_of_nothing()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);

        var start = await s.As["reviewer"].PostAsJsonAsync("/api/reconciliation/batches", new { fiscalYear = 2031, region = $"江西省测试市{s.Suffix}" });
        var job = await Scenario.WaitForJobAsync(s.As["reviewer"], start.Headers.Location!.ToString());

        job.GetProperty("state").GetString().Should().Be("completed");
        job.GetProperty("total").GetInt32().Should().Be(0);
        job.GetProperty("summary").GetString().Should().Contain("没有任何决算");
        (await s.As["reviewer"].GetStringAsync($"/reconciliation/batches/{job.GetProperty("id").GetString()}")).Should().Contain("没有任何决算");
    }

    [Fact]
    public async Task An_export_batch_of_one_region_is_invisible_to_the_reviewer_of_another()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);

        var start = await s.As["reviewer"].PostAsJsonAsync("/api/exports/batches", new { fiscalYear = 2023, region = $"江西省测试市{s.Suffix}" });
        start.StatusCode.Should().Be(HttpStatusCode.Accepted, await start.Content.ReadAsStringAsync());
        var location = start.Headers.Location!.ToString();
        var job = await Scenario.WaitForJobAsync(s.As["reviewer"], location);
        job.GetProperty("state").GetString().Should().Be("completed", job.ToString());

        (await s.As["other-reviewer"].GetAsync(location)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await s.As["other-reviewer"].GetAsync($"{location}/download")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await s.As["other-reviewer"].GetStringAsync("/exports/batches")).Should().NotContain(job.GetProperty("id").GetString()![..8]);
        (await s.As["reviewer"].GetAsync($"{location}/download")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await s.As["admin"].GetFromJsonAsync<JsonElement>($"/api/audit?user=reviewer-{s.Suffix}&action=batch.start")).GetArrayLength().Should().Be(1);
    }
}

public sealed class SqliteBatchJobTests(SqliteJobsPortal fixture) : BatchJobTests(fixture), IClassFixture<SqliteJobsPortal>;

public sealed class PostgresBatchJobTests(PostgresJobsPortal fixture) : BatchJobTests(fixture), IClassFixture<PostgresJobsPortal>;
