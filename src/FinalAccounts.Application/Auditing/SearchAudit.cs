using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Infrastructure.Reports;

namespace FinalAccounts.Application.Auditing;

/// <summary>The entries found and the scope they were searched in (all, or a region's departments plus the caller's own).</summary>
public sealed record AuditSearchResult(IReadOnlyList<AuditEntry> Entries, AuditScope Scope);

/// <summary>
/// Audit search for the page and the API: administrators and reviewers only; the filters always apply within the
/// caller's scope (<see cref="AuditQueries"/>), so a filter outside it finds nothing.
/// </summary>
public sealed class SearchAudit(AuditQueries queries)
{
    public async Task<Result<AuditSearchResult>> ExecuteAsync(Caller caller, AuditFilter filter, CancellationToken cancellationToken = default)
    {
        if (!AccessPolicy.CanReadAudit(caller.Actor))
        {
            return Result<AuditSearchResult>.Failure(new DomainError("audit.forbidden", "只有管理员和审核人可以查询审计日志"));
        }

        var entries = await queries.SearchAsync(caller.Actor, filter, cancellationToken);
        return Result<AuditSearchResult>.Success(new AuditSearchResult(entries, AccessPolicy.AuditScopeOf(caller.Actor)));
    }
}
