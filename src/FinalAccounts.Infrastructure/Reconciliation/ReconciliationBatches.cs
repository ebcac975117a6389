using System.Collections.Concurrent;
using System.Threading.Channels;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FinalAccounts.Infrastructure.Reconciliation;

public enum BatchState
{
    Queued,
    Running,
    Completed,
    Failed,
}

/// <summary>Progress of one batch: reconciling every report of a fiscal year.</summary>
public sealed class BatchJob(Guid id, int fiscalYear, DateTimeOffset queuedAt)
{
    private int _done;
    private int _blocking;

    public Guid Id { get; } = id;
    public int FiscalYear { get; } = fiscalYear;
    public DateTimeOffset QueuedAt { get; } = queuedAt;
    public BatchState State { get; internal set; } = BatchState.Queued;
    public int Total { get; internal set; }
    public int Done => _done;

    /// <summary>Reports with at least one failing error-level rule.</summary>
    public int WithErrors => _blocking;

    public DateTimeOffset? StartedAt { get; internal set; }
    public DateTimeOffset? FinishedAt { get; internal set; }
    public string? Error { get; internal set; }
    public double Percent => Total == 0 ? (State == BatchState.Completed ? 100 : 0) : Math.Round(100.0 * Done / Total, 1);

    internal void Advance(int reports, int blocking)
    {
        Interlocked.Add(ref _done, reports);
        Interlocked.Add(ref _blocking, blocking);
    }
}

/// <summary>
/// Reconciles all reports of a year in the background, in chunks: one query for a chunk's cells, evaluation on all
/// cores, one save of the chunk's results. Progress is visible while it runs.
/// </summary>
public sealed class ReconciliationBatches(
    IDbContextFactory<FinalAccountsDbContext> contexts,
    ReconciliationService service,
    TimeProvider clock,
    ILogger<ReconciliationBatches> logger) : BackgroundService
{
    public const int ChunkSize = 500;

    private readonly Channel<BatchJob> _queue = Channel.CreateUnbounded<BatchJob>();
    private readonly ConcurrentDictionary<Guid, BatchJob> _jobs = new();

    public BatchJob Enqueue(int fiscalYear)
    {
        var job = new BatchJob(Guid.NewGuid(), fiscalYear, clock.GetUtcNow());
        _jobs[job.Id] = job;
        _queue.Writer.TryWrite(job);
        return job;
    }

    public BatchJob? Find(Guid id) => _jobs.GetValueOrDefault(id);

    public IReadOnlyList<BatchJob> Recent => _jobs.Values.OrderByDescending(j => j.QueuedAt).Take(20).ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(job, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                job.State = BatchState.Failed;
                job.Error = "批量校验中断：" + ex.Message;
                job.FinishedAt = clock.GetUtcNow();
                logger.LogError(ex, "Reconciliation batch {Job} for {Year} failed", job.Id, job.FiscalYear);
            }
        }
    }

    /// <summary>Runs a batch to the end on the calling task (the background service calls this; so do benchmarks).</summary>
    public async Task RunAsync(BatchJob job, CancellationToken cancellationToken)
    {
        job.State = BatchState.Running;
        job.StartedAt = clock.GetUtcNow();
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var reports = await db.Reports.AsNoTracking().Where(r => r.FiscalYear == job.FiscalYear).ToListAsync(cancellationToken);
            var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, cancellationToken);
            job.Total = reports.Count;
            logger.LogInformation("Reconciliation batch {Job}: {Count} reports of {Year}", job.Id, reports.Count, job.FiscalYear);
            foreach (var chunk in reports.Chunk(ChunkSize))
            {
                await RunChunkAsync(job, chunk, departments, cancellationToken);
                logger.LogInformation("Reconciliation batch {Job}: {Done}/{Total}", job.Id, job.Done, job.Total);
            }
        }

        job.State = BatchState.Completed;
        job.FinishedAt = clock.GetUtcNow();
    }

    private async Task RunChunkAsync(BatchJob job, Report[] chunk, Dictionary<Guid, Domain.Departments.Department> departments, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = chunk.Select(r => r.Id).ToList();
        var rows = await db.ReportCells.AsNoTracking()
            .Where(c => ids.Contains(EF.Property<Guid>(c, "ReportId")))
            .Select(c => new { ReportId = EF.Property<Guid>(c, "ReportId"), c.TableNo, c.RowKey, c.Column, c.Value })
            .ToListAsync(cancellationToken);
        var cells = rows.GroupBy(r => r.ReportId).ToDictionary(g => g.Key, g => g.Select(c => new ReportCell(c.TableNo, c.RowKey, c.Column, c.Value)).ToList());
        var evaluated = new (Guid ReportId, Domain.Reconciliation.ReconciliationResult Result, string Hash)?[chunk.Length];
        Parallel.For(0, chunk.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var report = chunk[i];
            var outcome = service.Evaluate(report.TemplateSetId, cells.GetValueOrDefault(report.Id) ?? [], ReconciliationService.FactsOf(report, departments[report.DepartmentId]));
            evaluated[i] = outcome is { } o ? (report.Id, o.Result, o.Hash) : null;
        });

        var stored = await db.Reconciliations.Where(r => ids.Contains(r.ReportId)).ToDictionaryAsync(r => r.ReportId, cancellationToken);
        var now = clock.GetUtcNow();
        var blocking = 0;
        foreach (var item in evaluated.OfType<(Guid ReportId, Domain.Reconciliation.ReconciliationResult Result, string Hash)>())
        {
            blocking += item.Result.BlocksSubmission ? 1 : 0;
            var existing = stored.GetValueOrDefault(item.ReportId);
            if (existing is null || existing.DataHash != item.Hash)
            {
                ReconciliationService.Store(db, existing, item.ReportId, item.Hash, item.Result, now);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        job.Advance(chunk.Length, blocking);
    }
}
