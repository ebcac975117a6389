using System.Collections.Concurrent;
using System.Net;
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
/// Every write endpoint and query × malformed JSON, wrong JSON types, out-of-range numbers, over-long text and
/// unparsable query values: a 400 (never a 500, never 413 for a value) with a Chinese ProblemDetails naming the field,
/// and nothing written — on both databases.
/// </summary>
public abstract class BadInputTests(PortalFixture fixture)
{
    private static readonly ConcurrentDictionary<PortalFactory, Lazy<Task<Scenario>>> Scenarios = new();

    private static readonly string Long = new('长', 301);

    /// <summary>Who sends it, method, path ({code} = the scenario's department), body (null = none), expected field (or null).</summary>
    public static TheoryData<string, string, string, string?, string?> Cases => new()
    {
        // malformed JSON
        { "malformed token", "public", "POST /api/auth/token", "{\"userName\":", null },
        { "malformed department", "admin", "POST /api/departments", "{\"code\":\"x\",", null },
        { "malformed user", "admin", "POST /api/users", "[1,2", null },
        { "malformed report", "officer", "POST /api/reports/{code}/2024", "{templateSet}", null },
        { "malformed table", "officer", "PUT /api/reports/{code}/2023/tables/10", "{\"cells\":[{\"row\":\"1\",}]}", null },
        { "malformed overview", "officer", "PUT /api/reports/{code}/2023/overview", "nonsense", null },
        { "malformed submit", "officer", "POST /api/reports/{code}/2023/submit", "{\"explanations\":", null },
        { "malformed return", "reviewer", "POST /api/reports/{code}/2023/return", "{\"comments\":[", null },
        { "malformed batch", "reviewer", "POST /api/reconciliation/batches", "{", null },
        { "malformed export", "reviewer", "POST /api/exports/batches", "}", null },
        { "malformed password change", "officer", "POST /api/auth/password", "{\"currentPassword\"", null },
        // wrong JSON types
        { "token user name is a number", "public", "POST /api/auth/token", "{\"userName\":5,\"password\":\"x\"}", "userName" },
        { "department code is an array", "admin", "POST /api/departments", "{\"code\":[\"a\"],\"name\":\"n\",\"region\":\"江西省\",\"level\":\"市级\"}", "code" },
        { "user roles is a string", "admin", "POST /api/users", "{\"userName\":\"u1\",\"password\":\"Test#pass2024\",\"roles\":\"officer\"}", "roles" },
        { "template set is a number", "officer", "POST /api/reports/{code}/2024", "{\"templateSet\":1}", "templateSet" },
        { "column is text", "officer", "PUT /api/reports/{code}/2023/tables/10", "{\"cells\":[{\"row\":\"1\",\"col\":\"one\",\"value\":\"0\"}],\"version\":1}", "cells[0].col" },
        { "version is text", "officer", "PUT /api/reports/{code}/2023/tables/10", "{\"cells\":[],\"version\":\"abc\"}", "version" },
        { "staff is text", "officer", "PUT /api/reports/{code}/2023/overview", "{\"nameInHeaders\":\"x\",\"staff\":{\"active\":\"many\"},\"version\":1}", "staff.active" },
        { "explanations is an array", "officer", "POST /api/reports/{code}/2023/submit", "{\"explanations\":[\"a\"]}", "explanations" },
        { "comment column is text", "reviewer", "POST /api/reports/{code}/2023/return", "{\"comments\":[{\"text\":\"x\",\"col\":\"c\"}]}", "comments[0].col" },
        { "fiscal year is text", "reviewer", "POST /api/reconciliation/batches", "{\"fiscalYear\":\"abc\"}", "fiscalYear" },
        { "new password is a number", "officer", "POST /api/auth/password", "{\"currentPassword\":\"Test#pass2024\",\"newPassword\":12345678901}", "newPassword" },
        { "unknown field", "reviewer", "POST /api/exports/batches", "{\"fiscalYear\":2023,\"regoin\":\"江西省\"}", "regoin" },
        // out-of-range numbers
        { "fiscal year overflows", "reviewer", "POST /api/exports/batches", "{\"fiscalYear\":99999999999}", "fiscalYear" },
        { "column overflows", "officer", "PUT /api/reports/{code}/2023/tables/10", "{\"cells\":[{\"row\":\"1\",\"col\":3000000000,\"value\":\"0\"}],\"version\":1}", "cells[0].col" },
        { "value too large", "officer", "PUT /api/reports/{code}/2023/tables/10", "{\"cells\":[{\"row\":\"1\",\"col\":1,\"value\":\"1e40\"}],\"version\":{version}}", null },
        { "value with 40 digits", "officer", "PUT /api/reports/{code}/2023/tables/10", "{\"cells\":[{\"row\":\"1\",\"col\":1,\"value\":\"1234567890123456789012345678901234567890\"}],\"version\":{version}}", null },
        // over-long text
        { "department name too long", "admin", "POST /api/departments", "{\"code\":\"long-name\",\"name\":\"" + Long + "\",\"region\":\"江西省\",\"level\":\"市级\"}", "name" },
        { "display name too long", "admin", "POST /api/users", "{\"userName\":\"long-display\",\"password\":\"Test#pass2024\",\"roles\":[\"admin\"],\"displayName\":\"" + Long + "\"}", "DisplayName" },
        { "reviewer region too long", "admin", "POST /api/users", "{\"userName\":\"long-region\",\"password\":\"Test#pass2024\",\"roles\":[\"reviewer\"],\"region\":\"" + Long + "\"}", "Region" },
        { "overview name too long", "officer", "PUT /api/reports/{code}/2023/overview", "{\"nameInHeaders\":\"" + Long + "\",\"duties\":\"x\",\"version\":{version}}", "概况.部门名称" },
        { "batch region too long", "admin", "POST /api/exports/batches", "{\"fiscalYear\":2023,\"region\":\"" + Long + "\"}", "Region" },
        // control characters (JSON escapes, so the request itself is well-formed)
        { "control character in a department name", "admin", "POST /api/departments", "{\"code\":\"ctl\",\"name\":\"测试\\u0001局\",\"region\":\"江西省\",\"level\":\"市级\"}", "name" },
        { "control character in a display name", "admin", "POST /api/users", "{\"userName\":\"ctl-user\",\"password\":\"Test#pass2024\",\"roles\":[\"admin\"],\"displayName\":\"张\\u0007三\"}", null },
        { "control character in a token name", "officer", "POST /api/auth/token", "{\"userName\":\"{officer}\",\"password\":\"Test#pass2024\",\"name\":\"ci\\u001b[31m\"}", "name" },
        { "control character in the overview name", "officer", "PUT /api/reports/{code}/2023/overview", "{\"nameInHeaders\":\"测试\\u000b局\",\"duties\":\"x\",\"version\":{version}}", "概况.部门名称" },
        { "control character in the duties", "officer", "PUT /api/reports/{code}/2023/overview", "{\"nameInHeaders\":\"测试局\",\"duties\":\"负责\\u0000测试\",\"version\":{version}}", "概况.部门主要职责" },
        { "control character in an explanation", "officer", "POST /api/reports/{code}/2023/submit", "{\"explanations\":{\"T09-05\":\"说明\\u0002\"}}", null },
        { "control character in a region name", "admin", "PUT /api/regions/360299", "{\"name\":\"测试\\u0001县\"}", "name" },
        { "region name is a number", "admin", "PUT /api/regions/360299", "{\"name\":1}", "name" },
        { "department region not in the tree", "admin", "POST /api/departments", "{\"code\":\"no-region\",\"name\":\"某局\",\"region\":\"江西省某市\",\"level\":\"市级\"}", "region" },
        { "control character in a batch region", "reviewer", "POST /api/reconciliation/batches", "{\"fiscalYear\":2023,\"region\":\"江西省\\u0001\"}", "region" },
        // unparsable query values
        { "audit take", "admin", "GET /api/audit?take=abc", null, "take" },
        { "audit year", "admin", "GET /api/audit?year=twenty", null, "year" },
        { "diff from", "public", "GET /api/reports/jdz-zwsjglj/2023/diff?from=abc&to=1", null, "from" },
        { "strict flag", "public", "GET /api/reports/jdz-zwsjglj/2023/reconciliation?strict=maybe", null, "strict" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_a_400_in_chinese_naming_the_field_and_writes_nothing(string name, string who, string request, string? body, string? field)
    {
        var s = await Scenarios.GetOrAdd(fixture.Portal, portal => new Lazy<Task<Scenario>>(() => ReadyAsync(portal))).Value;
        var version = await s.VersionAsync(s.As["officer"]);
        var audit = await AuditCountAsync();
        var (method, path) = (request.Split(' ')[0], request.Split(' ', 2)[1].Replace("{code}", s.Code, StringComparison.Ordinal));
        var message = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            var text = body.Replace("{version}", version.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{officer}", $"officer-{s.Suffix}", StringComparison.Ordinal);
            message.Content = new StringContent(text, Encoding.UTF8, "application/json");
        }

        var response = await s.As[who].SendAsync(message);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"{name}: {await response.Content.ReadAsStringAsync()}");
        var problem = await Scenario.ProblemAsync(response);
        problem.GetProperty("title").GetString().Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}", name);
        var detail = problem.GetProperty("detail").GetString()!;
        detail.Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}", name);
        if (field is not null)
        {
            var targets = problem.TryGetProperty("errors", out var errors) ? errors.EnumerateArray().Select(e => e.GetProperty("target").GetString()).ToList() : [];
            (detail.Contains(field, StringComparison.Ordinal) || targets.Contains(field)).Should().BeTrue($"{name}: the answer names {field}: {detail}");
        }

        (await s.VersionAsync(s.As["officer"])).Should().Be(version, $"{name}: the draft is unchanged");
        if (method != "GET" && !path.StartsWith("/api/auth", StringComparison.Ordinal))
        {
            (await AuditCountAsync()).Should().Be(audit, $"{name}: nothing was recorded as done");
        }
    }

    [Theory]
    [InlineData("/reports/jdz-zwsjglj/2023/diff?from=abc&to=1", "from")]
    [InlineData("/reports/jdz-zwsjglj/2023/reconciliation?strict=maybe", "strict")]
    public async Task A_page_with_an_unparsable_query_value_is_a_400_page_in_chinese(string path, string field)
    {
        var response = await fixture.Portal.CreateClient().GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain("提交的数据有误").And.Contain(field);
    }

    [Fact]
    public async Task Duplicates_created_in_a_race_are_409_never_500()
    {
        var s = await Scenarios.GetOrAdd(fixture.Portal, portal => new Lazy<Task<Scenario>>(() => ReadyAsync(portal))).Value;
        var admin = s.As["admin"];

        var departments = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            admin.PostAsJsonAsync("/api/departments", new { code = $"race-{s.Suffix}", name = "竞争局", region = "江西省", level = "市级" })));
        var users = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            admin.PostAsJsonAsync("/api/users", new { userName = $"race-{s.Suffix}", password = Scenario.Password, roles = new[] { "admin" } })));
        var reports = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            s.As["officer"].PostAsJsonAsync(s.Base(2025), new { templateSet = "jiangxi-2023" })));

        // Submitting one report eight times at once: one submission, seven conflicts (on a report of its own).
        var other = await ReadyAsync(fixture.Portal);
        var submits = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            other.As["officer"].PostAsJsonAsync($"{other.Base()}/submit", new { explanations = new Dictionary<string, string> { ["T09-05"] = Scenario.WarningExplanation } })));
        submits.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1, "submit");
        submits.Where(r => r.StatusCode != HttpStatusCode.OK).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Conflict, "submit");

        foreach (var (what, responses) in new[] { ("department", departments), ("user", users), ("report", reports) })
        {
            responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1, what);
            responses.Where(r => r.StatusCode != HttpStatusCode.Created).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Conflict, what);
            foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
            {
                (await Scenario.ProblemAsync(refused)).GetProperty("detail").GetString().Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}");
            }
        }
    }

    private static async Task<Scenario> ReadyAsync(PortalFactory portal)
    {
        var s = await Scenario.CreateAsync(portal);
        await s.FillAsync();
        await s.AddWarningAsync(); // so that an explanation is read (and refused when unreadable)
        return s;
    }

    private async Task<int> AuditCountAsync()
    {
        await using var db = await fixture.Portal.Services.GetRequiredService<IDbContextFactory<FinalAccountsDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.CountAsync();
    }
}

public sealed class SqliteBadInputTests(SqlitePortal fixture) : BadInputTests(fixture), IClassFixture<SqlitePortal>;

public sealed class PostgresBadInputTests(PostgresPortal fixture) : BadInputTests(fixture), IClassFixture<PostgresPortal>;

/// <summary>The same answers in Production, where ASP.NET Core would otherwise answer some of these with an empty 400 or a 500.</summary>
public sealed class ProductionBadInputTests(ProductionSqlitePortal fixture) : BadInputTests(fixture), IClassFixture<ProductionSqlitePortal>;
