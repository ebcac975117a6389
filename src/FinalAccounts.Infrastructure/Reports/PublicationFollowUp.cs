using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Jobs;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reconciliation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FinalAccounts.Infrastructure.Reports;

/// <summary>The input of a pack job: the published revision whose auditor pack is built and archived.</summary>
public sealed record PackParameters(Guid ReportId);

/// <summary>
/// What follows publication: a published revision never changes, so its reconciliation is stored and its auditor
/// pack is built (a background job, any node) once, at publication. Readers then only read.
/// </summary>
public sealed class PublicationFollowUp(IDbContextFactory<FinalAccountsDbContext> contexts, ReconciliationService reconciliation, JobStore jobs, Search.SearchIndex search, ILogger<PublicationFollowUp> logger)
{
    public async Task AfterPublishAsync(Report report, Department department, CancellationToken cancellationToken = default)
    {
        await reconciliation.ReconcileAsync(report, department, cancellationToken: cancellationToken);
        await search.IndexAsync(report.Id, cancellationToken);
        await jobs.EnqueueAsync(JobKinds.ReportPack, new PackParameters(report.Id), department.Region, report.FiscalYear, "（公开后自动）", cancellationToken);
    }

    /// <summary>
    /// At start-up: published revisions that lack a stored reconciliation or an archived pack (demo data, imports,
    /// revisions published before packs were archived) get them now, so that no reader ever has to write.
    /// </summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var published = await db.Reports.AsNoTracking().Where(r => r.Status == ReportStatus.Published)
            .Select(r => new
            {
                r.Id,
                Reconciled = db.Reconciliations.Any(s => s.ReportId == r.Id),
                Packed = db.ArchivedPacks.Any(p => p.ReportId == r.Id),
            })
            .Where(r => !r.Reconciled || !r.Packed)
            .ToListAsync(cancellationToken);
        foreach (var item in published)
        {
            var report = await db.Reports.AsNoTracking().Include(r => r.Cells).SingleAsync(r => r.Id == item.Id, cancellationToken);
            var department = await db.Departments.AsNoTracking().Include(d => d.Aliases).SingleAsync(d => d.Id == report.DepartmentId, cancellationToken);
            if (!item.Reconciled)
            {
                await reconciliation.ReconcileAsync(report, department, cancellationToken: cancellationToken);
            }

            var parameters = System.Text.Json.JsonSerializer.Serialize(new PackParameters(report.Id), JobStore.Json);
            if (!item.Packed && !await jobs.PendingAsync(JobKinds.ReportPack, parameters, cancellationToken))
            {
                await jobs.EnqueueAsync(JobKinds.ReportPack, new PackParameters(report.Id), department.Region, report.FiscalYear, "（启动时补做）", cancellationToken);
                logger.LogInformation("Pack of {Department} {Year} r{Revision} queued", department.Code, report.FiscalYear, report.Revision);
            }
        }
    }
}
