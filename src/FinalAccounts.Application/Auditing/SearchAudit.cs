using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Infrastructure.Reports;

namespace FinalAccounts.Application.Auditing;

/// <summary>The entries found and the scope they were searched in (all, or a region's departments plus the caller's own).</summary>
public sealed record AuditSearchResult(IReadOnlyList<AuditEntry> Entries, AuditScope Scope, IReadOnlyDictionary<Guid, string> CellLabels)
{
    /// <summary>The entry's cell as its report's template set names the table (e.g. 公开06表[…] or 表5[…]); blank without a cell.</summary>
    public string CellLabel(AuditEntry entry) => CellLabels.GetValueOrDefault(entry.Id, "");
}

/// <summary>
/// Audit search for the page and the API: administrators and reviewers only; the filters always apply within the
/// caller's scope (<see cref="AuditQueries"/>), so a filter outside it finds nothing.
/// </summary>
public sealed class SearchAudit(AuditQueries queries, FinalAccounts.Infrastructure.Templates.ReferenceData reference)
{
    public async Task<Result<AuditSearchResult>> ExecuteAsync(Caller caller, AuditFilter filter, CancellationToken cancellationToken = default)
    {
        if (!AccessPolicy.CanReadAudit(caller.Actor))
        {
            return Result<AuditSearchResult>.Failure(new DomainError("audit.forbidden", "只有管理员和审核人可以查询审计日志"));
        }

        var entries = await queries.SearchAsync(caller.Actor, filter, cancellationToken);
        var withCells = entries.Where(e => e.TableNo is not null).ToList();
        var sets = await queries.TemplateSetsOfAsync(withCells.Where(e => e.ReportId is not null).Select(e => e.ReportId!.Value).Distinct().ToList(), cancellationToken);
        var labels = withCells.ToDictionary(e => e.Id, e =>
        {
            var set = e.ReportId is { } id && sets.TryGetValue(id, out var setId) ? reference.Templates.Find(setId) : null;
            var table = set?.TableName(e.TableNo!) ?? $"表 {e.TableNo}";
            return $"{table}[{e.RowKey},{e.Column}]";
        });
        return Result<AuditSearchResult>.Success(new AuditSearchResult(entries, AccessPolicy.AuditScopeOf(caller.Actor), labels));
    }
}
