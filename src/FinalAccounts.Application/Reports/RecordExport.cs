using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Reports;

namespace FinalAccounts.Application.Reports;

/// <summary>
/// Records a download (workbook, PDF, pack) by a signed-in user in the audit log. Anonymous downloads of published
/// data are not recorded: they identify nobody, and a write per public GET would let anyone flood the log.
/// </summary>
public sealed class RecordExport(ReportSteps steps)
{
    public async Task ExecuteAsync(Caller caller, ReportView exported, string what, CancellationToken cancellationToken = default)
    {
        if (caller.Actor is null)
        {
            return;
        }

        await using var db = await steps.OpenAsync(cancellationToken);
        var report = exported.Report;
        steps.Audit(db, caller, AuditActions.Export, $"导出{what}（第 {report.Revision} 版，{report.Status.ToChinese()}）", report, exported.Department);
        await db.SaveChangesAsync(cancellationToken);
    }
}
