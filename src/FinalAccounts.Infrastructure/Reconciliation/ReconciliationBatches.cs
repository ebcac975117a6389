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
        // The next chunk's cells are read while this one is evaluated: reading waits mostly on the database, evaluating
        // keeps every core busy, so the two overlap instead of taking turns.
        var next = chunks.Count > 0 ? LoadCellsAsync(chunks[0], load, cancellationToken) : null;
        for (var i = 0; i < chunks.Count; i++)
        {
            var cells = await next!;
            next = i + 1 < chunks.Count ? LoadCellsAsync(chunks[i + 1], load, cancellationToken) : null;
            culprits.AddRange(await RunChunkAsync(chunks[i], cells, departments, evaluate, store, cancellationToken));
            await advance(chunks[i].Length, cancellationToken);
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
        await foreach (var c in db.ReportCells.AsNoTracking()
            .Where(c => ids.Contains(EF.Property<Guid>(c, "ReportId")))
            .Select(c => new { ReportId = EF.Property<Guid>(c, "ReportId"), c.TableNo, c.RowKey, c.Column, c.Value })
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (!cells.TryGetValue(c.ReportId, out var list))
            {
                cells[c.ReportId] = list = new List<ReportCell>(400);
            }

            list.Add(new ReportCell(c.TableNo, c.RowKey, c.Column, c.Value));
        }

        load.Add(started);
        return cells;
    }

    private async Task<IReadOnlyList<BatchCulprit>> RunChunkAsync(Report[] chunk, Dictionary<Guid, List<ReportCell>> cells, Dictionary<Guid, Domain.Departments.Department> departments,
        PhaseClock evaluate, PhaseClock store, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var ids = chunk.Select(r => r.Id).ToList();
        var evaluated = new (Guid ReportId, ReconciliationResult Result, string Hash)?[chunk.Length];
        Parallel.For(0, chunk.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var report = chunk[i];
            var outcome = service.Evaluate(report, departments[report.DepartmentId], cells: cells.GetValueOrDefault(report.Id) ?? []);
            evaluated[i] = outcome is { } o ? (report.Id, o.Result, o.Hash) : null;
        });
        evaluate.Add(started);

        started = System.Diagnostics.Stopwatch.GetTimestamp();
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

            if (item.Result.BlocksSubmission)
            {
                var report = chunk[i];
                var department = departments[report.DepartmentId];
                culprits.Add(new BatchCulprit(department.Code, department.Name, department.Region, report.Revision, report.Status.ToChinese(),
                    item.Result.Rules.Where(r => r.Rule.Severity == RuleSeverity.Error && r.Status == CheckStatus.Fail)
                        .Select(r => new CulpritRule(r.Rule.Id, r.Rule.Label, r.Checks.Count(c => c.Status == CheckStatus.Fail))).ToList()));
            }

            var existing = stored.GetValueOrDefault(item.ReportId);
            if (existing is null || existing.DataHash != item.Hash)
            {
                ReconciliationService.Store(db, existing, item.ReportId, item.Hash, item.Result, now);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        store.Add(started);
        return culprits;
    }

    /// <summary>Time spent in one phase, added up across chunks (thread-safe: loads run beside evaluation).</summary>
    private sealed class PhaseClock
    {
        private long _ticks;

        public void Add(long startedTimestamp) => Interlocked.Add(ref _ticks, System.Diagnostics.Stopwatch.GetElapsedTime(startedTimestamp).Ticks);

        public double Seconds => TimeSpan.FromTicks(Interlocked.Read(ref _ticks)).TotalSeconds;
    }
}
