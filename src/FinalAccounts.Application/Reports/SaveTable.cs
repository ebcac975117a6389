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
        Caller caller, string code, int year, string tableNo, IReadOnlyList<CellInput>? cells, int? expectedVersion, bool clear = false, CancellationToken cancellationToken = default,
        IReadOnlyDictionary<string, string>? printedNames = null, string? note = null)
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

        // Names as printed for codes the catalogue lacks: those given replace the table's; none given keeps the stored ones.
        var catalog = steps.Reference.Catalogs.ForTable(set, table);
        var names = PrintedNames.Check(tableNo, printedNames ?? report.PrintedNamesOf(tableNo));
        if (!names.IsSuccess)
        {
            return Result<TableSaved>.Failure(names.Errors);
        }

        var validated = TableCellsValidator.Validate(table, catalog, cells, names.Value);
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
        var unknown = names.Value.Where(n => catalog is not null && !catalog.Contains(n.Key)).ToDictionary(n => n.Key, n => n.Value, StringComparer.Ordinal);
        var renamed = report.SetPrintedNames(tableNo, unknown, steps.Now);
        var noteChanged = note is not null && report.SetTableNote(tableNo, note);
        if ((changes.Count > 0 || renamed || noteChanged)
            && await steps.SaveAsync(db, loaded.Value, reconcile: true, "report.conflict", "保存时他人已修改了这份决算，请重新加载后再改", cancellationToken) is { } stale)
        {
            return Result<TableSaved>.Failure(stale);
        }

        return Result<TableSaved>.Success(new TableSaved(new TableState(report, department, tableNo, report.CellsOf(tableNo).ToList()), changes, null));
    }
}

/// <summary>Checks the names as printed sent with a table: a code of digits and a name of 1–200 characters each.</summary>
internal static class PrintedNames
{
    public static Result<IReadOnlyDictionary<string, string>> Check(string tableNo, IReadOnlyDictionary<string, string> names)
    {
        var errors = new List<DomainError>();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (code, raw) in names)
        {
            var name = (raw ?? "").Trim();
            var target = $"公开{tableNo}表[{code}].name";
            if (code.Length == 0 || !code.All(char.IsAsciiDigit))
            {
                errors.Add(new DomainError("names.bad_code", $"科目编码“{code}”格式不正确", target));
            }
            else if (name.Length == 0)
            {
                errors.Add(new DomainError("names.empty", $"科目 {code} 的名称不能为空", target));
            }
            else if (name.Length > 200)
            {
                errors.Add(new DomainError("names.too_long", $"科目 {code} 的名称超过 200 字", target));
            }
            else
            {
                result[code] = name;
            }
        }

        return errors.Count > 0
            ? Result<IReadOnlyDictionary<string, string>>.Failure(errors)
            : Result<IReadOnlyDictionary<string, string>>.Success(result);
    }
}
