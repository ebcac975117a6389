using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Reconciliation;
using FinalAccounts.Infrastructure.Reports;

namespace FinalAccounts.Application.Reports;

/// <summary>An officer submits the draft: no error-level finding may remain, and every warning needs an explanation.</summary>
public sealed class SubmitReport(ReportSteps steps)
{
    public Task<Result<StatusChanged>> ExecuteAsync(Caller caller, string code, int year, IReadOnlyDictionary<string, string> explanations, CancellationToken cancellationToken = default) =>
        steps.TransitionAsync(caller, code, year, AuditActions.Submit, AccessPolicy.CanEdit, "填报人", (report, department) =>
        {
            var outcome = steps.Reconciliation.Evaluate(report, department);
            return outcome is null
                ? Result<ReportStatus>.Failure(new DomainError("workflow.no_rules", $"模板 {report.TemplateSetId} 没有审核规则"))
                : report.Submit(outcome.Value.Result, explanations, steps.Now);
        }, cancellationToken);
}
