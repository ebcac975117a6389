using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinalAccounts.Tests.Shared;
using FluentAssertions;
using Npgsql;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// The database going away and coming back (PostgreSQL): requests get a Chinese 503, the log gets one line each (no
/// stack traces), /health says unhealthy when writes fail, and start-up waits for the database instead of dying.
/// </summary>
public sealed class OutageTests
{
    [Fact]
    public async Task While_the_database_refuses_connections_requests_get_503_in_chinese_and_health_is_unhealthy()
    {
        var database = await TestDatabases.CreatePostgresAsync(pooling: false);
        var name = new NpgsqlConnectionStringBuilder(database).Database!;
        try
        {
            await using var portal = new PortalFactory(database);
            var client = portal.CreateClient();
            (await client.GetAsync("/api/departments")).StatusCode.Should().Be(HttpStatusCode.OK);

            await AdminAsync($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false", $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'");
            var api = await client.GetAsync("/api/departments");
            var page = await client.GetAsync("/reports/jdz-zwsjglj/2023");
            var health = await client.GetAsync("/health");

            api.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            api.Headers.RetryAfter.Should().NotBeNull();
            var problem = await Scenario.ProblemAsync(api);
            problem.GetProperty("title").GetString().Should().Be("服务暂时不可用");
            problem.GetProperty("detail").GetString().Should().Contain("数据库暂时无法访问");
            page.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            (await page.Content.ReadAsStringAsync()).Should().Contain("服务暂时不可用").And.NotContain(" at Npgsql");
            health.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("Unhealthy");

            await AdminAsync($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true");
            (await client.GetAsync("/api/departments")).StatusCode.Should().Be(HttpStatusCode.OK, "the portal recovers by itself");
            var log = string.Join("\n", Directory.GetFiles(portal.LogDirectory, "*.log").Select(ReadShared));
            log.Should().Contain("503 on GET /api/departments");
            log.Should().NotContain("   at Npgsql", "an outage is logged in one line per request, without stack traces");
        }
        finally
        {
            await AdminAsync($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true");
            await TestDatabases.DropAsync(database);
        }
    }

    [Fact]
    public async Task Health_is_unhealthy_when_the_database_reads_but_does_not_take_writes()
    {
        var database = await TestDatabases.CreatePostgresAsync(pooling: false);
        var name = new NpgsqlConnectionStringBuilder(database).Database!;
        try
        {
            await using var portal = new PortalFactory(database);
            var client = portal.CreateClient();
            (await client.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);

            // What a full disk or a read-only replica looks like to the portal: reads work, writes fail.
            await AdminAsync($"ALTER DATABASE \"{name}\" SET default_transaction_read_only = on");
            (await client.GetAsync("/api/departments")).StatusCode.Should().Be(HttpStatusCode.OK, "reads still work");
            var health = await client.GetAsync("/health");

            health.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            (await health.Content.ReadAsStringAsync()).Should().Contain("数据库不可写");
            await AdminAsync($"ALTER DATABASE \"{name}\" RESET default_transaction_read_only");
            (await client.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
        }
        finally
        {
            await TestDatabases.DropAsync(database);
        }
    }

    [Fact]
    public async Task Start_up_waits_for_a_database_that_is_not_there_yet()
    {
        // A database that does not exist yet: connecting fails (3D000) until it is created.
        var database = new NpgsqlConnectionStringBuilder(TestDatabases.PostgresAdmin) { Database = $"fa_late_{Guid.NewGuid():N}"[..24], Pooling = false }.ConnectionString;
        var name = new NpgsqlConnectionStringBuilder(database).Database!;
        try
        {
            await using var portal = new PortalFactory(database);
            var starting = Task.Run(() => portal.Server);
            var log = "";
            for (var attempt = 0; attempt < 400 && !log.Contains("Database not reachable", StringComparison.Ordinal); attempt++)
            {
                await Task.Delay(25); // waiting for the first failed attempt in the log, bounded
                log = Directory.Exists(portal.LogDirectory) ? string.Join("\n", Directory.GetFiles(portal.LogDirectory, "*.log").Select(ReadShared)) : "";
            }

            log.Should().Contain("Database not reachable", "start-up retried instead of failing");
            starting.IsCompleted.Should().BeFalse("the portal is still waiting for its database");
            await AdminAsync($"CREATE DATABASE \"{name}\"");
            await starting;

            (await portal.CreateClient().GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
        }
        finally
        {
            await TestDatabases.DropAsync(database);
        }
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }

    private static async Task AdminAsync(params string[] statements)
    {
        await using var connection = new NpgsqlConnection(TestDatabases.PostgresAdmin);
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
