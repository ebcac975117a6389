using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// Databases that start where a freshly started development portal leaves them (migrated, demo departments,
/// accounts and the published demo report). One portal prepares a template per database kind per test run; every
/// other portal starts on a copy (a file copy for SQLite, <c>CREATE DATABASE … TEMPLATE</c> for PostgreSQL), so its
/// start finds the schema and the demo data in place instead of migrating and publishing again. Tests that are about
/// the start itself (migrations, an empty or unreachable database, production seeding) use empty databases.
/// </summary>
public static class DemoDatabases
{
    private static readonly Lazy<Task<string>> SqliteTemplate = new(() => PrepareAsync(TestDatabases.NewSqlite()));
    private static readonly Lazy<Task<string>> PostgresTemplate = new(async () => await PrepareAsync(await TestDatabases.CreatePostgresAsync()));

    /// <summary>A new database holding the demo data, of the kind asked for.</summary>
    public static Task<string> NewAsync(bool postgres) => postgres ? NewPostgresAsync() : NewSqliteAsync();

    public static async Task<string> NewSqliteAsync()
    {
        var template = SqlitePath(await SqliteTemplate.Value);
        var copy = TestDatabases.NewSqlite();
        File.Copy(template, SqlitePath(copy));
        return copy;
    }

    public static async Task<string> NewPostgresAsync() =>
        await TestDatabases.CreatePostgresAsync(template: new NpgsqlConnectionStringBuilder(await PostgresTemplate.Value).Database);

    private static async Task<string> PrepareAsync(string connectionString)
    {
        // Jobs run here only to build the published demo report's auditor pack (a PDF from Chromium) once: the copies
        // hold it, so no portal renders it again at its start.
        await using (var portal = new PortalFactory(connectionString) { RunJobs = true })
        {
            _ = portal.Server; // migrations, demo data, accounts
            await WaitForPacksAsync(portal);
        }

        if (connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase))
        {
            // A template must have no sessions: the pool would keep some open.
            await using var pooled = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(pooled);
            return connectionString;
        }

        // Fold the write-ahead log into the file, so a plain file copy holds everything.
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection(connectionString + ";Pooling=False"))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await checkpoint.ExecuteNonQueryAsync();
        }

        return connectionString;
    }

    private static async Task WaitForPacksAsync(PortalFactory portal)
    {
        var contexts = portal.Services.GetRequiredService<IDbContextFactory<FinalAccountsDbContext>>();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync();
            var published = await db.Reports.CountAsync(r => r.Status == ReportStatus.Published);
            if (await db.ArchivedPacks.CountAsync() >= published)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("演示数据的审计包未在 3 分钟内生成 The demo pack was not built within 3 minutes.");
            }

            await Task.Delay(200); // polling a background job, bounded by the deadline
        }
    }

    private static string SqlitePath(string connectionString) => new SqliteConnectionStringBuilder(connectionString).DataSource;
}
