using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Reports;

namespace FinalAccounts.Application.Reports;

/// <summary>A reviewer of the department's region returns a submitted report with comments.</summary>
public sealed class ReturnReport(ReportSteps steps)
{
    public Task<Result<StatusChanged>> ExecuteAsync(Caller caller, string code, int year, IReadOnlyList<ReviewComment> comments, CancellationToken cancellationToken = default) =>
        steps.TransitionAsync(caller, code, year, AuditActions.Return, AccessPolicy.CanReview, "审核人",
            (report, _) => report.Return(caller.UserName, comments, steps.Now), cancellationToken);
}
