using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Infrastructure.Catalogs;
using FinalAccounts.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Infrastructure.Reports;

/// <summary>A department with the latest published revision of each of its years (oldest year first, with cells).</summary>
public sealed record DepartmentYears(Department Department, IReadOnlyList<Report> Reports);

/// <summary>Two published years compared, with the department; or why they could not be.</summary>
public sealed record YearComparisonResult(Department? Department, IReadOnlyList<int> Years, YearComparison? Comparison, string? Missing);

/// <summary>
/// The years of a department side by side (ADR 0024): only published revisions, the latest of each year, so nothing
/// unpublished ever shows; year-to-year comparisons map codes through the catalogue mappings (ADR 0019).
/// </summary>
public sealed class PublishedYears(IDbContextFactory<FinalAccountsDbContext> contexts, TemplateSetRegistry templates, ClassificationCatalogs catalogs, CatalogStore store)
{
    public async Task<DepartmentYears?> AllAsync(string code, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var department = await db.Departments.AsNoTracking().SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (department is null)
        {
            return null;
        }

        var latest = (await db.Reports.AsNoTracking()
                .Where(r => r.DepartmentId == department.Id && r.Status == ReportStatus.Published)
                .Select(r => new { r.Id, r.FiscalYear, r.Revision }).ToListAsync(cancellationToken))
            .GroupBy(r => r.FiscalYear).Select(g => g.MaxBy(r => r.Revision)!.Id).ToList();
        var reports = await db.Reports.AsNoTracking().AsSplitQuery().Include(r => r.Cells)
            .Where(r => latest.Contains(r.Id) && r.Status == ReportStatus.Published).ToListAsync(cancellationToken);
        return new DepartmentYears(department, reports.OrderBy(r => r.FiscalYear).ToList());
    }

    public async Task<YearComparisonResult?> CompareAsync(string code, int fromYear, int toYear, CancellationToken cancellationToken = default) =>
        await AllAsync(code, cancellationToken) is { } all ? await CompareAsync(all, fromYear, toYear, cancellationToken) : null;

    public async Task<YearComparisonResult> CompareAsync(DepartmentYears all, int fromYear, int toYear, CancellationToken cancellationToken = default)
    {
        var years = all.Reports.Select(r => r.FiscalYear).ToList();
        var from = all.Reports.FirstOrDefault(r => r.FiscalYear == fromYear);
        var to = all.Reports.FirstOrDefault(r => r.FiscalYear == toYear);
        if (from is null || to is null)
        {
            return new YearComparisonResult(all.Department, years, null, $"{(from is null ? fromYear : toYear)} 年度没有已公开的部门决算");
        }

        if (templates.Find(from.TemplateSetId) is not { } fromSet || templates.Find(to.TemplateSetId) is not { } toSet)
        {
            return new YearComparisonResult(all.Department, years, null, "表样不可用");
        }

        var mappings = new Dictionary<ClassificationKind, CodeMapping?>();
        foreach (var kind in new[] { ClassificationKind.Functional, ClassificationKind.Economic })
        {
            mappings[kind] = await MappingAsync(kind, fromYear, toYear, fromSet.CatalogYear, toSet.CatalogYear, cancellationToken);
        }

        return new YearComparisonResult(all.Department, years, YearComparison.Between(from, fromSet, to, toSet, catalogs, k => mappings.GetValueOrDefault(k)), null);
    }

    /// <summary>
    /// The mapping from one fiscal year's codes to another's: the pairs stored for the two years, else the stored
    /// year-to-year steps in between chained (2022→2023→2024), else — when the two reports' sets read different
    /// catalogue years — the pairs stored between those. Read backwards when the earlier year is on the right.
    /// </summary>
    private async Task<CodeMapping?> MappingAsync(ClassificationKind kind, int fromYear, int toYear, int fromCatalog, int toCatalog, CancellationToken cancellationToken)
    {
        var forward = await ForwardAsync(kind, Math.Min(fromYear, toYear), Math.Max(fromYear, toYear), cancellationToken);
        if (forward is null && fromCatalog != toCatalog && (fromCatalog, toCatalog) != (fromYear, toYear))
        {
            var reversed = fromCatalog > toCatalog;
            forward = await ForwardAsync(kind, Math.Min(fromCatalog, toCatalog), Math.Max(fromCatalog, toCatalog), cancellationToken);
            return forward is null ? null : reversed ? forward.Reverse() : forward;
        }

        return forward is null ? null : fromYear > toYear ? forward.Reverse() : forward;
    }

    private async Task<CodeMapping?> ForwardAsync(ClassificationKind kind, int fromYear, int toYear, CancellationToken cancellationToken)
    {
        if (fromYear >= toYear)
        {
            return null;
        }

        var direct = await store.MappingAsync(kind, fromYear, toYear, cancellationToken);
        if (direct.Pairs.Count > 0 || toYear - fromYear == 1)
        {
            return direct.Pairs.Count > 0 ? direct : null;
        }

        var chained = await store.MappingAsync(kind, fromYear, fromYear + 1, cancellationToken);
        for (var year = fromYear + 1; year < toYear; year++)
        {
            chained = chained.Then(await store.MappingAsync(kind, year, year + 1, cancellationToken));
        }

        return chained.Pairs.Count > 0 ? chained : null;
    }
}
