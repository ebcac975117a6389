using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Jobs;
using FinalAccounts.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FinalAccounts.Infrastructure.Reconciliation;

/// <summary>A failing error-level rule of a report in a batch: how many of its checks failed.</summary>
public sealed record CulpritRule(string Rule, string Label, int Failures);

/// <summary>A report with error-level failures: who it is and which rules fail.</summary>
public sealed record BatchCulprit(string Department, string Name, string Region, int Revision, string Status, IReadOnlyList<CulpritRule> Rules);

/// <summary>
/// Where a batch's time went, in seconds: reading cells (overlapping evaluation, so the parts may add up to more than
/// the batch took), evaluating, storing results.
/// </summary>
public sealed record BatchTimings(double Load, double Evaluate, double Store);

/// <summary>What a reconciliation batch found: how many reports it checked and each one with errors.</summary>
public sealed record ReconciliationBatchResult(int Reports, int WithErrors, IReadOnlyList<BatchCulprit> Culprits, BatchTimings? Timings = null);

/// <summary>
/// Reconciles all reports of a year within a region (a background job), in chunks: one query for a chunk's cells,
/// evaluation on all cores, one save of the chunk's results. The result names every report with error-level failures.
/// </summary>
public sealed class ReconciliationBatches(
    IDbContextFactory<FinalAccountsDbContext> contexts,
    ReconciliationService service,
    TimeProvider clock,
    ILogger<ReconciliationBatches> logger) : IJobHandler
{
    /// <summary>Reports per query and save: big enough to amortise a round trip, small enough to keep memory flat.</summary>
    public int ChunkSize { get; init; } = 500;

    public string Kind => JobKinds.ReconciliationBatch;

    public async Task<object?> RunAsync(JobExecution job, CancellationToken cancellationToken) =>
        await RunAsync(job.ParametersAs<BatchParameters>(), job.BeginAsync, job.AdvanceAsync, cancellationToken);

    /// <summary>The batch itself, with progress callbacks (the job runner's, or a benchmark's).</summary>
    public async Task<ReconciliationBatchResult> RunAsync(BatchParameters batch, Func<int, CancellationToken, Task> begin, Func<int, CancellationToken, Task> advance, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().Include(d => d.Aliases)
            .Where(d => d.Region.StartsWith(batch.Region)).ToDictionaryAsync(d => d.Id, cancellationToken);
        var ids = departments.Keys.ToList();
        var reports = await db.Reports.AsNoTracking().Where(r => r.FiscalYear == batch.FiscalYear && ids.Contains(r.DepartmentId)).ToListAsync(cancellationToken);
        await begin(reports.Count, cancellationToken);
        logger.LogInformation("Reconciliation batch: {Count} reports of {Year} in {Region}", reports.Count, batch.FiscalYear, batch.Region);
        var culprits = new List<BatchCulprit>();
        var chunks = reports.OrderBy(r => r.Id).Chunk(ChunkSize).ToList();
        var (load, evaluate, store) = (new PhaseClock(), new PhaseClock(), new PhaseClock());
        // A pipeline: while one chunk is evaluated (every core), the next one's cells are read and the previous one's
        // results are stored (both mostly waiting on the database), so the three overlap instead of taking turns.
        var next = chunks.Count > 0 ? LoadCellsAsync(chunks[0], load, cancellationToken) : null;
        Task<List<BatchCulprit>>? storing = null;
        var storingSize = 0;
        for (var i = 0; i < chunks.Count; i++)
        {
            var cells = await next!;
            next = i + 1 < chunks.Count ? LoadCellsAsync(chunks[i + 1], load, cancellationToken) : null;
            var evaluated = Evaluate(chunks[i], cells, departments, evaluate, cancellationToken);
            if (storing is not null)
            {
                culprits.AddRange(await storing);
                await advance(storingSize, cancellationToken);
            }

            var chunk = chunks[i];
            storing = Task.Run(() => StoreAsync(chunk, evaluated, departments, store, cancellationToken), cancellationToken);
            storingSize = chunk.Length;
        }

        if (storing is not null)
        {
            culprits.AddRange(await storing);
            await advance(storingSize, cancellationToken);
        }

        return new ReconciliationBatchResult(reports.Count, culprits.Count, culprits.OrderBy(c => c.Region, StringComparer.Ordinal).ThenBy(c => c.Department, StringComparer.Ordinal).ToList(),
            new BatchTimings(load.Seconds, evaluate.Seconds, store.Seconds));
    }

    /// <summary>A chunk's cells by report, read in one query on a context of its own (it runs beside another chunk's work).</summary>
    private async Task<Dictionary<Guid, List<ReportCell>>> LoadCellsAsync(Report[] chunk, PhaseClock load, CancellationToken cancellationToken)
    {
        await Task.Yield(); // return to the caller at once, so evaluation starts while this reads
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = chunk.Select(r => r.Id).ToList();
        var cells = new Dictionary<Guid, List<ReportCell>>(chunk.Length);
        void Add(Guid reportId, ReportCell cell)
        {
            if (!cells.TryGetValue(reportId, out var list))
            {
                cells[reportId] = list = new List<ReportCell>(400);
            }

            list.Add(cell);
        }

        if (db.Database.IsNpgsql())
        {
            // Millions of rows in a province: read them with a plain data reader (no materialiser, no anonymous row
            // objects), which leaves more of the CPU to evaluation. The query is the one EF Core would send.
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT \"ReportId\", \"TableNo\", \"RowKey\", \"Column\", \"Value\" FROM report_cells WHERE \"ReportId\" = ANY(@ids)";
            command.Parameters.Add(new Npgsql.NpgsqlParameter<Guid[]>("ids", ids.ToArray()));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                Add(reader.GetGuid(0), new ReportCell(reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetDecimal(4)));
            }
        }
        else
        {
            await foreach (var c in db.ReportCells.AsNoTracking()
                .Where(c => ids.Contains(EF.Property<Guid>(c, "ReportId")))
                .Select(c => new { ReportId = EF.Property<Guid>(c, "ReportId"), c.TableNo, c.RowKey, c.Column, c.Value })
                .AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                Add(c.ReportId, new ReportCell(c.TableNo, c.RowKey, c.Column, c.Value));
            }
        }

        load.Add(started);
        return cells;
    }

    private Condensed?[] Evaluate(Report[] chunk, Dictionary<Guid, List<ReportCell>> cells,
        Dictionary<Guid, Domain.Departments.Department> departments, PhaseClock evaluate, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var evaluated = new Condensed?[chunk.Length];
        Parallel.For(0, chunk.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var report = chunk[i];
            var outcome = service.Evaluate(report, departments[report.DepartmentId], cells: cells.GetValueOrDefault(report.Id) ?? []);
            evaluated[i] = outcome is { } o ? Condensed.Of(report.Id, o.Result, o.Hash) : null;
        });
        evaluate.Add(started);
        return evaluated;
    }

    /// <summary>Stores a chunk's results (those whose data changed) on a context of its own and names its culprits.</summary>
    private async Task<List<BatchCulprit>> StoreAsync(Report[] chunk, Condensed?[] evaluated,
        Dictionary<Guid, Domain.Departments.Department> departments, PhaseClock store, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var ids = chunk.Select(r => r.Id).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await db.Reconciliations.Where(r => ids.Contains(r.ReportId)).ToDictionaryAsync(r => r.ReportId, cancellationToken);
        var now = clock.GetUtcNow();
        var culprits = new List<BatchCulprit>();
        for (var i = 0; i < chunk.Length; i++)
        {
            if (evaluated[i] is not { } item)
            {
                continue;
            }

            if (item.Culprits is { } failing)
            {
                var report = chunk[i];
                var department = departments[report.DepartmentId];
                culprits.Add(new BatchCulprit(department.Code, department.Name, department.Region, report.Revision, report.Status.ToChinese(), failing));
            }

            var existing = stored.GetValueOrDefault(item.ReportId);
            if (existing is null || existing.DataHash != item.Hash)
            {
                ReconciliationService.Store(db, existing, item.ReportId, item.Hash, item.RuleSetVersion, item.Summary, item.Json, now);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        store.Add(started);
        return culprits;
    }

    /// <summary>
    /// What a batch keeps of a result: the stored form and the failing error rules. Made on the evaluating thread so the
    /// full result (hundreds of checks) dies young instead of outliving the chunk in the collector's older generations.
    /// </summary>
    private sealed record Condensed(Guid ReportId, string Hash, string RuleSetVersion, ReconciliationSummary Summary, string Json, IReadOnlyList<CulpritRule>? Culprits)
    {
        public static Condensed Of(Guid reportId, ReconciliationResult result, string hash) => new(
            reportId, hash, result.RuleSetVersion, result.Summary, ReconciliationService.FailuresJson(result),
            result.BlocksSubmission
                ? result.Rules.Where(r => r.Rule.Severity == RuleSeverity.Error && r.Status == CheckStatus.Fail)
                    .Select(r => new CulpritRule(r.Rule.Id, r.Rule.Label, r.Notable.Count(c => c.Status == CheckStatus.Fail))).ToList()
                : null);
    }

    /// <summary>Time spent in one phase, added up across chunks (thread-safe: phases of neighbouring chunks overlap).</summary>
    private sealed class PhaseClock
    {
        private long _ticks;

        public void Add(long startedTimestamp) => Interlocked.Add(ref _ticks, System.Diagnostics.Stopwatch.GetElapsedTime(startedTimestamp).Ticks);

        public double Seconds => TimeSpan.FromTicks(Interlocked.Read(ref _ticks)).TotalSeconds;
    }
}
