using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FinalAccounts.Infrastructure.Persistence;

/// <summary>
/// The embedded database in write-ahead-log mode with NORMAL sync: readers no longer wait for a writer, and a commit
/// costs one fsync of the log instead of several of a rollback journal (SQLite's defaults made every save of a table
/// several times slower). A crash of the process loses nothing committed; only a power loss may cost the last commits,
/// which is what the SQLite documentation recommends WAL + NORMAL for. PostgreSQL is the choice for real deployments.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
