using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Web.Caching;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// Published pages and JSON are rendered once per revision and served from memory (ADR 0021): same strong ETag, 304,
/// br/gzip on request, no cookie, public caching, no database write, a new revision replaces the old, drafts never.
/// </summary>
public abstract class PublicCacheTests(PortalFixture fixture)
{
    private const string Demo = "/reports/jdz-zwsjglj/2023";

    private static readonly string[] Views = [Demo, $"{Demo}/reconciliation", "/api/reports/jdz-zwsjglj/2023"];

    private PublishedResponseCache Cache => fixture.Portal.Services.GetRequiredService<PublishedResponseCache>();

    [Fact]
    public async Task The_second_get_is_served_from_memory_with_the_same_strong_etag_public_caching_and_no_cookie()
    {
        using var client = fixture.Portal.CreateClient();
        foreach (var url in Views)
        {
            var first = await client.GetAsync(url);
            var renders = Cache.Renders;
            var second = await client.GetAsync(url);

            first.StatusCode.Should().Be(HttpStatusCode.OK, url);
            second.StatusCode.Should().Be(HttpStatusCode.OK, url);
            Cache.Renders.Should().Be(renders, $"{url} is not rendered again");
            second.Headers.ETag!.IsWeak.Should().BeFalse();
            second.Headers.ETag.Tag.Should().Be(first.Headers.ETag!.Tag).And.MatchRegex("^\"[0-9a-f]{24}\"$");
            (await second.Content.ReadAsByteArrayAsync()).Should().Equal(await first.Content.ReadAsByteArrayAsync());
            foreach (var response in new[] { first, second })
            {
                response.Headers.Contains("Set-Cookie").Should().BeFalse($"{url} sets no cookie");
                response.Headers.CacheControl!.Public.Should().BeTrue();
                response.Headers.CacheControl.MaxAge.Should().BeGreaterThan(TimeSpan.Zero);
                response.Headers.CacheControl.NoStore.Should().BeFalse();
                response.Headers.Vary.Should().Contain("Accept-Encoding");
                response.Content.Headers.LastModified.Should().NotBeNull();
                response.Headers.GetValues("Content-Security-Policy").Should().ContainSingle("the security headers stay");
                response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
            }
        }
    }

    [Fact]
    public async Task If_none_match_is_answered_304_and_brotli_or_gzip_is_sent_when_asked_with_the_same_content()
    {
        using var client = fixture.Portal.CreateClient();
        foreach (var url in Views)
        {
            var plain = await client.GetAsync(url);
            var body = await plain.Content.ReadAsByteArrayAsync();
            var tag = plain.Headers.ETag!.Tag;

            var brotli = await GetAsync(client, url, "gzip, deflate, br");
            var gzip = await GetAsync(client, url, "gzip");
            var refused = await GetAsync(client, url, "br;q=0, gzip;q=0");
            var notModified = await GetAsync(client, url, "br", ifNoneMatch: tag);
            var otherTag = await GetAsync(client, url, null, ifNoneMatch: "\"0123456789abcdef01234567\"");
            var modifiedSince = await GetAsync(client, url, null, ifModifiedSince: plain.Content.Headers.LastModified);

            plain.Content.Headers.ContentEncoding.Should().BeEmpty();
            brotli.Content.Headers.ContentEncoding.Should().Equal("br");
            Decompress(await brotli.Content.ReadAsByteArrayAsync(), s => new BrotliStream(s, CompressionMode.Decompress)).Should().Equal(body);
            brotli.Headers.ETag!.Tag.Should().NotBe(tag, "each coding has its own strong tag");
            gzip.Content.Headers.ContentEncoding.Should().Equal("gzip");
            Decompress(await gzip.Content.ReadAsByteArrayAsync(), s => new GZipStream(s, CompressionMode.Decompress)).Should().Equal(body);
            (await gzip.Content.ReadAsByteArrayAsync()).Length.Should().BeLessThan(body.Length / 3, $"{url} compresses");
            refused.Content.Headers.ContentEncoding.Should().BeEmpty();
            notModified.StatusCode.Should().Be(HttpStatusCode.NotModified);
            (await notModified.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
            notModified.Headers.ETag!.Tag.Should().Be(brotli.Headers.ETag.Tag);
            otherTag.StatusCode.Should().Be(HttpStatusCode.OK);
            modifiedSince.StatusCode.Should().Be(HttpStatusCode.NotModified);
        }
    }

    [Fact]
    public async Task A_correction_or_a_renamed_department_changes_the_etag_and_content_and_a_draft_is_never_served()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var page = $"/reports/{s.Code}/2023";
        var json = $"/api/reports/{s.Code}/2023";
        using var reader = fixture.Portal.CreateClient();
        (await reader.GetAsync(page)).StatusCode.Should().Be(HttpStatusCode.NotFound, "a draft is not public");
        (await reader.GetAsync(json)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await s.SubmitAsync();
        (await reader.GetAsync(json)).StatusCode.Should().Be(HttpStatusCode.NotFound, "a submitted report is not public");
        (await s.As["reviewer"].PostAsync($"{s.Base()}/approve", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await s.As["reviewer"].PostAsync($"{s.Base()}/publish", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var first = await reader.GetAsync(page);
        var firstJson = await reader.GetAsync(json);
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        (await first.Content.ReadAsStringAsync()).Should().Contain("第 1 版");

        (await s.As["officer"].PostAsJsonAsync(s.Base(), new { templateSet = "jiangxi-2023" })).StatusCode.Should().Be(HttpStatusCode.Created);
        var changed = await s.PutTableAsync(s.As["officer"], "10", Enumerable.Range(1, 10).Select(r => new { row = $"{r}", col = 1, value = r == 10 ? "1" : "0" }));
        changed.StatusCode.Should().Be(HttpStatusCode.OK);
        var stillFirst = await reader.GetAsync(json);
        stillFirst.Headers.ETag!.Tag.Should().Be(firstJson.Headers.ETag!.Tag, "the correction's draft is not public");
        await s.PublishAsync();

        var second = await reader.GetAsync(page);
        var secondJson = await reader.GetAsync(json);
        second.Headers.ETag!.Tag.Should().NotBe(first.Headers.ETag!.Tag);
        secondJson.Headers.ETag!.Tag.Should().NotBe(firstJson.Headers.ETag.Tag);
        (await second.Content.ReadAsStringAsync()).Should().Contain("本页为最新公开的第 2 版");
        (await secondJson.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("revision").GetInt32().Should().Be(2);
        (await GetAsync(reader, page, null, ifNoneMatch: first.Headers.ETag.Tag)).StatusCode.Should().Be(HttpStatusCode.OK, "the old revision's tag no longer matches");

        // The department's name is on the page: renaming it is a new page, not the cached one.
        var renamed = await s.As["admin"].PutAsJsonAsync($"/api/departments/{s.Code}", new { name = $"改名局{s.Suffix}", region = $"江西省测试市{s.Suffix}", level = "市级", aliases = Array.Empty<string>() });
        renamed.StatusCode.Should().Be(HttpStatusCode.OK, await renamed.Content.ReadAsStringAsync());
        var third = await reader.GetAsync(page);
        (await third.Content.ReadAsStringAsync()).Should().Contain($"改名局{s.Suffix}");
        third.Headers.ETag!.Tag.Should().NotBe(second.Headers.ETag.Tag);
    }

    [Fact]
    public async Task Gets_of_public_views_write_no_row_in_any_table()
    {
        var before = await RowCountsAsync();
        var urls = Views.Concat(["/", "/departments/jdz-zwsjglj", $"{Demo}?check=T01-01", $"{Demo}/reconciliation?status=all&strict=true", "/api/departments",
            "/api/reports/jdz-zwsjglj/2023/reconciliation", "/regions", "/regions/360000/2023?sort=name&dir=asc", "/api/regions"]).ToList();

        // Concurrent first and later visits, plain and compressed.
        var responses = await Task.WhenAll(urls.SelectMany(url => Enumerable.Range(0, 3).Select(i =>
            GetAsync(fixture.Portal.CreateClient(), url, i == 0 ? null : "br, gzip"))));

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        responses.Should().OnlyContain(r => !r.Headers.Contains("Set-Cookie"), "no public page sets a cookie");
        (await RowCountsAsync()).Should().Equal(before, "a GET writes nothing");
    }

    private async Task<Dictionary<string, long>> RowCountsAsync()
    {
        await using var db = await fixture.Portal.Services.GetRequiredService<IDbContextFactory<FinalAccountsDbContext>>().CreateDbContextAsync();
        var counts = new Dictionary<string, long>();
        var tables = db.Model.GetEntityTypes().Select(e => (Table: e.GetTableName(), Schema: e.GetSchema())).Where(t => t.Table is not null).Distinct();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        foreach (var (table, schema) in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM {(schema is null ? "" : $"\"{schema}\".")}\"{table}\"";
            counts[table!] = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        counts.Should().ContainKey("audit_entries");
        // Updates too: a re-reconciliation would rewrite its check time, a write to a report its version.
        counts["reports.version"] = await db.Reports.SumAsync(r => r.Version);
        counts["reconciliations.checked_at"] = (await db.Reconciliations.AsNoTracking().Select(r => r.CheckedAt).ToListAsync()).Sum(c => c.ToUnixTimeMilliseconds());
        return counts;
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string? acceptEncoding, string? ifNoneMatch = null, DateTimeOffset? ifModifiedSince = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(ifNoneMatch));
        }

        request.Headers.IfModifiedSince = ifModifiedSince;
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static byte[] Decompress(byte[] bytes, Func<Stream, Stream> decoder)
    {
        using var output = new MemoryStream();
        using (var stream = decoder(new MemoryStream(bytes)))
        {
            stream.CopyTo(output);
        }

        return output.ToArray();
    }
}

public sealed class SqlitePublicCacheTests(SqlitePortal fixture) : PublicCacheTests(fixture), IClassFixture<SqlitePortal>;

public sealed class PostgresPublicCacheTests(PostgresPortal fixture) : PublicCacheTests(fixture), IClassFixture<PostgresPortal>;
