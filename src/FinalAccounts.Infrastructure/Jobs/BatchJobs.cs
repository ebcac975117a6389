using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reports;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Infrastructure.Jobs;

/// <summary>The input of a batch over a region and a year.</summary>
public sealed record BatchParameters(int FiscalYear, string Region);

/// <summary>
/// Batches (reconciliation, export) for the pages and the API alike: who may start one and over which region, the
/// audit entry for the start, and which jobs a caller may see (reviewers only their region's).
/// </summary>
public sealed class BatchJobs(JobStore store, IDbContextFactory<FinalAccountsDbContext> contexts, TimeProvider clock)
{
    public async Task<Result<JobRecord>> StartAsync(Caller caller, string kind, int fiscalYear, string? region, CancellationToken cancellationToken = default)
    {
        if (TextRules.Check(region, "区划", "region") is { } unreadable)
        {
            return Result<JobRecord>.Failure(unreadable);
        }

        var scope = AccessPolicy.BatchRegion(caller.Actor, region);
        if (!scope.IsSuccess)
        {
            return Result<JobRecord>.Failure(scope.Errors);
        }

        if (!FiscalYears.IsValid(fiscalYear))
        {
            return Result<JobRecord>.Failure(new DomainError("batch.bad_year", $"年度 {fiscalYear} 无效", "fiscalYear"));
        }

        var job = await store.EnqueueAsync(kind, new BatchParameters(fiscalYear, scope.Value), scope.Value, fiscalYear, caller.UserName, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), caller.UserName, caller.Address, AuditActions.BatchStart,
            $"发起{JobKinds.Chinese(kind)}：{fiscalYear} 年度，区划 {(scope.Value.Length == 0 ? "全部" : scope.Value)}（任务 {job.Id}）"));
        await db.SaveChangesAsync(cancellationToken);
        return Result<JobRecord>.Success(job);
    }

    /// <summary>A job of the given kind the caller may see; jobs of other regions are "not found" (their ids reveal nothing).</summary>
    public async Task<Result<JobRecord>> FindAsync(Caller caller, string kind, Guid id, CancellationToken cancellationToken = default)
    {
        var job = await store.FindAsync(id, cancellationToken);
        return job is not null && job.Kind == kind && AccessPolicy.CanSeeBatch(caller.Actor, job.Region)
            ? Result<JobRecord>.Success(job)
            : Result<JobRecord>.Failure(new DomainError("batch.not_found", $"{JobKinds.Chinese(kind)}任务 {id} 不存在，或不在您负责的区划内"));
    }

    public async Task<IReadOnlyList<JobRecord>> RecentAsync(Caller caller, string kind, CancellationToken cancellationToken = default)
    {
        if (caller.Actor is not { } actor || !AccessPolicy.CanSeeBatch(actor, actor.Region ?? ""))
        {
            return [];
        }

        return await store.RecentAsync(kind, actor.Is(Roles.Admin) ? "" : actor.Region ?? "", cancellationToken: cancellationToken);
    }

    public static string StateText(JobState state) => state switch
    {
        JobState.Queued => "排队中",
        JobState.Running => "进行中",
        JobState.Completed => "已完成",
        _ => "失败",
    };
}
