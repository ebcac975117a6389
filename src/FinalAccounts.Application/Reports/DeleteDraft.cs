using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Reports;

namespace FinalAccounts.Application.Reports;

/// <summary>
/// Deletes the working draft (draft or returned, never submitted or published data) for one of the department's
/// officers, if it is still at the expected version. A deleted correction leaves the published revision it started
/// from as it was. The audit log keeps the record (entries are never deleted).
/// </summary>
public sealed class DeleteDraft(ReportSteps steps)
{
    public async Task<Result<DraftDeleted>> ExecuteAsync(Caller caller, string code, int year, int? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await steps.OpenAsync(cancellationToken);
        var loaded = await steps.LoadEditableAsync(db, caller, code, year, "删除", cancellationToken);
        if (!loaded.IsSuccess)
        {
            return loaded.Errors[0].Code == "workflow.invalid_transition"
                ? ReportSteps.Fail<DraftDeleted>("workflow.invalid_transition", "只能删除草稿或被退回的决算；已报送、已审核或已公开的版本不能删除")
                : Result<DraftDeleted>.Failure(loaded.Errors);
        }

        var (report, department) = loaded.Value;
        if (ReportSteps.CheckVersion(report, expectedVersion, $"您载入后，他人已修改了这份决算（当前版本 {report.Version}），未删除；请重新载入后再决定") is { } refused)
        {
            return Result<DraftDeleted>.Failure(refused);
        }

        var deleted = new DraftDeleted(report.Revision, report.Status, report.Cells.Count);
        db.Reports.Remove(report);
        steps.Audit(db, caller, AuditActions.ReportDelete, $"删除 {year} 年度第 {report.Revision} 版草稿（{report.Status.ToChinese()}，{report.Cells.Count} 个单元格）", report, department);
        return await steps.SaveAsync(db, loaded.Value, reconcile: false, "report.conflict", "删除时他人已修改了这份决算，未删除；请重新载入", cancellationToken) is { } conflict
            ? Result<DraftDeleted>.Failure(conflict)
            : Result<DraftDeleted>.Success(deleted);
    }
}
