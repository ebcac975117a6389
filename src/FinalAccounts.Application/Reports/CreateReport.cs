using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Reports;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Application.Reports;

/// <summary>
/// An officer creates a year's report: revision 1 (概况 copied from last year, tables empty), or — if the latest
/// revision is published — a new revision starting from it. A second working revision is a conflict.
/// </summary>
public sealed class CreateReport(ReportSteps steps)
{
    public async Task<Result<ReportView>> ExecuteAsync(Caller caller, string code, int year, string templateSetId, CancellationToken cancellationToken = default)
    {
        await using var db = await steps.OpenAsync(cancellationToken);
        var department = await db.Departments.SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (department is null)
        {
            return ReportSteps.Fail<ReportView>("report.not_found", $"部门“{code}”不存在");
        }

        if (!AccessPolicy.CanEdit(caller.Actor, department))
        {
            return ReportSteps.Fail<ReportView>("report.forbidden", $"您不是“{department.Name}”的填报人，不能创建其决算");
        }

        if (!department.Active)
        {
            return ReportSteps.Fail<ReportView>("report.department_inactive_conflict", $"部门“{department.Name}”已停用，不能新建决算；如需恢复请联系管理员");
        }

        if (!FiscalYears.IsValid(year))
        {
            return ReportSteps.Fail<ReportView>("report.bad_year", $"年度 {year} 无效");
        }

        // The set must serve the year: a 2031 report on a form declared for 2022–2026 is refused with the reason, and
        // without a set named the first one that serves the year (the department's locality first) is taken.
        var chosen = steps.Reference.Templates.ChooseFor(year, templateSetId, department.Region);
        if (!chosen.IsSuccess)
        {
            return Result<ReportView>.Failure(chosen.Errors);
        }

        var set = chosen.Value;

        var latest = await db.Reports.Include(r => r.Cells).Where(r => r.DepartmentId == department.Id && r.FiscalYear == year)
            .OrderByDescending(r => r.Revision).FirstOrDefaultAsync(cancellationToken);
        var now = steps.Now;
        Report report;
        if (latest is null)
        {
            report = new Report(department, year, set.Id, 1, now);
            var previousYear = await db.Reports.Where(r => r.DepartmentId == department.Id && r.FiscalYear == year - 1)
                .OrderByDescending(r => r.Revision).FirstOrDefaultAsync(cancellationToken);
            if (previousYear is not null)
            {
                // 概况 is copied from last year; the tables start empty.
                report.SetOverview(previousYear.NameInHeaders, previousYear.Duties, previousYear.Units.Select(u => new BudgetUnit(u.Seq, u.Name, u.BudgetLevel)), previousYear.Staff);
            }
        }
        else if (latest.Status == ReportStatus.Published)
        {
            report = latest.StartRevision(department, now);
        }
        else
        {
            return ReportSteps.Fail<ReportView>("report.conflict", $"{department.Name} {year} 年度已有{latest.Status.ToChinese()}的第 {latest.Revision} 版决算，不能重复创建");
        }

        db.Reports.Add(report);
        steps.Audit(db, caller, AuditActions.ReportCreate, $"创建 {year} 年度第 {report.Revision} 版（模板 {report.TemplateSetId}）", report, department);
        await db.SaveChangesAsync(cancellationToken);
        return Result<ReportView>.Success(new ReportView(report, department));
    }
}
