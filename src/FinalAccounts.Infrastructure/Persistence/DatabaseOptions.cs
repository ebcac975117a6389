using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace FinalAccounts.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// Chooses the database from one connection string: <c>Host=…</c> means PostgreSQL, <c>Data Source=…</c> SQLite,
/// none at all the embedded SQLite file <c>./data/finalaccounts.db</c>.
/// </summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString)
{
    public const string ConnectionStringName = "FinalAccounts";
    public const string EnvironmentVariable = "FINALACCOUNTS_DB";
    public const string DefaultSqlitePath = "data/finalaccounts.db";

    public static DatabaseOptions FromConfiguration(IConfiguration configuration, string contentRoot)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = configuration[EnvironmentVariable] ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        }

        return Parse(connectionString, contentRoot);
    }

    public static DatabaseOptions Parse(string? connectionString, string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var path = Path.Combine(contentRoot, DefaultSqlitePath);
            return new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={path}");
        }

        var keys = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2)[0].Trim().ToLowerInvariant())
            .ToHashSet();
        if (keys.Contains("host") || keys.Contains("server"))
        {
            return new DatabaseOptions(DatabaseProvider.PostgreSql, connectionString);
        }

        if (keys.Contains("data source") || keys.Contains("datasource") || keys.Contains("filename"))
        {
            return new DatabaseOptions(DatabaseProvider.Sqlite, connectionString);
        }

        throw new InvalidOperationException(
            "无法识别数据库连接字符串：PostgreSQL 应包含 Host=…，SQLite 应包含 Data Source=…。The connection string names neither Host= (PostgreSQL) nor Data Source= (SQLite).");
    }

    private static readonly SqlitePragmas SqlitePragmaInterceptor = new();

    public void Apply(DbContextOptionsBuilder builder)
    {
        switch (Provider)
        {
            // Split queries: a report's cells and its owned collections (units, 情况说明, 名词解释, …) in one joined
            // query would multiply into hundreds of thousands of rows.
            case DatabaseProvider.PostgreSql:
                builder.UseNpgsql(ConnectionString, o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery));
                break;
            default:
                EnsureSqliteDirectory();
                builder.UseSqlite(ConnectionString, o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery))
                    .AddInterceptors(SqlitePragmaInterceptor);
                break;
        }
    }

    private void EnsureSqliteDirectory()
    {
        var dataSource = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        if (dataSource.Length == 0 || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}
