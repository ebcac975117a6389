using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FinalAccounts.Infrastructure.Persistence;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// Writes never lose data: a table write needs the version it was made against, a body without cells cannot wipe a
/// table, a save without changes keeps the version; readers of published data never write.
/// </summary>
public abstract class DataSafetyTests(PortalFixture fixture)
{
    private static readonly object[] Ten = Enumerable.Range(1, 10).Select(r => new { row = $"{r}", col = 1, value = "0" }).ToArray();

    [Fact]
    public async Task A_table_write_without_a_version_is_428_and_an_unreadable_if_match_is_400_and_nothing_changes()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var officer = s.As["officer"];
        var before = await officer.GetStringAsync($"{s.Base()}/tables/10");

        var unversioned = await officer.PutAsJsonAsync($"{s.Base()}/tables/10", new { cells = new[] { new { row = "10", col = 1, value = "9" } } });
        unversioned.StatusCode.Should().Be((HttpStatusCode)428);
        var problem = await Scenario.ProblemAsync(unversioned);
        problem.GetProperty("errors")[0].GetProperty("code").GetString().Should().Be("version.required");
        problem.GetProperty("detail").GetString().Should().Contain("版本号");

        var request = new HttpRequestMessage(HttpMethod.Put, $"{s.Base()}/tables/10") { Content = JsonContent.Create(new { cells = new[] { new { row = "10", col = 1, value = "9" } } }) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"abc\"");
        var unreadable = await officer.SendAsync(request);
        unreadable.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Scenario.ProblemAsync(unreadable)).GetProperty("detail").GetString().Should().Contain("If-Match");

        (await officer.GetStringAsync($"{s.Base()}/tables/10")).Should().Be(before);
    }

    [Fact]
    public async Task Twenty_parallel_saves_against_one_version_acknowledge_one_and_lose_none()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var officer = s.As["officer"];
        var version = await s.VersionAsync(officer);

        var saves = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            officer.PutAsJsonAsync($"{s.Base()}/tables/10", new { version, cells = new[] { new { row = "10", col = 1, value = $"{i}" } } })));

        var acknowledged = saves.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        acknowledged.Should().ContainSingle($"only one save can be made against one version ({string.Join(", ", saves.Select(r => (int)r.StatusCode))}: {await saves.First(r => r.StatusCode != HttpStatusCode.OK).Content.ReadAsStringAsync()})");
        saves.Where(r => r.StatusCode != HttpStatusCode.OK).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Conflict);
        var stored = (await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/tables/10")).GetProperty("cells").EnumerateArray().Single().GetProperty("value").GetString();
        var winner = (await acknowledged[0].Content.ReadFromJsonAsync<JsonElement>()).GetProperty("table").GetProperty("cells").EnumerateArray().Single().GetProperty("value").GetString();
        stored.Should().Be(winner, "the acknowledged save is the one kept");
    }

    [Fact]
    public async Task A_body_without_cells_never_wipes_a_table_and_clearing_must_be_explicit()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var officer = s.As["officer"];
        var before = await officer.GetStringAsync($"{s.Base()}/tables/03");
        var version = await s.VersionAsync(officer);

        var misspelled = await officer.PutAsJsonAsync($"{s.Base()}/tables/03", new { cels = Ten, version });
        misspelled.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Scenario.ProblemAsync(misspelled)).GetProperty("detail").GetString().Should().Contain("cels");
        var missing = await officer.PutAsJsonAsync($"{s.Base()}/tables/03", new { version });
        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Scenario.ProblemAsync(missing)).GetProperty("errors")[0].GetProperty("target").GetString().Should().Be("cells");
        var empty = await officer.PutAsJsonAsync($"{s.Base()}/tables/03", new { cells = Array.Empty<object>(), version });
        empty.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Scenario.ProblemAsync(empty)).GetProperty("detail").GetString().Should().Contain("clear");
        (await officer.GetStringAsync($"{s.Base()}/tables/03")).Should().Be(before, "nothing was written");

        var cleared = await officer.PutAsJsonAsync($"{s.Base()}/tables/03", new { cells = Array.Empty<object>(), version, clear = true });
        cleared.StatusCode.Should().Be(HttpStatusCode.OK, await cleared.Content.ReadAsStringAsync());
        (await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/tables/03")).GetProperty("cells").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task A_save_without_changes_keeps_the_version_and_writes_no_audit()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var officer = s.As["officer"];
        var table = await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/tables/10");
        var version = table.GetProperty("version").GetInt32();
        var audit = (await s.As["admin"].GetFromJsonAsync<JsonElement>($"/api/audit?department={s.Code}")).GetArrayLength();

        var same = await officer.PutAsJsonAsync($"{s.Base()}/tables/10", new { version, cells = table.GetProperty("cells") });
        same.StatusCode.Should().Be(HttpStatusCode.OK);
        same.Headers.ETag!.Tag.Should().Be($"\"{version}\"");
        var overview = await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/overview");
        var sameOverview = await officer.PutAsJsonAsync($"{s.Base()}/overview", new
        {
            nameInHeaders = overview.GetProperty("nameInHeaders").GetString(),
            duties = overview.GetProperty("duties").GetString(),
            units = overview.GetProperty("units"),
            staff = overview.GetProperty("staff"),
            version,
        });
        sameOverview.StatusCode.Should().Be(HttpStatusCode.OK, await sameOverview.Content.ReadAsStringAsync());

        (await s.VersionAsync(officer)).Should().Be(version);
        (await s.As["admin"].GetFromJsonAsync<JsonElement>($"/api/audit?department={s.Code}")).GetArrayLength().Should().Be(audit);
    }

    [Fact]
    public async Task Reading_a_published_report_never_writes_and_its_reconciliation_and_pack_are_made_at_publication()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        await s.PublishAsync();
        var reportId = await ReportIdAsync(s.Code);
        await using (var db = await Db())
        {
            (await db.Reconciliations.AnyAsync(r => r.ReportId == reportId)).Should().BeTrue("publication stores the reconciliation");
            (await db.Jobs.AnyAsync(j => j.Kind == "report-pack" && j.Parameters.Contains(reportId.ToString()))).Should().BeTrue("publication queues the pack");
        }

        await WaitForPackAsync(reportId);
        var before = await FingerprintAsync();
        var pages = new[] { $"/reports/{s.Code}/2023", $"/reports/{s.Code}/2023/reconciliation", $"/api/reports/{s.Code}/2023/reconciliation", $"/api/reports/{s.Code}/2023", $"/departments/{s.Code}" };
        // Concurrent first visits of every public view: all answer, none writes.
        var responses = await Task.WhenAll(pages.SelectMany(page => Enumerable.Range(0, 4).Select(_ => fixture.Portal.CreateClient().GetAsync(page))));

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        (await FingerprintAsync()).Should().Be(before, "a GET of published data writes nothing");
        var page = await s.As["public"].GetStringAsync($"/reports/{s.Code}/2023");
        await using (var db = await Db())
        {
            page.Should().Contain((await db.ArchivedPacks.SingleAsync(p => p.ReportId == reportId)).Sha256, "the page shows the archived pack's hash");
        }

        var pack = await s.As["public"].GetAsync($"/reports/{s.Code}/2023/pack.zip");
        pack.StatusCode.Should().Be(HttpStatusCode.OK);
        pack.Headers.GetValues("X-Pack-Sha256").Single().Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await pack.Content.ReadAsByteArrayAsync())));
    }

    [Fact]
    public async Task An_officer_deletes_a_draft_correction_and_the_published_revision_stays_untouched()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        await s.PublishAsync();
        var officer = s.As["officer"];
        (await officer.PostAsJsonAsync(s.Base(), new { templateSet = "jiangxi-2023" })).StatusCode.Should().Be(HttpStatusCode.Created);
        var version = await s.VersionAsync(officer);

        (await s.As["other-officer"].SendAsync(Delete(s, version))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await s.As["reviewer"].SendAsync(Delete(s, version))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await officer.DeleteAsync(s.Base())).StatusCode.Should().Be((HttpStatusCode)428);
        (await officer.SendAsync(Delete(s, version + 1))).StatusCode.Should().Be(HttpStatusCode.Conflict);
        var deleted = await officer.SendAsync(Delete(s, version));

        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent, await deleted.Content.ReadAsStringAsync());
        var working = await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/tables/01");
        working.GetProperty("revision").GetInt32().Should().Be(1, "the published revision is the working one again");
        working.GetProperty("status").GetString().Should().Be("Published");
        (await officer.SendAsync(Delete(s, working.GetProperty("version").GetInt32()))).StatusCode.Should().Be(HttpStatusCode.Conflict, "published data is never deleted");
        (await s.As["public"].GetAsync($"/api/reports/{s.Code}/2023")).StatusCode.Should().Be(HttpStatusCode.OK);
        var audit = await s.As["admin"].GetFromJsonAsync<JsonElement>($"/api/audit?department={s.Code}&action=report.delete");
        audit.EnumerateArray().Should().ContainSingle().Which.GetProperty("detail").GetString().Should().Contain("第 2 版草稿");
    }

    private static HttpRequestMessage Delete(Scenario s, int version)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, s.Base());
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        return request;
    }

    private async Task<FinalAccountsDbContext> Db() =>
        await fixture.Portal.Services.GetRequiredService<IDbContextFactory<FinalAccountsDbContext>>().CreateDbContextAsync();

    private async Task<Guid> ReportIdAsync(string code)
    {
        await using var db = await Db();
        var department = await db.Departments.SingleAsync(d => d.Code == code);
        return await db.Reports.Where(r => r.DepartmentId == department.Id).Select(r => r.Id).SingleAsync();
    }

    /// <summary>Waits until this report's pack is archived and no background job is left (the demo's pack is built at start-up too).</summary>
    private async Task WaitForPackAsync(Guid reportId)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            await using var db = await Db();
            if (await db.ArchivedPacks.AnyAsync(p => p.ReportId == reportId)
                && !await db.Jobs.AnyAsync(j => j.State == Infrastructure.Jobs.JobState.Queued || j.State == Infrastructure.Jobs.JobState.Running))
            {
                return;
            }

            var failed = await db.Jobs.Where(j => j.Kind == "report-pack" && j.Parameters.Contains(reportId.ToString()) && j.Error != null).Select(j => j.Error).FirstOrDefaultAsync();
            failed.Should().BeNull();
            await Task.Delay(50); // the pack is built by the background job runner (Chromium), bounded
        }

        throw new TimeoutException("审计包未在 30 秒内生成");
    }

    /// <summary>Everything a reader could write: row counts, the stored reconciliations' check times, jobs and packs.</summary>
    private async Task<string> FingerprintAsync()
    {
        await using var db = await Db();
        var text = new StringBuilder();
        text.Append(await db.AuditEntries.CountAsync()).Append('|').Append(await db.Jobs.CountAsync()).Append('|').Append(await db.ArchivedPacks.CountAsync())
            .Append('|').Append(await db.Reports.SumAsync(r => r.Version)).Append('|').Append(await db.ReportCells.CountAsync());
        foreach (var stored in (await db.Reconciliations.AsNoTracking().ToListAsync()).OrderBy(r => r.ReportId))
        {
            text.Append('|').Append(stored.ReportId).Append(stored.CheckedAt.ToUnixTimeMilliseconds()).Append(stored.DataHash);
        }

        return text.ToString();
    }
}

public sealed class SqliteDataSafetyTests(SqliteJobsPortal fixture) : DataSafetyTests(fixture), IClassFixture<SqliteJobsPortal>;

public sealed class PostgresDataSafetyTests(PostgresJobsPortal fixture) : DataSafetyTests(fixture), IClassFixture<PostgresJobsPortal>;
