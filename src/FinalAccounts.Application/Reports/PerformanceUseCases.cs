using System.Text.Json;
using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Performance;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Reconciliation;
using FinalAccounts.Infrastructure.Reports;

namespace FinalAccounts.Application.Reports;

/// <summary>A report's 绩效 document as the caller may see it, with the grade schemes its template set offers.</summary>
public sealed record PerformanceState(Report Report, Department Department, PerformanceDocument Document, PerformanceScheme Scheme);

/// <summary>绩效 (ADR 0017) as the caller may see it: the working draft for its readers, else the latest published revision.</summary>
public sealed class ReadPerformance(ReportSteps steps)
{
    public async Task<Result<PerformanceState>> ExecuteAsync(Caller caller, string code, int year, CancellationToken cancellationToken = default)
    {
        await using var db = await steps.OpenAsync(cancellationToken);
        var loaded = await steps.LoadReadableAsync(db, caller, code, year, cancellationToken);
        if (!loaded.IsSuccess)
        {
            return Result<PerformanceState>.Failure(loaded.Errors);
        }

        var (report, department) = loaded.Value;
        return steps.Reference.Performance.Find(report.TemplateSetId) is { } scheme
            ? Result<PerformanceState>.Success(new PerformanceState(report, department, ReconciliationService.PerformanceOf(report) ?? PerformanceDocument.Empty, scheme))
            : Result<PerformanceState>.Failure(PerformanceRules.Unsupported(report));
    }
}

/// <summary>
/// Replaces the 绩效 document of the working draft if the caller still has the expected version. The body is read by
/// <see cref="PerformanceDocumentReader"/> (every error names its field, targets are parsed); an empty document removes
/// it. The change is audited (old → new size and totals) and the reconciliation, with the P and D rules, re-staged.
/// </summary>
public sealed class SavePerformance(ReportSteps steps)
{
    public async Task<Result<PerformanceState>> ExecuteAsync(Caller caller, string code, int year, JsonElement body, int? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await steps.OpenAsync(cancellationToken);
        var loaded = await steps.LoadEditableAsync(db, caller, code, year, "修改绩效", cancellationToken);
        if (!loaded.IsSuccess)
        {
            return Result<PerformanceState>.Failure(loaded.Errors);
        }

        var (report, department) = loaded.Value;
        if (steps.Reference.Performance.Find(report.TemplateSetId) is not { } scheme)
        {
            return Result<PerformanceState>.Failure(PerformanceRules.Unsupported(report));
        }

        var read = PerformanceDocumentReader.Read(body, "绩效");
        if (!read.IsSuccess)
        {
            return Result<PerformanceState>.Failure(read.Errors);
        }

        var document = read.Value;
        if (document.GradeScheme is { } id && scheme.GradeSchemes.All(s => s.Id != id))
        {
            return Result<PerformanceState>.Failure(new DomainError("performance.grade_scheme",
                $"等级方案“{id}”不存在，可选：{string.Join("、", scheme.GradeSchemes.Select(s => $"{s.Id}（{s.Label}）"))}", "gradeScheme"));
        }

        if (ReportSteps.CheckVersion(report, expectedVersion, $"您载入后，他人已修改了这份决算（当前版本 {report.Version}），绩效未保存；请重新载入后再改") is { } refused)
        {
            return Result<PerformanceState>.Failure(refused);
        }

        var json = PerformanceRules.IsEmpty(document) ? null : PerformanceDocumentWriter.Write(document);
        if (json == report.Performance?.Document)
        {
            return Result<PerformanceState>.Success(new PerformanceState(report, department, document, scheme)); // nothing written, version kept
        }

        var before = ReconciliationService.PerformanceOf(report);
        steps.Audit(db, caller, AuditActions.PerformanceChange, $"绩效：{PerformanceRules.Describe(before)} → {PerformanceRules.Describe(json is null ? null : document)}", report, department)
            .ForField("绩效", before?.Department?.TotalScore?.ToString(System.Globalization.CultureInfo.InvariantCulture), document.Department?.TotalScore?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        report.SetPerformance(json);
        report.Touch(steps.Now);
        return await steps.SaveAsync(db, loaded.Value, reconcile: true, "report.conflict", "保存时他人已修改了这份决算，请重新载入后再改", cancellationToken) is { } stale
            ? Result<PerformanceState>.Failure(stale)
            : Result<PerformanceState>.Success(new PerformanceState(report, department, json is null ? PerformanceDocument.Empty : document, scheme));
    }
}

public static class PerformanceRules
{
    public static DomainError Unsupported(Report report) =>
        new("performance.unsupported", $"模板 {report.TemplateSetId} 没有绩效评分方案，不能填写绩效");

    public static bool IsEmpty(PerformanceDocument document) =>
        document is { Department: null, Projects.Count: 0, Summary: null, Evaluations.Count: 0, FinanceFeedbacks.Count: 0 };

    /// <summary>What the audit says about a document: its parts and the department's total.</summary>
    public static string Describe(PerformanceDocument? document) => document is null || IsEmpty(document)
        ? "无"
        : $"部门整体{(document.Department?.TotalScore is { } total ? $" {total} 分" : document.Department is null ? "无" : "")}、{document.Projects.Count} 个项目、{document.Evaluations.Count} 份部门评价、{document.FinanceFeedbacks.Count} 份财政评价";
}
