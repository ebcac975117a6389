using System.Globalization;
using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reconciliation;
using FinalAccounts.Infrastructure.Templates;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Infrastructure.Reports;

/// <summary>Who acts, from where: the audit log records both.</summary>
public sealed record Caller(Actor? Actor, string Address)
{
    public string UserName => Actor?.UserName ?? "（匿名）";
}

/// <summary>A table of a report as read or written through the API: its cells and the report's version (for If-Match).</summary>
public sealed record TableState(Report Report, Department Department, string TableNo, IReadOnlyList<ReportCell> Cells);

/// <summary>An import: the changes it makes (or would make, in a preview) against the draft.</summary>
public sealed record ImportOutcome(Report Report, IReadOnlyList<CellChange> Changes, bool Applied);

/// <summary>A stale save: the cells as they are now, and where they differ from what the caller sent.</summary>
public sealed record SaveConflict(int CurrentVersion, IReadOnlyList<ReportCell> Current, IReadOnlyList<CellChange> Differences);

/// <summary>
/// Everything an officer or reviewer does to a report, for the UI and the API alike: authorise (AccessPolicy),
/// validate, change, audit every change, save in one transaction, re-reconcile. Errors are typed (codes ending in
/// <c>not_found</c>, <c>forbidden</c>, <c>conflict</c>, <c>invalid_transition</c> … map to 404/403/409/400).
/// </summary>
public sealed class ReportCommands(
    IDbContextFactory<FinalAccountsDbContext> contexts,
    ReferenceData reference,
    ReconciliationService reconciliation,
    PublicationFollowUp publication,
    TimeProvider clock)
{
    public async Task<Result<Report>> CreateAsync(Caller caller, string code, int year, string templateSetId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var department = await db.Departments.SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (department is null)
        {
            return Fail<Report>("report.not_found", $"部门“{code}”不存在");
        }

        if (!AccessPolicy.CanEdit(caller.Actor, department))
        {
            return Fail<Report>("report.forbidden", $"您不是“{department.Name}”的填报人，不能创建其决算");
        }

        if (!FiscalYears.IsValid(year))
        {
            return Fail<Report>("report.bad_year", $"年度 {year} 无效");
        }

        var set = reference.Templates.Find(templateSetId);
        if (set is null)
        {
            return Fail<Report>("report.unknown_template", $"模板“{templateSetId}”不存在");
        }

        var latest = await db.Reports.Include(r => r.Cells).Where(r => r.DepartmentId == department.Id && r.FiscalYear == year)
            .OrderByDescending(r => r.Revision).FirstOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow();
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
            return Fail<Report>("report.conflict", $"{department.Name} {year} 年度已有{latest.Status.ToChinese()}的第 {latest.Revision} 版决算，不能重复创建");
        }

        db.Reports.Add(report);
        db.AuditEntries.Add(Audit(caller, AuditActions.ReportCreate, $"创建 {year} 年度第 {report.Revision} 版（模板 {report.TemplateSetId}）").ForReport(report.Id, department.Code, year));
        await db.SaveChangesAsync(cancellationToken);
        return Result<Report>.Success(report);
    }

    /// <summary>
    /// Deletes the working draft (draft or returned, never submitted or published data) for one of the department's
    /// officers, if it is still at <paramref name="expectedVersion"/>. A deleted correction leaves the published
    /// revision it started from as it was. The audit log keeps the record (entries are never deleted).
    /// </summary>
    public async Task<Result<Report>> DeleteDraftAsync(Caller caller, string code, int year, int? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadEditableAsync(db, caller, code, year, "删除", cancellationToken);
        if (!loaded.IsSuccess)
        {
            return loaded.Errors[0].Code == "workflow.invalid_transition"
                ? Fail<Report>("workflow.invalid_transition", "只能删除草稿或被退回的决算；已报送、已审核或已公开的版本不能删除")
                : Result<Report>.Failure(loaded.Errors);
        }

        var (report, department) = loaded.Value;
        if (expectedVersion is null)
        {
            return Result<Report>.Failure(VersionRequired(report));
        }

        if (expectedVersion != report.Version)
        {
            return Fail<Report>("report.conflict", $"您载入后，他人已修改了这份决算（当前版本 {report.Version}），未删除；请重新载入后再决定");
        }

        db.Reports.Remove(report);
        db.AuditEntries.Add(Audit(caller, AuditActions.ReportDelete, $"删除 {year} 年度第 {report.Revision} 版草稿（{report.Status.ToChinese()}，{report.Cells.Count} 个单元格）").ForReport(report.Id, department.Code, year));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsConflict(e))
        {
            return Fail<Report>("report.conflict", "删除时他人已修改了这份决算，未删除；请重新载入");
        }

        return Result<Report>.Success(report);
    }

    /// <summary>The working revision (latest, any status) for those who may read it; otherwise the latest published one.</summary>
    public async Task<Result<TableState>> ReadTableAsync(Caller caller, string code, int year, string tableNo, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadReadableAsync(db, caller, code, year, cancellationToken);
        if (!loaded.IsSuccess)
        {
            return Result<TableState>.Failure(loaded.Errors);
        }

        var (report, department) = loaded.Value;
        return TemplateOf(report)?.FindTable(tableNo) is null
            ? Fail<TableState>("table.not_found", $"模板 {report.TemplateSetId} 没有公开{tableNo}表")
            : Result<TableState>.Success(new TableState(report, department, tableNo, report.CellsOf(tableNo).ToList()));
    }

    /// <summary>
    /// Replaces a table's cells as a whole or not at all. <paramref name="expectedVersion"/> is the report version the
    /// caller loaded; if someone saved since, nothing is written and the conflict shows their changes.
    /// </summary>
    public async Task<Result<(TableState State, IReadOnlyList<CellChange> Changes, SaveConflict? Conflict)>> SaveTableAsync(
        Caller caller, string code, int year, string tableNo, IReadOnlyList<CellInput>? cells, int? expectedVersion, CancellationToken cancellationToken = default, bool clear = false)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadEditableAsync(db, caller, code, year, "修改", cancellationToken);
        if (!loaded.IsSuccess)
        {
            return Result<(TableState, IReadOnlyList<CellChange>, SaveConflict?)>.Failure(loaded.Errors);
        }

        var (report, department) = loaded.Value;

        var set = TemplateOf(report)!;
        var table = set.FindTable(tableNo);
        if (table is null)
        {
            return Fail<(TableState, IReadOnlyList<CellChange>, SaveConflict?)>("table.not_found", $"模板 {set.Id} 没有公开{tableNo}表");
        }

        // A missing (or misspelled) cell list must not read as "no cells": that would wipe the table.
        if (cells is null)
        {
            return Fail<(TableState, IReadOnlyList<CellChange>, SaveConflict?)>("table.cells_required", "缺少 cells（整张表的单元格列表）；要清空整张表，请提交 \"cells\": [] 和 \"clear\": true", "cells");
        }

        if (cells.Count == 0 && !clear && report.CellsOf(tableNo).Any())
        {
            return Fail<(TableState, IReadOnlyList<CellChange>, SaveConflict?)>("table.clear_not_confirmed", $"cells 为空会清空公开{tableNo}表的全部数据；确要清空，请同时提交 \"clear\": true", "clear");
        }

        var validated = TableCellsValidator.Validate(table, reference.Catalogs.ForTable(set, table), cells);
        if (!validated.IsSuccess)
        {
            return Result<(TableState, IReadOnlyList<CellChange>, SaveConflict?)>.Failure(validated.Errors);
        }

        if (expectedVersion is null)
        {
            return Result<(TableState, IReadOnlyList<CellChange>, SaveConflict?)>.Failure(VersionRequired(report));
        }

        if (expectedVersion is { } expected && expected != report.Version)
        {
            var current = report.CellsOf(tableNo).ToList();
            var differences = CellChanges.Between(validated.Value, current); // Old = yours, New = theirs
            var conflict = new SaveConflict(report.Version, current, differences);
            return Result<(TableState, IReadOnlyList<CellChange>, SaveConflict?)>.Success((new TableState(report, department, tableNo, current), [], conflict));
        }

        var now = clock.GetUtcNow();
        var changes = ReplaceAudited(db, caller, report, department, tableNo, validated.Value, now, "");
        if (changes.Count == 0)
        {
            // Nothing changed: nothing is written, so the version (and everyone's loaded copy) stays valid.
            return Result<(TableState, IReadOnlyList<CellChange>, SaveConflict?)>.Success((new TableState(report, department, tableNo, report.CellsOf(tableNo).ToList()), changes, null));
        }

        await reconciliation.StageAsync(db, report, department, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsConflict(e))
        {
            return Fail<(TableState, IReadOnlyList<CellChange>, SaveConflict?)>("report.conflict", "保存时他人已修改了这份决算，请重新加载后再改");
        }

        return Result<(TableState, IReadOnlyList<CellChange>, SaveConflict?)>.Success((new TableState(report, department, tableNo, report.CellsOf(tableNo).ToList()), changes, null));
    }

    /// <summary>Replaces 概况 of the working draft as a whole, if the caller still has <paramref name="expectedVersion"/>; every changed field is audited.</summary>
    public async Task<Result<Report>> SaveOverviewAsync(Caller caller, string code, int year, OverviewInput input, int? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadEditableAsync(db, caller, code, year, "修改", cancellationToken);
        if (!loaded.IsSuccess)
        {
            return Result<Report>.Failure(loaded.Errors);
        }

        var (report, department) = loaded.Value;

        var validated = OverviewValidator.Validate(input);
        if (!validated.IsSuccess)
        {
            return Result<Report>.Failure(validated.Errors);
        }

        if (expectedVersion is null)
        {
            return Result<Report>.Failure(VersionRequired(report));
        }

        if (expectedVersion is { } expected && expected != report.Version)
        {
            return Fail<Report>("report.conflict", $"您载入后，他人已修改了这份决算（当前版本 {report.Version}），概况未保存；请重新载入后再改");
        }

        var (name, duties, units, staff) = validated.Value;
        var before = (report.NameInHeaders, report.Duties, Units: string.Join("；", report.Units.Select(u => $"{u.Seq} {u.Name} {u.BudgetLevel}")), report.Staff);
        report.SetOverview(name, duties, units, staff);
        report.Touch(clock.GetUtcNow());
        void Field(string label, string? old, string? @new)
        {
            if (old != @new)
            {
                db.AuditEntries.Add(Audit(caller, AuditActions.OverviewChange, $"概况：{label}（{old?.Length ?? 0} 字 → {@new?.Length ?? 0} 字）")
                    .ForReport(report.Id, department.Code, year)
                    .ForField(label, Short(old), Short(@new)));
            }
        }

        Field("部门名称", before.NameInHeaders, name);
        Field("部门主要职责", before.Duties, duties);
        Field("单位", before.Units, string.Join("；", units.Select(u => $"{u.Seq} {u.Name} {u.BudgetLevel}")));
        Field("年末在职人员", before.Staff.Active?.ToString(CultureInfo.InvariantCulture), staff.Active?.ToString(CultureInfo.InvariantCulture));
        Field("离退休人员", before.Staff.Retired?.ToString(CultureInfo.InvariantCulture), staff.Retired?.ToString(CultureInfo.InvariantCulture));
        Field("其他人员", before.Staff.Other?.ToString(CultureInfo.InvariantCulture), staff.Other?.ToString(CultureInfo.InvariantCulture));
        Field("养老保险基金发放养老金的离退休人员", before.Staff.RetiredPaidByPensionFund?.ToString(CultureInfo.InvariantCulture), staff.RetiredPaidByPensionFund?.ToString(CultureInfo.InvariantCulture));
        if (!db.ChangeTracker.Entries<Domain.Auditing.AuditEntry>().Any())
        {
            return Result<Report>.Success(report); // a save without changes writes nothing and keeps the version
        }

        await reconciliation.StageAsync(db, report, department, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsConflict(e))
        {
            return Fail<Report>("report.conflict", "保存时他人已修改了这份决算，请重新载入后再改");
        }

        return Result<Report>.Success(report);

        // The audit columns hold short values; long texts keep their beginning (the detail gives both lengths).
        static string? Short(string? text) => text is { Length: > 40 } ? text[..39] + "…" : text;
    }

    /// <summary>The working revision for those who may read it (officers of the department, its reviewers, admins); otherwise the latest published one.</summary>
    public async Task<Result<(Report Report, Department Department)>> ReadReportAsync(Caller caller, string code, int year, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await LoadReadableAsync(db, caller, code, year, cancellationToken);
    }

    /// <summary>
    /// Imports a workbook into the working draft: <paramref name="read"/> parses it against the report's template set
    /// (only after the caller is known to be allowed to edit). Without <paramref name="apply"/> nothing is written and the
    /// changes against the draft are returned (the preview); with it, every table is replaced in one transaction, or none
    /// is — and only if the report is still at <paramref name="expectedVersion"/>.
    /// </summary>
    public async Task<Result<ImportOutcome>> ImportAsync(
        Caller caller, string code, int year, Func<TemplateSet, Department, Report, Result<IReadOnlyDictionary<string, IReadOnlyList<ReportCell>>>> read,
        bool apply, int? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadEditableAsync(db, caller, code, year, "导入", cancellationToken);
        if (!loaded.IsSuccess)
        {
            return Result<ImportOutcome>.Failure(loaded.Errors);
        }

        var (report, department) = loaded.Value;

        var set = TemplateOf(report)!;
        var tables = read(set, department, report);
        if (!tables.IsSuccess)
        {
            return Result<ImportOutcome>.Failure(tables.Errors);
        }

        var current = report.Cells.Where(c => tables.Value.ContainsKey(c.TableNo)).ToList();
        var changes = CellChanges.Between(current, tables.Value.Values.SelectMany(t => t));
        if (!apply)
        {
            return Result<ImportOutcome>.Success(new ImportOutcome(report, changes, Applied: false));
        }

        if (expectedVersion is null)
        {
            return Result<ImportOutcome>.Failure(VersionRequired(report));
        }

        if (expectedVersion is { } expected && expected != report.Version)
        {
            return Fail<ImportOutcome>("import.conflict", $"预览之后这份决算已被修改（预览时版本 {expected}，当前版本 {report.Version}），未导入任何数据；请重新预览");
        }

        var now = clock.GetUtcNow();
        foreach (var (tableNo, cells) in tables.Value)
        {
            ReplaceAudited(db, caller, report, department, tableNo, cells, now, "导入工作簿：");
        }

        db.AuditEntries.Add(Audit(caller, AuditActions.Import, $"导入 Excel 工作簿：{tables.Value.Count} 张表，{changes.Count} 个单元格有变化").ForReport(report.Id, department.Code, year));
        await reconciliation.StageAsync(db, report, department, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsConflict(e))
        {
            return Fail<ImportOutcome>("import.conflict", "导入时他人已修改了这份决算，未导入任何数据；请重新预览");
        }

        return Result<ImportOutcome>.Success(new ImportOutcome(report, changes, Applied: true));
    }

    /// <summary>
    /// Records a download (workbook, PDF, pack) by a signed-in user in the audit log. Anonymous downloads of published
    /// data are not recorded: they identify nobody, and a write per public GET would let anyone flood the log.
    /// </summary>
    public async Task AuditExportAsync(Caller caller, Report report, Department department, string what, CancellationToken cancellationToken = default)
    {
        if (caller.Actor is null)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(Audit(caller, AuditActions.Export, $"导出{what}（第 {report.Revision} 版，{report.Status.ToChinese()}）").ForReport(report.Id, department.Code, report.FiscalYear));
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task<Result<Report>> SubmitAsync(Caller caller, string code, int year, IReadOnlyDictionary<string, string> explanations, CancellationToken cancellationToken = default) =>
        TransitionAsync(caller, code, year, AuditActions.Submit, AccessPolicy.CanEdit, "填报人", (report, department) =>
        {
            var outcome = reconciliation.Evaluate(report.TemplateSetId, report.Cells.ToList(), ReconciliationService.FactsOf(report, department));
            return outcome is null
                ? Result<ReportStatus>.Failure(new DomainError("workflow.no_rules", $"模板 {report.TemplateSetId} 没有审核规则"))
                : report.Submit(outcome.Value.Result, explanations, clock.GetUtcNow());
        }, cancellationToken);

    public Task<Result<Report>> ReturnAsync(Caller caller, string code, int year, IReadOnlyList<ReviewComment> comments, CancellationToken cancellationToken = default) =>
        TransitionAsync(caller, code, year, AuditActions.Return, AccessPolicy.CanReview, "审核人",
            (report, _) => report.Return(caller.UserName, comments, clock.GetUtcNow()), cancellationToken);

    public Task<Result<Report>> ApproveAsync(Caller caller, string code, int year, CancellationToken cancellationToken = default) =>
        TransitionAsync(caller, code, year, AuditActions.Approve, AccessPolicy.CanReview, "审核人",
            (report, _) => report.Approve(clock.GetUtcNow()), cancellationToken);

    public Task<Result<Report>> PublishAsync(Caller caller, string code, int year, CancellationToken cancellationToken = default) =>
        TransitionAsync(caller, code, year, AuditActions.Publish, AccessPolicy.CanReview, "审核人",
            (report, _) => report.Publish(clock.GetUtcNow()), cancellationToken, publication.AfterPublishAsync);

    private async Task<Result<Report>> TransitionAsync(
        Caller caller, string code, int year, string action, Func<Actor?, Department, bool> allowed, string role,
        Func<Report, Department, Result<ReportStatus>> transition, CancellationToken cancellationToken,
        Func<Report, Department, CancellationToken, Task>? after = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadWorkingAsync(db, code, year, cancellationToken);
        if (!loaded.IsSuccess)
        {
            return Result<Report>.Failure(loaded.Errors);
        }

        var (report, department) = loaded.Value;
        if (!allowed(caller.Actor, department))
        {
            return Fail<Report>("report.forbidden", $"只有“{department.Name}”的{role}才能执行此操作");
        }

        var before = report.Status;
        var result = transition(report, department);
        if (!result.IsSuccess)
        {
            return Result<Report>.Failure(result.Errors);
        }

        db.AuditEntries.Add(Audit(caller, action, $"{before.ToChinese()} → {report.Status.ToChinese()}（第 {report.Revision} 版）").ForReport(report.Id, department.Code, year));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsConflict(e))
        {
            return Fail<Report>("report.conflict", "他人刚刚修改了这份决算，请刷新后重试");
        }

        if (after is not null)
        {
            await after(report, department, CancellationToken.None); // the transition is saved: finish what follows it
        }

        return Result<Report>.Success(report);
    }

    private async Task<Result<(Report, Department)>> LoadWorkingAsync(FinalAccountsDbContext db, string code, int year, CancellationToken cancellationToken)
    {
        var department = await db.Departments.Include(d => d.Aliases).SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        var report = department is null ? null : await db.Reports.Include(r => r.Cells)
            .Where(r => r.DepartmentId == department.Id && r.FiscalYear == year)
            .OrderByDescending(r => r.Revision).FirstOrDefaultAsync(cancellationToken);
        return report is null
            ? Fail<(Report, Department)>("report.not_found", $"部门“{code}”没有 {year} 年度的决算")
            : Result<(Report, Department)>.Success((report, department!));
    }

    /// <summary>The working draft, if the caller is one of the department's officers and the report can still change.</summary>
    private async Task<Result<(Report, Department)>> LoadEditableAsync(FinalAccountsDbContext db, Caller caller, string code, int year, string verb, CancellationToken cancellationToken)
    {
        var loaded = await LoadWorkingAsync(db, code, year, cancellationToken);
        if (!loaded.IsSuccess)
        {
            return loaded;
        }

        var (report, department) = loaded.Value;
        if (!AccessPolicy.CanEdit(caller.Actor, department))
        {
            return Fail<(Report, Department)>("report.forbidden", $"您不是“{department.Name}”的填报人，不能{verb}其决算");
        }

        return report.IsEditable
            ? loaded
            : Fail<(Report, Department)>("workflow.invalid_transition",
                $"{report.Status.ToChinese()}的决算不能{(verb == "导入" ? "导入修改" : verb)}{(report.Status == ReportStatus.Published ? "；更正请创建新的修订版" : "")}");
    }

    private async Task<Result<(Report, Department)>> LoadReadableAsync(FinalAccountsDbContext db, Caller caller, string code, int year, CancellationToken cancellationToken)
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
            ? Fail<(Report, Department)>("report.not_found", $"部门“{code}”没有 {year} 年度已公开的决算")
            : Result<(Report, Department)>.Success((published, department));
    }

    /// <summary>A write must say which version it was made against; otherwise it could silently undo someone else's save.</summary>
    private static DomainError VersionRequired(Report report) =>
        new("version.required", $"修改必须注明所依据的版本号（请求体 version 或请求头 If-Match；当前版本 {report.Version}），以免覆盖他人刚保存的修改", "version");

    private TemplateSet? TemplateOf(Report report) => reference.Templates.Find(report.TemplateSetId);

    /// <summary>Replaces a table's cells and records each changed cell (old → new) in the audit log.</summary>
    private IReadOnlyList<CellChange> ReplaceAudited(
        FinalAccountsDbContext db, Caller caller, Report report, Department department, string tableNo, IReadOnlyList<ReportCell> cells, DateTimeOffset at, string how)
    {
        var changes = report.ReplaceTable(tableNo, cells.ToList(), at);
        foreach (var change in changes)
        {
            db.AuditEntries.Add(Audit(caller, AuditActions.CellChange, $"{how}公开{tableNo}表 {change.Address.RowKey} 栏{change.Address.Column}")
                .ForReport(report.Id, department.Code, report.FiscalYear)
                .ForCell(tableNo, change.Address.RowKey, change.Address.Column, Text(change.Old), Text(change.New)));
        }

        return changes;
    }

    private AuditEntry Audit(Caller caller, string action, string detail) => new(clock.GetUtcNow(), caller.UserName, caller.Address, action, detail);

    private static string? Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static Result<T> Fail<T>(string code, string message, string? target = null) => Result<T>.Failure(new DomainError(code, message, target));
}
