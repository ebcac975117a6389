using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Reports;

namespace FinalAccounts.Application.Reports;

/// <summary>
/// Replaces a table's cells as a whole or not at all, for one of the department's officers. The expected version is
/// the one the caller loaded; if someone saved since, nothing is written and the conflict shows their changes. A
/// save that changes nothing writes nothing (the version stays, so everyone's loaded copy stays valid). A
/// <paramref name="note"/> (null: unchanged, blank: removed) is the department's own text under the table.
/// </summary>
public sealed class SaveTable(ReportSteps steps)
{
    public async Task<Result<TableSaved>> ExecuteAsync(
        Caller caller, string code, int year, string tableNo, IReadOnlyList<CellInput>? cells, int? expectedVersion, bool clear = false, CancellationToken cancellationToken = default, string? note = null)
    {
        await using var db = await steps.OpenAsync(cancellationToken);
        var loaded = await steps.LoadEditableAsync(db, caller, code, year, "修改", cancellationToken);
        if (!loaded.IsSuccess)
        {
            return Result<TableSaved>.Failure(loaded.Errors);
        }

        var (report, department) = loaded.Value;
        var set = steps.TemplateOf(report)!;
        var table = set.FindTable(tableNo);
        if (table is null)
        {
            return ReportSteps.Fail<TableSaved>("table.not_found", $"模板 {set.Id} 没有表 {tableNo}");
        }

        // A missing (or misspelled) cell list must not read as "no cells": that would wipe the table.
        if (cells is null)
        {
            return ReportSteps.Fail<TableSaved>("table.cells_required", "缺少 cells（整张表的单元格列表）；要清空整张表，请提交 \"cells\": [] 和 \"clear\": true", "cells");
        }

        if (cells.Count == 0 && !clear && report.CellsOf(tableNo).Any())
        {
            return ReportSteps.Fail<TableSaved>("table.clear_not_confirmed", $"cells 为空会清空{table.ShortName}的全部数据；确要清空，请同时提交 \"clear\": true", "clear");
        }

        var validated = TableCellsValidator.Validate(table, steps.Reference.Catalogs.ForTable(set, table), cells);
        if (!validated.IsSuccess)
        {
            return Result<TableSaved>.Failure(validated.Errors);
        }

        if (expectedVersion is null)
        {
            return Result<TableSaved>.Failure(ReportSteps.VersionRequired(report));
        }

        if (expectedVersion != report.Version)
        {
            var current = report.CellsOf(tableNo).ToList();
            var conflict = new SaveConflict(report.Version, current, CellChanges.Between(validated.Value, current));
            return Result<TableSaved>.Success(new TableSaved(new TableState(report, department, tableNo, current), [], conflict));
        }

        if (note is { Length: > 2000 })
        {
            return ReportSteps.Fail<TableSaved>("table.note_too_long", "表下说明不能超过 2000 个字符", "note");
        }

        var changes = steps.ReplaceAudited(db, caller, loaded.Value, tableNo, validated.Value, steps.Now, "");
        var noteChanged = note is not null && report.SetTableNote(tableNo, note);
        if ((changes.Count > 0 || noteChanged)
            && await steps.SaveAsync(db, loaded.Value, reconcile: true, "report.conflict", "保存时他人已修改了这份决算，请重新加载后再改", cancellationToken) is { } stale)
        {
            return Result<TableSaved>.Failure(stale);
        }

        return Result<TableSaved>.Success(new TableSaved(new TableState(report, department, tableNo, report.CellsOf(tableNo).ToList()), changes, null));
    }
}
