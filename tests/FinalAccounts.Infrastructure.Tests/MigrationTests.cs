using FinalAccounts.Infrastructure.Persistence;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace FinalAccounts.Infrastructure.Tests;

/// <summary>
/// The hand-written migrations must produce exactly the schema the EF model describes: one database is migrated,
/// another created straight from the model, and their schemas compared. Any drift fails here, on both providers.
/// </summary>
public abstract class MigrationTests : ProviderTest
{
    [Fact]
    public async Task Migrations_match_the_model()
    {
        var migrated = await NewMigratedDatabaseAsync();
        var created = await NewDatabaseAsync();
        await using (var db = Open(created))
        {
            await db.Database.EnsureCreatedAsync();
        }

        var fromMigrations = await DescribeAsync(migrated);
        var fromModel = await DescribeAsync(created);

        fromMigrations.Should().NotBeEmpty();
        fromMigrations.Should().Equal(fromModel, "the hand-written migrations must create the schema the model describes");
    }

    [Fact]
    public async Task The_comparison_notices_a_drifted_column()
    {
        var migrated = await NewMigratedDatabaseAsync();
        var before = await DescribeAsync(migrated);
        await using (var db = Open(migrated))
        {
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE reports ADD COLUMN \"Drift\" integer NULL");
        }

        var after = await DescribeAsync(migrated);

        after.Should().NotEqual(before);
        after.Except(before).Should().ContainSingle(line => line.Contains("reports.Drift", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Migrating_twice_changes_nothing()
    {
        var migrated = await NewMigratedDatabaseAsync();
        await using var db = Open(migrated);

        (await db.Database.GetPendingMigrationsAsync()).Should().BeEmpty();
        (await db.Database.GetAppliedMigrationsAsync()).Should().Contain("20261122000000_InitialCreate");
        await db.Database.MigrateAsync();
    }

    private static async Task<List<string>> DescribeAsync(string connectionString)
    {
        await using var db = Open(connectionString);
        return await SchemaReader.DescribeAsync(db);
    }
}

public sealed class SqliteMigrationTests : MigrationTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresMigrationTests : MigrationTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
