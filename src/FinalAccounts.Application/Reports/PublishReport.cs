using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Infrastructure.Reports;

namespace FinalAccounts.Application.Reports;

/// <summary>
/// A reviewer publishes an approved report; once the step is saved, what follows publication runs here too (stored
/// reconciliation, the auditor pack job: <see cref="PublicationFollowUp"/>), so no caller can publish without it.
/// </summary>
public sealed class PublishReport(ReportSteps steps, PublicationFollowUp followUp)
{
    public async Task<Result<StatusChanged>> ExecuteAsync(Caller caller, string code, int year, CancellationToken cancellationToken = default)
    {
        var published = await steps.TransitionAsync(caller, code, year, AuditActions.Publish, AccessPolicy.CanReview, "审核人",
            (report, _) => report.Publish(steps.Now), cancellationToken);
        if (published.IsSuccess)
        {
            // The publication is saved: finish what follows it even if the caller has gone.
            await followUp.AfterPublishAsync(published.Value.Report, published.Value.Department, CancellationToken.None);
        }

        return published;
    }
}
