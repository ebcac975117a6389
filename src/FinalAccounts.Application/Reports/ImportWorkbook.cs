using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Performance;
using FinalAccounts.Infrastructure.Excel;
using FinalAccounts.Infrastructure.Reconciliation;
using FinalAccounts.Infrastructure.Reports;

namespace FinalAccounts.Application.Reports;

/// <summary>
/// Imports a workbook into the working draft. The workbook is read against the report's template set only after the
/// caller is known to be allowed to edit. A preview (<c>apply: false</c>) writes nothing and returns the changes
/// against the draft; applying replaces every table in one transaction, or none — and only if the report is still at
/// the version the preview showed.
/// </summary>
public sealed class ImportWorkbook(ReportSteps steps, WorkbookService workbooks)
{
    public async Task<Result<ImportOutcome>> ExecuteAsync(Caller caller, string code, int year, byte[] workbook, bool apply, int? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await steps.OpenAsync(cancellationToken);
        var loaded = await steps.LoadEditableAsync(db, caller, code, year, "导入", cancellationToken);
        if (!loaded.IsSuccess)
        {
            return Result<ImportOutcome>.Failure(loaded.Errors);
        }

        var (report, department) = loaded.Value;
        var read = workbooks.Read(workbook, steps.TemplateOf(report)!, department.Code, report.FiscalYear);
        if (!read.IsSuccess)
        {
            return Result<ImportOutcome>.Failure(read.Errors);
        }

        var tables = read.Value.Tables;
        var current = report.Cells.Where(c => tables.ContainsKey(c.TableNo)).ToList();
        var changes = Domain.Reports.CellChanges.Between(current, tables.Values.SelectMany(t => t));
        // 绩效 sheets, when the workbook has them, replace the report's 绩效 with what they hold plus the parts they do
        // not carry (summary, stated targets, feedback details) from the current document.
        var before = ReconciliationService.PerformanceOf(report);
        var performance = read.Value.Performance is { } imported ? PerformanceWorkbook.Merge(imported, before) : null;
        var performanceJson = performance is null || PerformanceRules.IsEmpty(performance) ? null : PerformanceDocumentWriter.Write(performance);
        var performanceChanged = performance is not null && performanceJson != report.Performance?.Document;
        if (!apply)
        {
            return Result<ImportOutcome>.Success(new ImportOutcome(report, changes, Applied: false) { PerformanceChanged = performanceChanged });
        }

        if (ReportSteps.CheckVersion(report, expectedVersion, $"预览之后这份决算已被修改（预览时版本 {expectedVersion}，当前版本 {report.Version}），未导入任何数据；请重新预览", "import.conflict") is { } refused)
        {
            return Result<ImportOutcome>.Failure(refused);
        }

        var now = steps.Now;
        foreach (var (tableNo, cells) in tables)
        {
            steps.ReplaceAudited(db, caller, loaded.Value, tableNo, cells, now, "导入工作簿：");
        }

        if (performanceChanged)
        {
            steps.Audit(db, caller, AuditActions.PerformanceChange, $"导入工作簿：绩效 {PerformanceRules.Describe(before)} → {PerformanceRules.Describe(performanceJson is null ? null : performance)}", report, department);
            report.SetPerformance(performanceJson);
        }

        steps.Audit(db, caller, AuditActions.Import, $"导入 Excel 工作簿：{tables.Count} 张表，{changes.Count} 个单元格有变化{(performanceChanged ? "，绩效有变化" : "")}", report, department);
        return await steps.SaveAsync(db, loaded.Value, reconcile: true, "import.conflict", "导入时他人已修改了这份决算，未导入任何数据；请重新预览", cancellationToken) is { } stale
            ? Result<ImportOutcome>.Failure(stale)
            : Result<ImportOutcome>.Success(new ImportOutcome(report, changes, Applied: true) { PerformanceChanged = performanceChanged });
    }
}
