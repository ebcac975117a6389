using System.Globalization;
using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reconciliation;
using FinalAccounts.Infrastructure.Reports;
using FinalAccounts.Infrastructure.Templates;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Application.Reports;

/// <summary>
/// The steps every report use case shares, written once: load the working revision with the caller's access checked,
/// check the version a write was made against, write audit entries, and save (re-reconciling, turning a concurrent
/// write into a conflict). The DbContext is the unit of work; there is no repository in between.
/// </summary>
public sealed class ReportSteps(
    IDbContextFactory<FinalAccountsDbContext> contexts,
    ReferenceData reference,
    ReconciliationService reconciliation,
    TimeProvider clock,
    FinalAccounts.Infrastructure.Catalogs.CatalogStore catalogs)
{
    public ReferenceData Reference => reference;

    public ReconciliationService Reconciliation => reconciliation;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>
    /// A unit of work, after making sure the catalogues in memory are the current stored versions: another node may
    /// have imported one (ADR 0019), and validation and rules must see it before this use case reads or writes.
    /// </summary>
    public async Task<FinalAccountsDbContext> OpenAsync(CancellationToken cancellationToken)
    {
        await catalogs.EnsureCurrentAsync(cancellationToken);
        return await contexts.CreateDbContextAsync(cancellationToken);
    }

    /// <summary>The latest revision (any status) of a department's year, whoever asks.</summary>
    public async Task<Result<ReportView>> LoadWorkingAsync(FinalAccountsDbContext db, string code, int year, CancellationToken cancellationToken)
    {
        var department = await db.Departments.Include(d => d.Aliases).SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        var report = department is null ? null : await db.Reports.Include(r => r.Cells)
            .Where(r => r.DepartmentId == department.Id && r.FiscalYear == year)
            .OrderByDescending(r => r.Revision).FirstOrDefaultAsync(cancellationToken);
        return report is null
            ? Fail<ReportView>("report.not_found", $"部门“{code}”没有 {year} 年度的决算")
            : Result<ReportView>.Success(new ReportView(report, department!));
    }

    /// <summary>The working draft, if the caller is one of the department's officers and the report can still change.</summary>
    public async Task<Result<ReportView>> LoadEditableAsync(FinalAccountsDbContext db, Caller caller, string code, int year, string verb, CancellationToken cancellationToken)
    {
        var loaded = await LoadWorkingAsync(db, code, year, cancellationToken);
        if (!loaded.IsSuccess)
        {
            return loaded;
        }

        var (report, department) = loaded.Value;
        if (!AccessPolicy.CanEdit(caller.Actor, department))
        {
            return Fail<ReportView>("report.forbidden", $"您不是“{department.Name}”的填报人，不能{verb}其决算");
        }

        return report.IsEditable
            ? loaded
            : Fail<ReportView>("workflow.invalid_transition",
                $"{report.Status.ToChinese()}的决算不能{(verb == "导入" ? "导入修改" : verb)}{(report.Status == ReportStatus.Published ? "；更正请创建新的修订版" : "")}");
    }

    /// <summary>The working revision for those who may read it (officers of the department, its reviewers, admins); otherwise the latest published one.</summary>
    public async Task<Result<ReportView>> LoadReadableAsync(FinalAccountsDbContext db, Caller caller, string code, int year, CancellationToken cancellationToken)
    {
        var working = await LoadWorkingAsync(db, code, year, cancellationToken);
        if (!working.IsSuccess)
        {
            return working;
        }

        var (report, department) = working.Value;
        if (AccessPolicy.CanRead(caller.Actor, report, department))
        {
            return working;
        }

        var published = await db.Reports.Include(r => r.Cells)
            .Where(r => r.DepartmentId == department.Id && r.FiscalYear == year && r.Status == ReportStatus.Published)
            .OrderByDescending(r => r.Revision).FirstOrDefaultAsync(cancellationToken);
        return published is null
            ? Fail<ReportView>("report.not_found", $"部门“{code}”没有 {year} 年度已公开的决算")
            : Result<ReportView>.Success(new ReportView(published, department));
    }

    /// <summary>
    /// The version check of every write: none given is refused (it could silently undo someone else's save), a
    /// different one is a conflict with <paramref name="staleMessage"/>.
    /// </summary>
    public static DomainError? CheckVersion(Report report, int? expected, string staleMessage, string staleCode = "report.conflict") =>
        expected is null ? VersionRequired(report)
        : expected != report.Version ? new DomainError(staleCode, staleMessage)
        : null;

    public static DomainError VersionRequired(Report report) =>
        new("version.required", $"修改必须注明所依据的版本号（请求体 version 或请求头 If-Match；当前版本 {report.Version}），以免覆盖他人刚保存的修改", "version");

    /// <summary>An audit entry by the caller, about the report if one is given; added to the unit of work and returned for further detail.</summary>
    public AuditEntry Audit(FinalAccountsDbContext db, Caller caller, string action, string detail, Report? report = null, Department? department = null)
    {
        var entry = new AuditEntry(clock.GetUtcNow(), caller.UserName, caller.Address, action, detail);
        if (report is not null && department is not null)
        {
            entry.ForReport(report.Id, department.Code, report.FiscalYear);
        }

        db.AuditEntries.Add(entry);
        return entry;
    }

    /// <summary>Replaces a table's cells and records each changed cell (old → new) in the audit log.</summary>
    public IReadOnlyList<CellChange> ReplaceAudited(
        FinalAccountsDbContext db, Caller caller, ReportView target, string tableNo, IReadOnlyList<ReportCell> cells, DateTimeOffset at, string how)
    {
        var changes = target.Report.ReplaceTable(tableNo, cells.ToList(), at);
        var table = reference.Templates.Find(target.Report.TemplateSetId)?.TableName(tableNo) ?? $"表 {tableNo}";
        foreach (var change in changes)
        {
            Audit(db, caller, AuditActions.CellChange, $"{how}{table} {change.Address.RowKey} 栏{change.Address.Column}", target.Report, target.Department)
                .ForCell(tableNo, change.Address.RowKey, change.Address.Column, Text(change.Old), Text(change.New));
        }

        return changes;
    }

    /// <summary>
    /// Commits the unit of work; with <paramref name="reconcile"/> the report's reconciliation is re-staged first. A
    /// concurrent write (row version) becomes the conflict error <paramref name="conflictCode"/>.
    /// </summary>
    public async Task<DomainError?> SaveAsync(FinalAccountsDbContext db, ReportView target, bool reconcile, string conflictCode, string conflictMessage, CancellationToken cancellationToken)
    {
        if (reconcile)
        {
            await reconciliation.StageAsync(db, target.Report, target.Department, cancellationToken);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsConflict(e))
        {
            return new DomainError(conflictCode, conflictMessage);
        }
    }

    /// <summary>
    /// A workflow step: load, authorise (<paramref name="allowed"/>, named by <paramref name="role"/>), apply the domain
    /// transition, audit "before → after", save. What follows the step (publication) is the use case's, after this returns.
    /// </summary>
    public async Task<Result<StatusChanged>> TransitionAsync(
        Caller caller, string code, int year, string action, Func<Actor?, Department, bool> allowed, string role,
        Func<Report, Department, Result<ReportStatus>> transition, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var loaded = await LoadWorkingAsync(db, code, year, cancellationToken);
        if (!loaded.IsSuccess)
        {
            return Result<StatusChanged>.Failure(loaded.Errors);
        }

        var (report, department) = loaded.Value;
        if (!allowed(caller.Actor, department))
        {
            return Fail<StatusChanged>("report.forbidden", $"只有“{department.Name}”的{role}才能执行此操作");
        }

        var before = report.Status;
        var result = transition(report, department);
        if (!result.IsSuccess)
        {
            return Result<StatusChanged>.Failure(result.Errors);
        }

        Audit(db, caller, action, $"{before.ToChinese()} → {report.Status.ToChinese()}（第 {report.Revision} 版）", report, department);
        return await SaveAsync(db, loaded.Value, reconcile: false, "report.conflict", "他人刚刚修改了这份决算，请刷新后重试", cancellationToken) is { } conflict
            ? Result<StatusChanged>.Failure(conflict)
            : Result<StatusChanged>.Success(new StatusChanged(report, department, before));
    }

    public TemplateSet? TemplateOf(Report report) => reference.Templates.Find(report.TemplateSetId);

    public static Result<T> Fail<T>(string code, string message, string? target = null) => Result<T>.Failure(new DomainError(code, message, target));

    private static string? Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);
}
