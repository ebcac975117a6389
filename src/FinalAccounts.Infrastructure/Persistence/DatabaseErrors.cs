using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FinalAccounts.Infrastructure.Persistence;

/// <summary>Which save failures mean "someone else wrote first" (answered as a conflict), on both databases.</summary>
public static class DatabaseErrors
{
    public static bool IsConflict(DbUpdateException e) =>
        e is DbUpdateConcurrencyException
        || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }
        || e.InnerException is SqliteException { SqliteErrorCode: 19 };
}
