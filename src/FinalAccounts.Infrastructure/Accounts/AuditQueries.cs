using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Auditing;
using FinalAccounts.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Infrastructure.Accounts;

/// <summary>What an audit search asks for; every filter is optional.</summary>
public sealed record AuditFilter(string? UserName, string? Action, string? DepartmentCode, int? FiscalYear, int Take);

/// <summary>
/// The one audit search, for the page and the API: the filters the caller asked for, always within the caller's
/// <see cref="AccessPolicy.AuditScopeOf"/> — a filter outside it simply finds nothing.
/// </summary>
public sealed class AuditQueries(IDbContextFactory<FinalAccountsDbContext> contexts)
{
    public async Task<IReadOnlyList<AuditEntry>> SearchAsync(Actor? actor, AuditFilter filter, CancellationToken cancellationToken = default)
    {
        var scope = AccessPolicy.AuditScopeOf(actor);
        if (scope == AuditScope.Nothing)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.AuditEntries.AsNoTracking();
        if (!scope.All)
        {
            var own = scope.OwnUserName;
            var region = scope.RegionPrefix;
            query = query.Where(a => (own != null && a.UserName == own)
                || (region != null && db.Departments.Any(d => d.Code == a.DepartmentCode && d.Region.StartsWith(region))));
        }

        query = string.IsNullOrWhiteSpace(filter.UserName) ? query : query.Where(a => a.UserName == filter.UserName);
        query = string.IsNullOrWhiteSpace(filter.Action) ? query : query.Where(a => a.Action == filter.Action);
        query = string.IsNullOrWhiteSpace(filter.DepartmentCode) ? query : query.Where(a => a.DepartmentCode == filter.DepartmentCode);
        query = filter.FiscalYear is null ? query : query.Where(a => a.FiscalYear == filter.FiscalYear);
        // Ids are version-7 GUIDs: ordered by creation time on both providers.
        return await query.OrderByDescending(a => a.Id).Take(Math.Clamp(filter.Take, 1, 1000)).ToListAsync(cancellationToken);
    }

    /// <summary>The template set of each of these reports, so a cell can be named in its own set's words.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> TemplateSetsOfAsync(IReadOnlyCollection<Guid> reportIds, CancellationToken cancellationToken = default)
    {
        if (reportIds.Count == 0)
        {
            return new Dictionary<Guid, string>();
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Reports.AsNoTracking().Where(r => reportIds.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, r => r.TemplateSetId, cancellationToken);
    }
}
