using System.Data.Common;
using FinalAccounts.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Infrastructure.Tests;

/// <summary>Describes a database's schema as sorted lines (columns, keys, indexes, foreign keys) for comparison.</summary>
internal static class SchemaReader
{
    public static async Task<List<string>> DescribeAsync(FinalAccountsDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            var lines = db.Database.IsNpgsql() ? await PostgresAsync(connection) : await SqliteAsync(connection);
            return lines.Where(l => !l.Contains("__EFMigrations", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<List<string>> SqliteAsync(DbConnection connection)
    {
        var lines = new List<string>();
        var tables = await QueryAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
        foreach (var table in tables.Select(t => t[0]))
        {
            foreach (var c in await QueryAsync(connection, $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}')"))
            {
                lines.Add($"column {table}.{c[0]} type={c[1]} notnull={c[2]} pk={c[3]}");
            }

            foreach (var i in await QueryAsync(connection, $"SELECT name, \"unique\", origin FROM pragma_index_list('{table}')"))
            {
                var columns = await QueryAsync(connection, $"SELECT name FROM pragma_index_info('{i[0]}') ORDER BY seqno");
                lines.Add($"index {table}.{i[0]} unique={i[1]} origin={i[2]} ({string.Join(",", columns.Select(x => x[0]))})");
            }

            foreach (var f in await QueryAsync(connection, $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{table}')"))
            {
                lines.Add($"fk {table}.{f[1]} -> {f[0]}.{f[2]} on delete {f[3]}");
            }
        }

        return lines;
    }

    private static async Task<List<string>> PostgresAsync(DbConnection connection)
    {
        var lines = new List<string>();
        foreach (var c in await QueryAsync(connection, """
            SELECT table_name, column_name, data_type, coalesce(character_maximum_length::text, ''),
                   coalesce(numeric_precision::text, ''), coalesce(numeric_scale::text, ''), is_nullable, is_identity
            FROM information_schema.columns WHERE table_schema = 'public'
            """))
        {
            lines.Add($"column {c[0]}.{c[1]} type={c[2]}({c[3]}{c[4]},{c[5]}) nullable={c[6]} identity={c[7]}");
        }

        foreach (var i in await QueryAsync(connection, "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"))
        {
            lines.Add($"index {i[0]}.{i[1]} {i[2]}");
        }

        foreach (var f in await QueryAsync(connection, """
            SELECT tc.table_name, tc.constraint_name, tc.constraint_type, coalesce(rc.delete_rule, ''),
                   string_agg(kcu.column_name, ',' ORDER BY kcu.ordinal_position)
            FROM information_schema.table_constraints tc
            JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
            LEFT JOIN information_schema.referential_constraints rc ON rc.constraint_name = tc.constraint_name
            WHERE tc.table_schema = 'public'
            GROUP BY tc.table_name, tc.constraint_name, tc.constraint_type, rc.delete_rule
            """))
        {
            lines.Add($"constraint {f[0]}.{f[1]} {f[2]} ({f[4]}) on delete {f[3]}");
        }

        return lines;
    }

    private static async Task<List<string[]>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            }

            rows.Add(row);
        }

        return rows;
    }
}
