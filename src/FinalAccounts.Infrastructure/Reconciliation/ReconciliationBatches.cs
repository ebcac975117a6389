using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Jobs;
using FinalAccounts.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FinalAccounts.Infrastructure.Reconciliation;

/// <summary>Progress of one batch: reconciling every report of a fiscal year.</summary>
public sealed class BatchJob(Guid id, int fiscalYear, DateTimeOffset queuedAt) : QueuedJob(id, queuedAt)
{
    private int _blocking;

    public int FiscalYear { get; } = fiscalYear;

    /// <summary>Reports with at least one failing error-level rule.</summary>
    public int WithErrors => _blocking;

    internal void Begin(int total) => Total = total;

    internal void Advance(int reports, int blocking)
    {
        AdvanceBy(reports);
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
    ILogger<ReconciliationBatches> logger) : JobQueue<BatchJob>(clock, logger)
{
    public const int ChunkSize = 500;

    protected override string FailurePrefix => "批量校验中断：";

    public BatchJob Enqueue(int fiscalYear) => Enqueue(new BatchJob(Guid.NewGuid(), fiscalYear, Clock.GetUtcNow()));

    protected override async Task WorkAsync(BatchJob job, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var reports = await db.Reports.AsNoTracking().Where(r => r.FiscalYear == job.FiscalYear).ToListAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, cancellationToken);
        job.Begin(reports.Count);
        Logger.LogInformation("Reconciliation batch {Job}: {Count} reports of {Year}", job.Id, reports.Count, job.FiscalYear);
        foreach (var chunk in reports.Chunk(ChunkSize))
        {
            await RunChunkAsync(job, chunk, departments, cancellationToken);
            Logger.LogInformation("Reconciliation batch {Job}: {Done}/{Total}", job.Id, job.Done, job.Total);
        }
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
        var now = Clock.GetUtcNow();
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
