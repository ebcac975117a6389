using System.Data.Common;
using System.Text.Json;
using FinalAccounts.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FinalAccounts.Infrastructure.Jobs;

/// <summary>A job a node has claimed: the record as claimed, and the attempt number that fences its writes.</summary>
public sealed record ClaimedJob(JobRecord Record, int Attempt);

/// <summary>
/// Jobs in the shared database: queue, list, claim and fenced progress. On PostgreSQL the claim takes the oldest free
/// job with <c>FOR UPDATE SKIP LOCKED</c>, so nodes never wait for nor take each other's job; on SQLite (one node)
/// the same statement runs without it, writes being serialised anyway.
/// </summary>
public sealed class JobStore(IDbContextFactory<FinalAccountsDbContext> contexts, DatabaseOptions database, NodeIdentity node, IOptions<JobOptions> options, TimeProvider clock)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Raised when a job is queued on this node, so its runner starts without waiting for the next poll.</summary>
    public event Action? Queued;

    public async Task<JobRecord> EnqueueAsync(string kind, object parameters, string region, int? fiscalYear, string requestedBy, CancellationToken cancellationToken = default)
    {
        var job = new JobRecord
        {
            Kind = kind,
            Parameters = JsonSerializer.Serialize(parameters, Json),
            Region = region,
            FiscalYear = fiscalYear,
            RequestedBy = requestedBy,
            QueuedAt = clock.GetUtcNow(),
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Jobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        Queued?.Invoke();
        return job;
    }

    public async Task<JobRecord?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, cancellationToken);
    }

    /// <summary>The newest jobs of a kind within <paramref name="region"/> ("" = all regions).</summary>
    public async Task<IReadOnlyList<JobRecord>> RecentAsync(string kind, string region, int take = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Jobs.AsNoTracking().Where(j => j.Kind == kind);
        query = region.Length == 0 ? query : query.Where(j => j.Region.StartsWith(region));
        // Ids are version-7 GUIDs: ordered by creation time on both databases.
        return await query.OrderByDescending(j => j.Id).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>Is a job of this kind with these parameters still waiting or running? (start-up work is not queued twice)</summary>
    public async Task<bool> PendingAsync(string kind, string parameters, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AnyAsync(j => j.Kind == kind && j.Parameters == parameters && (j.State == JobState.Queued || j.State == JobState.Running), cancellationToken);
    }

    /// <summary>Claims the oldest queued job, or a running one whose node stopped renewing its lease; null when there is none.</summary>
    public async Task<ClaimedJob?> TryClaimAsync(IReadOnlyCollection<string> kinds, CancellationToken cancellationToken = default)
    {
        if (kinds.Count == 0)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var lease = now.AddSeconds(options.Value.LeaseSeconds).ToUnixTimeMilliseconds();
        var kindList = string.Join(", ", kinds.Select((_, i) => $"@k{i}"));
        var skipLocked = database.Provider == DatabaseProvider.PostgreSql ? " FOR UPDATE SKIP LOCKED" : "";
        var sql = $"""
            UPDATE jobs SET "State" = 'Running', "ClaimedBy" = @node, "LeaseUntilMs" = @lease, "Attempt" = "Attempt" + 1, "StartedAt" = @started
            WHERE "Id" = (
                SELECT "Id" FROM jobs
                WHERE "Kind" IN ({kindList}) AND ("State" = 'Queued' OR ("State" = 'Running' AND "LeaseUntilMs" < @now))
                ORDER BY "Id" LIMIT 1{skipLocked})
            RETURNING "Id", "Attempt"
            """;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        Guid id;
        int attempt;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = sql;
            Add(command, "node", node.Id);
            Add(command, "lease", lease);
            Add(command, "now", now.ToUnixTimeMilliseconds());
            Add(command, "started", now);
            var i = 0;
            foreach (var kind in kinds)
            {
                Add(command, $"k{i++}", kind);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            // SQLite returns GUIDs as text, PostgreSQL as uuid.
            id = reader.GetValue(0) is Guid g ? g : Guid.Parse(reader.GetString(0));
            attempt = reader.GetInt32(1);
        }

        // The claim is that one statement; reading the record back writes nothing (a failure here leaves a lease that runs out).
        var record = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == id, cancellationToken);
        return new ClaimedJob(record, attempt);
    }

    /// <summary>Renews the lease and records progress; false when another node has taken the job over.</summary>
    public async Task<bool> ReportAsync(ClaimedJob job, int total, int done, CancellationToken cancellationToken = default)
    {
        var lease = clock.GetUtcNow().AddSeconds(options.Value.LeaseSeconds).ToUnixTimeMilliseconds();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Fenced(db, job).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.LeaseUntilMs, lease)
            .SetProperty(j => j.Total, total)
            .SetProperty(j => j.Done, done), cancellationToken) == 1;
    }

    /// <summary>Records the end of a job (completed with a result, or failed with a message for people); false if the claim was lost.</summary>
    public async Task<bool> FinishAsync(ClaimedJob job, JobState state, int total, int done, string? result, string? error, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Fenced(db, job).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, state)
            .SetProperty(j => j.FinishedAt, now)
            .SetProperty(j => j.LeaseUntilMs, 0L)
            .SetProperty(j => j.Total, total)
            .SetProperty(j => j.Done, done)
            .SetProperty(j => j.Result, result)
            .SetProperty(j => j.Error, error), cancellationToken) == 1;
    }

    private static IQueryable<JobRecord> Fenced(FinalAccountsDbContext db, ClaimedJob job) =>
        db.Jobs.Where(j => j.Id == job.Record.Id && j.ClaimedBy == job.Record.ClaimedBy && j.Attempt == job.Attempt && j.State == JobState.Running);

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
