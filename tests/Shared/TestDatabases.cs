using Npgsql;

namespace FinalAccounts.Tests.Shared;

/// <summary>
/// Real databases for tests: a fresh SQLite file, or a fresh database in the private PostgreSQL cluster that
/// scripts/test.sh starts (its admin connection string arrives in FINALACCOUNTS_TEST_PG). Each test class gets its
/// own database, so classes run in parallel safely.
/// </summary>
public static class TestDatabases
{
    public const string PostgresVariable = "FINALACCOUNTS_TEST_PG";

    public static string PostgresAdmin =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run the tests with scripts/test.sh, which starts a private PostgreSQL cluster, " +
                $"or set {PostgresVariable} to an admin connection string (Host=…;Username=…).");

    /// <summary>A new SQLite file; pooled as in production (an unpooled open re-reads the schema every time).</summary>
    public static string NewSqlite() =>
        $"Data Source={Path.Combine(Path.GetTempPath(), $"finalaccounts-test-{Guid.NewGuid():N}.db")}";

    /// <summary>
    /// A new database in the cluster, empty or a copy of <paramref name="template"/>. Connection pooling is on, as in
    /// production (a test class ran 158 s without it, 34 s with it); tests that cut connections on purpose ask for
    /// <paramref name="pooling"/> false.
    /// </summary>
    public static async Task<string> CreatePostgresAsync(bool pooling = true, string? template = null)
    {
        var name = $"fa_test_{Guid.NewGuid():N}"[..24];
        await using (var connection = new NpgsqlConnection(PostgresAdmin))
        {
            await connection.OpenAsync();
            // The template's files are copied: PostgreSQL 15's default strategy writes every page of it to the
            // write-ahead log instead (about twice the server's CPU per test database here, where nothing is fsynced).
            var sql = $"CREATE DATABASE \"{name}\"" + (template is null ? "" : $" TEMPLATE \"{template}\"") +
                (connection.PostgreSqlVersion.Major >= 15 ? " STRATEGY = FILE_COPY" : "");
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name, Pooling = pooling }.ConnectionString;
    }

    public static async Task DropAsync(string connectionString)
    {
        if (connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase))
        {
            var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
            await using var connection = new NpgsqlConnection(PostgresAdmin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
            return;
        }

        // Pooled connections may still hold the file: on Linux deleting it only unlinks the name.
        var path = connectionString.Split(';')[0].Split('=', 2)[1];
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            if (File.Exists(file))
            {
                File.Delete(file);
            }
        }
    }
}
