using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Regions;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Infrastructure.Regions;

/// <summary>
/// Where a department of a region stands in a year, for the public: its latest revision's status only, and the latest
/// published revision (with cells) if any. An unpublished revision's figures are never loaded.
/// </summary>
public sealed record RegionDepartmentYear(Department Department, ReportStatus? LatestStatus, Report? Published);

/// <summary>A region's departments (its own and its sub-regions') and what each has published, counted per tree node.</summary>
public sealed record RegionCounts(int Departments, int Published);

/// <summary>Read side of the public region pages (ADR 0023): reads only, published figures only.</summary>
public sealed class RegionQueries(IDbContextFactory<FinalAccountsDbContext> contexts)
{
    /// <summary>Every department in the region or below (region string prefix) and its state in the year.</summary>
    public async Task<IReadOnlyList<RegionDepartmentYear>> DepartmentsAsync(Region region, int year, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var path = region.FullName;
        var departments = await db.Departments.AsNoTracking().Where(d => d.Region.StartsWith(path)).ToListAsync(cancellationToken);
        var ids = departments.Select(d => d.Id).ToList();
        var reports = await db.Reports.AsNoTracking().Where(r => r.FiscalYear == year && ids.Contains(r.DepartmentId))
            .Select(r => new { r.Id, r.DepartmentId, r.Revision, r.Status }).ToListAsync(cancellationToken);
        var latest = reports.GroupBy(r => r.DepartmentId).ToDictionary(g => g.Key, g => g.MaxBy(r => r.Revision)!.Status);
        var publishedIds = reports.Where(r => r.Status == ReportStatus.Published).GroupBy(r => r.DepartmentId).Select(g => g.MaxBy(r => r.Revision)!.Id).ToList();
        var published = await db.Reports.AsNoTracking().AsSplitQuery().Include(r => r.Cells)
            .Where(r => publishedIds.Contains(r.Id) && r.Status == ReportStatus.Published).ToDictionaryAsync(r => r.DepartmentId, cancellationToken);
        return departments.Select(d => new RegionDepartmentYear(d, latest.TryGetValue(d.Id, out var status) ? status : null, published.GetValueOrDefault(d.Id))).ToList();
    }

    /// <summary>Per department region string: how many departments, and how many published department-years (all years).</summary>
    public async Task<(IReadOnlyList<(string Region, Guid Department)> Departments, IReadOnlyList<(Guid Department, int Year)> Published)> OverviewAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().Select(d => new { d.Region, d.Id }).ToListAsync(cancellationToken);
        var published = await db.Reports.AsNoTracking().Where(r => r.Status == ReportStatus.Published)
            .Select(r => new { r.DepartmentId, r.FiscalYear }).Distinct().ToListAsync(cancellationToken);
        return (departments.Select(d => (d.Region, d.Id)).ToList(), published.Select(p => (p.DepartmentId, p.FiscalYear)).ToList());
    }
}
