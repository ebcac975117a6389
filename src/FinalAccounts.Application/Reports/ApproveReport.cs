using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Infrastructure.Reports;

namespace FinalAccounts.Application.Reports;

/// <summary>A reviewer of the department's region approves a submitted report.</summary>
public sealed class ApproveReport(ReportSteps steps)
{
    public Task<Result<StatusChanged>> ExecuteAsync(Caller caller, string code, int year, CancellationToken cancellationToken = default) =>
        steps.TransitionAsync(caller, code, year, AuditActions.Approve, AccessPolicy.CanReview, "审核人",
            (report, _) => report.Approve(steps.Now), cancellationToken);
}
