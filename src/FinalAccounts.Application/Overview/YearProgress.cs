using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reports;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Application.Overview;

/// <summary>Where one department stands in a year: its latest revision's status, or not started.</summary>
public sealed record DepartmentProgress(string Code, string Name, string Region, string Level, string State, string StateText, int? Revision, DateTimeOffset? UpdatedAt, DateTimeOffset? PublishedAt, bool Synthetic = false);

/// <summary>A year at a glance: every department in the caller's scope and how many are at each stage.</summary>
public sealed record YearProgressView(int Year, string? Region, IReadOnlyList<DepartmentProgress> Departments, IReadOnlyDictionary<string, int> Counts);

/// <summary>
/// The year overview for administrators (every department) and reviewers (their region): who has not started, who
/// is drafting, who has submitted, who is published — the latest revision of each department's report of the year.
/// </summary>
public sealed class YearProgress(IDbContextFactory<FinalAccountsDbContext> contexts)
{
    public const string NotStarted = "not-started";

    public async Task<Result<YearProgressView>> ExecuteAsync(Caller caller, int year, string? region, CancellationToken cancellationToken = default)
    {
        var actor = caller.Actor;
        if (actor is null || !(actor.Is(Roles.Admin) || actor.Is(Roles.Reviewer)))
        {
            return Result<YearProgressView>.Failure(new DomainError("progress.forbidden", "只有管理员和审核人可以查看年度进度"));
        }

        if (year is < 2000 or > 2100)
        {
            return Result<YearProgressView>.Failure(new DomainError("progress.year", $"年度 {year} 无效", "year"));
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var departments = (await db.Departments.AsNoTracking().OrderBy(d => d.Region).ThenBy(d => d.Name).ToListAsync(cancellationToken))
            .Where(d => actor.Is(Roles.Admin) || AccessPolicy.CanReview(actor, d))
            .Where(d => string.IsNullOrWhiteSpace(region) || d.Region.StartsWith(region.Trim(), StringComparison.Ordinal))
            .ToList();
        var ids = departments.Select(d => d.Id).ToList();
        var reports = await db.Reports.AsNoTracking()
            .Where(r => r.FiscalYear == year && ids.Contains(r.DepartmentId))
            .Select(r => new { r.DepartmentId, r.Revision, r.Status, r.UpdatedAt, r.PublishedAt })
            .ToListAsync(cancellationToken);
        // One pass per department's reports (a province has thousands of departments): the latest revision and the last publication.
        var byDepartment = reports.GroupBy(r => r.DepartmentId).ToDictionary(
            g => g.Key,
            g => (Latest: g.OrderByDescending(r => r.Revision).First(), Published: g.Max(r => r.PublishedAt)));
        var rows = departments.Select(d => byDepartment.TryGetValue(d.Id, out var found)
                ? new DepartmentProgress(d.Code, d.Name, d.Region, d.Level, found.Latest.Status.ToString(), found.Latest.Status.ToChinese(), found.Latest.Revision, found.Latest.UpdatedAt, found.Published, d.Synthetic)
                : new DepartmentProgress(d.Code, d.Name, d.Region, d.Level, NotStarted, "未开始", null, null, null, d.Synthetic))
            .ToList();
        var counts = rows.GroupBy(r => r.StateText).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return Result<YearProgressView>.Success(new YearProgressView(year, string.IsNullOrWhiteSpace(region) ? null : region.Trim(), rows, counts));
    }
}
