using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace FinalAccounts.Infrastructure.Tests;

/// <summary>A test class against one real database provider; each class creates and drops its own databases.</summary>
public abstract class ProviderTest : IAsyncLifetime
{
    private readonly List<string> _databases = [];

    protected abstract DatabaseProvider Provider { get; }

    protected async Task<string> NewDatabaseAsync()
    {
        var connectionString = Provider == DatabaseProvider.PostgreSql ? await TestDatabases.CreatePostgresAsync() : TestDatabases.NewSqlite();
        _databases.Add(connectionString);
        return connectionString;
    }

    protected static FinalAccountsDbContext Open(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<FinalAccountsDbContext>();
        DatabaseOptions.Parse(connectionString, Path.GetTempPath()).Apply(builder);
        return new FinalAccountsDbContext(builder.Options);
    }

    protected async Task<string> NewMigratedDatabaseAsync()
    {
        var connectionString = await NewDatabaseAsync();
        await using var db = Open(connectionString);
        await db.Database.MigrateAsync();
        return connectionString;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await TestDatabases.DropAsync(database);
        }
    }
}
