using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Infrastructure.Reports;

public sealed record DepartmentSummary(string Code, string Name, IReadOnlyList<string> Aliases, string Region, string Level, IReadOnlyList<int> PublishedYears, bool Synthetic = false);

public sealed record PublishedRevision(int FiscalYear, int Revision, DateTimeOffset? PublishedAt);

public sealed record DepartmentDetail(Department Department, IReadOnlyList<PublishedRevision> Published);

/// <summary>A report as listed in a workspace: department, year, revision and where it is in the workflow.</summary>
public sealed record WorkItem(string Code, string Department, string Region, int FiscalYear, int Revision, ReportStatus Status, DateTimeOffset UpdatedAt);

/// <summary>A department-year's latest published revision, as open data lists it.</summary>
public sealed record PublishedEntry(Guid ReportId, string Code, string Name, string Region, string Level, int FiscalYear, int Revision, int Version, DateTimeOffset PublishedAt, bool Synthetic = false);

public sealed record PublishedReport(Department Department, Report Report, IReadOnlyList<int> EarlierRevisions);

/// <summary>
/// Read side for the public pages and API. Only published reports are visible here: drafts and reports under review
/// never reach the public. Each call uses its own short-lived context (safe for Blazor Server).
/// </summary>
public sealed class ReportQueries(IDbContextFactory<FinalAccountsDbContext> contexts)
{
    public async Task<IReadOnlyList<DepartmentSummary>> ListDepartmentsAsync(string? search, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Departments.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var text = search.Trim();
            query = query.Where(d => d.Name.Contains(text) || d.Code.Contains(text) || d.Region.Contains(text) || d.Aliases.Any(a => a.Name.Contains(text)));
        }

        var departments = await query.OrderBy(d => d.Name).ToListAsync(cancellationToken);
        var ids = departments.Select(d => d.Id).ToList();
        var years = await db.Reports.AsNoTracking()
            .Where(r => ids.Contains(r.DepartmentId) && r.Status == ReportStatus.Published)
            .Select(r => new { r.DepartmentId, r.FiscalYear })
            .Distinct()
            .ToListAsync(cancellationToken);
        var yearsByDepartment = years.ToLookup(y => y.DepartmentId, y => y.FiscalYear);
        return departments
            .Select(d => new DepartmentSummary(
                d.Code,
                d.Name,
                d.Aliases.Select(a => a.Name).ToList(),
                d.Region,
                d.Level,
                yearsByDepartment[d.Id].OrderDescending().ToList(),
                d.Synthetic))
            .ToList();
    }

    public async Task<DepartmentDetail?> FindDepartmentAsync(string code, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var department = await db.Departments.AsNoTracking().SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (department is null)
        {
            return null;
        }

        var published = await db.Reports.AsNoTracking()
            .Where(r => r.DepartmentId == department.Id && r.Status == ReportStatus.Published)
            .Select(r => new { r.FiscalYear, r.Revision, r.PublishedAt })
            .ToListAsync(cancellationToken);
        return new DepartmentDetail(
            department,
            published.OrderByDescending(p => p.FiscalYear).ThenByDescending(p => p.Revision)
                .Select(p => new PublishedRevision(p.FiscalYear, p.Revision, p.PublishedAt)).ToList());
    }

    /// <summary>
    /// The latest revision of every report an actor works on: officers their departments', reviewers their region's,
    /// administrators all. Newest year first.
    /// </summary>
    public async Task<IReadOnlyList<WorkItem>> WorkspaceAsync(Domain.Accounts.Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().ToListAsync(cancellationToken);
        var visible = departments.Where(d => actor.Is(Domain.Accounts.Roles.Admin) || Domain.Accounts.AccessPolicy.CanEdit(actor, d) || Domain.Accounts.AccessPolicy.CanReview(actor, d))
            .ToDictionary(d => d.Id);
        var ids = visible.Keys.ToList();
        var reports = await db.Reports.AsNoTracking().Where(r => ids.Contains(r.DepartmentId))
            .Select(r => new { r.DepartmentId, r.FiscalYear, r.Revision, r.Status, r.UpdatedAt }).ToListAsync(cancellationToken);
        return reports.GroupBy(r => (r.DepartmentId, r.FiscalYear)).Select(g => g.MaxBy(r => r.Revision)!)
            .Select(r => new WorkItem(visible[r.DepartmentId].Code, visible[r.DepartmentId].Name, visible[r.DepartmentId].Region, r.FiscalYear, r.Revision, r.Status, r.UpdatedAt))
            .OrderByDescending(w => w.FiscalYear).ThenBy(w => w.Department, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<Department>> DepartmentsAsync(IReadOnlySet<Guid> ids, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var list = ids.ToList();
        return await db.Departments.AsNoTracking().Where(d => list.Contains(d.Id)).OrderBy(d => d.Name).ToListAsync(cancellationToken);
    }

    /// <summary>A given published revision (with cells), or null.</summary>
    public async Task<Report?> FindPublishedRevisionAsync(string code, int year, int revision, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Reports.AsNoTracking().Include(r => r.Cells)
            .Where(r => r.FiscalYear == year && r.Revision == revision && r.Status == ReportStatus.Published)
            .Join(db.Departments.Where(d => d.Code == code), r => r.DepartmentId, d => d.Id, (r, _) => r)
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The latest published revision of a department's report for a year, with all its cells.</summary>
    public async Task<PublishedReport?> FindPublishedAsync(string code, int year, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var department = await db.Departments.AsNoTracking().SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (department is null)
        {
            return null;
        }

        var revisions = await PublishedRevisionsAsync(db, department.Id, year, cancellationToken);
        if (revisions.Count == 0)
        {
            return null;
        }

        var latest = revisions.Max();
        var report = await db.Reports.AsNoTracking().AsSplitQuery()
            .Include(r => r.Cells)
            .SingleAsync(r => r.DepartmentId == department.Id && r.FiscalYear == year && r.Revision == latest, cancellationToken);
        return new PublishedReport(department, report, revisions.Where(r => r != latest).OrderDescending().ToList());
    }

    /// <summary>A given published revision of a department-year with its department and cells (downloads of earlier revisions).</summary>
    public async Task<PublishedReport?> FindPublishedRevisionOfAsync(string code, int year, int revision, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var id = await db.Reports.AsNoTracking()
            .Where(r => r.FiscalYear == year && r.Revision == revision && r.Status == ReportStatus.Published)
            .Join(db.Departments.Where(d => d.Code == code), r => r.DepartmentId, d => d.Id, (r, _) => r.Id)
            .SingleOrDefaultAsync(cancellationToken);
        return id == Guid.Empty ? null : await FindPublishedByIdAsync(id, cancellationToken);
    }

    /// <summary>
    /// The latest published revision of every department-year of a year (of a region: prefix of 区划), without cells:
    /// what open data is made from, and its fingerprint (ids and versions) for caching it.
    /// </summary>
    public async Task<IReadOnlyList<PublishedEntry>> PublishedEntriesAsync(int? year, string? regionPrefix, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var reports = db.Reports.AsNoTracking().Where(r => r.Status == ReportStatus.Published);
        if (year is { } y)
        {
            reports = reports.Where(r => r.FiscalYear == y);
        }

        var departments = db.Departments.AsNoTracking();
        if (!string.IsNullOrEmpty(regionPrefix))
        {
            departments = departments.Where(d => d.Region.StartsWith(regionPrefix));
        }

        var rows = await reports.Join(departments, r => r.DepartmentId, d => d.Id, (r, d) => new { r.Id, r.FiscalYear, r.Revision, r.Version, r.PublishedAt, r.UpdatedAt, d.Code, d.Name, d.Region, d.Level, d.Synthetic })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => (r.Code, r.FiscalYear)).Select(g => g.MaxBy(r => r.Revision)!)
            .Select(r => new PublishedEntry(r.Id, r.Code, r.Name, r.Region, r.Level, r.FiscalYear, r.Revision, r.Version, r.PublishedAt ?? r.UpdatedAt, r.Synthetic))
            .OrderBy(r => r.Region, StringComparer.Ordinal).ThenBy(r => r.Code, StringComparer.Ordinal).ThenBy(r => r.FiscalYear)
            .ToList();
    }

    /// <summary>Published revisions by id, with their cells (open data; in batches by the caller).</summary>
    public async Task<IReadOnlyList<Report>> PublishedReportsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var list = ids.ToList();
        return await db.Reports.AsNoTracking().AsSplitQuery().Include(r => r.Cells)
            .Where(r => list.Contains(r.Id) && r.Status == ReportStatus.Published)
            .ToListAsync(cancellationToken);
    }

    /// <summary>A published revision by id (any revision, not only the latest), with its cells.</summary>
    public async Task<PublishedReport?> FindPublishedByIdAsync(Guid reportId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var report = await db.Reports.AsNoTracking().AsSplitQuery().Include(r => r.Cells)
            .SingleOrDefaultAsync(r => r.Id == reportId && r.Status == ReportStatus.Published, cancellationToken);
        if (report is null)
        {
            return null;
        }

        var department = await db.Departments.AsNoTracking().SingleAsync(d => d.Id == report.DepartmentId, cancellationToken);
        var others = (await PublishedRevisionsAsync(db, department.Id, report.FiscalYear, cancellationToken)).Where(r => r != report.Revision).OrderDescending().ToList();
        return new PublishedReport(department, report, others);
    }

    /// <summary>The archived auditor pack of a published revision, if built.</summary>
    public async Task<ArchivedPack?> FindArchivedPackAsync(Guid reportId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ArchivedPacks.AsNoTracking().SingleOrDefaultAsync(p => p.ReportId == reportId, cancellationToken);
    }

    /// <summary>The SHA-256 of a published revision's archived pack (without loading the pack), or null while it is being built.</summary>
    public async Task<string?> ArchivedPackHashAsync(Guid reportId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ArchivedPacks.AsNoTracking().Where(p => p.ReportId == reportId).Select(p => p.Sha256).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Codes of the departments of a region (prefix of 区划, e.g. 江西省 or 江西省景德镇市) with a published report for a year.</summary>
    public async Task<IReadOnlyList<string>> PublishedCodesAsync(string regionPrefix, int year, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Departments.AsNoTracking()
            .Where(d => d.Region.StartsWith(regionPrefix))
            .Where(d => db.Reports.Any(r => r.DepartmentId == d.Id && r.FiscalYear == year && r.Status == ReportStatus.Published))
            .OrderBy(d => d.Code)
            .Select(d => d.Code)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Published revisions of a department-year other than <paramref name="revision"/>, newest first (no cells loaded).</summary>
    public async Task<IReadOnlyList<int>> OtherPublishedRevisionsAsync(Guid departmentId, int year, int revision, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await PublishedRevisionsAsync(db, departmentId, year, cancellationToken)).Where(r => r != revision).OrderDescending().ToList();
    }

    private static Task<List<int>> PublishedRevisionsAsync(FinalAccountsDbContext db, Guid departmentId, int year, CancellationToken cancellationToken) =>
        db.Reports.AsNoTracking()
            .Where(r => r.DepartmentId == departmentId && r.FiscalYear == year && r.Status == ReportStatus.Published)
            .Select(r => r.Revision)
            .ToListAsync(cancellationToken);
}
