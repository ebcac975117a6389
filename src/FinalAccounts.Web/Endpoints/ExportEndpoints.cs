using System.Globalization;
using FinalAccounts.Application.Reports;
using FinalAccounts.Application.Templates;
using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Excel;
using FinalAccounts.Infrastructure.Jobs;
using FinalAccounts.Infrastructure.Reports;
using FinalAccounts.Web.Auth;
using FinalAccounts.Web.Exports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FinalAccounts.Web.Endpoints;

/// <summary>
/// Downloads (workbook, PDF, auditor pack; anyone for a published report, officers and reviewers also for drafts),
/// the blank workbook of a template set, and workbook import (preview, then atomic apply) for officers.
/// </summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("/reports/{code}/{year:int}").WithTags("导出 Export");
        files.MapGet("/export.xlsx", ExportWorkbook).WithSummary("Excel 工作簿（官方表式，含勾稽校验；?revision=N 为已公开的第 N 版）/ Workbook in the official layout")
            .Produces<Stream>(StatusCodes.Status200OK, WorkbookService.ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        files.MapGet("/export.pdf", ExportPdf).WithSummary("部门决算 PDF（?revision=N 为已公开的第 N 版）/ The whole report as PDF")
            .Produces<Stream>(StatusCodes.Status200OK, ReportExports.PdfContentType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        files.MapGet("/pack.zip", ExportPack).WithSummary("审计包：PDF、工作簿、JSON、CSV、校验结果和 manifest.json（SHA-256；?revision=N 为已公开的第 N 版）/ Auditor pack")
            .Produces<Stream>(StatusCodes.Status200OK, "application/zip")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/templates/{id}/blank.xlsx", BlankWorkbook).WithTags("导出 Export").WithSummary("空白工作簿（离线填报）/ Blank workbook of a template set")
            .Produces<Stream>(StatusCodes.Status200OK, WorkbookService.ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound);

        var import = app.MapGroup("/api/reports/{code}/{year:int}/import").WithTags("导入 Import").RequireAuthorization();
        import.MapPost("/preview", (string code, int year, HttpContext context, WorkbookService workbooks, ImportWorkbook useCase) => Import(code, year, context, workbooks, useCase, apply: false))
            .WithSummary("预览导入：请求体为 .xlsx 文件，返回与当前草稿的差异，不写入 / Preview a workbook import")
            .Accepts<IFormFile>(WorkbookService.ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        import.MapPost("", (string code, int year, HttpContext context, WorkbookService workbooks, ImportWorkbook useCase) => Import(code, year, context, workbooks, useCase, apply: true))
            .WithSummary("导入工作簿（If-Match: 预览时的版本号；整体导入或不导入）/ Import a workbook atomically")
            .Accepts<IFormFile>(WorkbookService.ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        var batches = app.MapGroup("/api/exports/batches").WithTags("导出 Export").RequireAuthorization(AuthSetup.ReviewingPolicy);
        batches.MapPost("", StartBatch).WithSummary("批量导出某区划某年度全部已公开决算的审计包（审核人、管理员）/ Export all published packs of a region and year");
        batches.MapGet("/{id:guid}", GetBatch).WithSummary("批量导出进度 / Progress of a batch export")
            .ProducesProblem(StatusCodes.Status404NotFound);
        batches.MapGet("/{id:guid}/download", DownloadBatch).WithSummary("下载批量导出结果 / Download a finished batch export")
            .Produces<Stream>(StatusCodes.Status200OK, "application/zip")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Accepted<ExportJobDto>, ProblemHttpResult>> StartBatch(ExportBatchRequest request, HttpContext context, BatchJobs batches)
    {
        var started = await batches.StartAsync(AuthSetup.CallerOf(context), JobKinds.ExportBatch, request.FiscalYear, request.Region, context.RequestAborted);
        return started.IsSuccess
            ? TypedResults.Accepted($"/api/exports/batches/{started.Value.Id}", ExportJobDto.From(started.Value))
            : ApiProblems.From(started.Errors);
    }

    private static async Task<Results<Ok<ExportJobDto>, ProblemHttpResult>> GetBatch(Guid id, HttpContext context, BatchJobs batches)
    {
        var job = await batches.FindAsync(AuthSetup.CallerOf(context), JobKinds.ExportBatch, id, context.RequestAborted);
        return job.IsSuccess ? TypedResults.Ok(ExportJobDto.From(job.Value)) : ApiProblems.From(job.Errors);
    }

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> DownloadBatch(Guid id, HttpContext context, BatchJobs batches, ExportBatches exports)
    {
        var found = await batches.FindAsync(AuthSetup.CallerOf(context), JobKinds.ExportBatch, id, context.RequestAborted);
        if (!found.IsSuccess)
        {
            return ApiProblems.From(found.Errors);
        }

        var job = found.Value;
        if (job.State != JobState.Completed || ExportJobDto.ResultOf(job) is not { } result)
        {
            return ApiProblems.From([new DomainError("export.conflict", job.State == JobState.Failed ? $"任务失败：{job.Error}" : $"任务尚未完成（{job.Percent}%），完成后才能下载")]);
        }

        var path = Path.Combine(exports.Directory, result.File);
        return File.Exists(path)
            ? TypedResults.PhysicalFile(path, "application/zip", result.FileName)
            : ApiProblems.From([new DomainError("export.not_found", "导出文件已超过保存期限被删除（或本节点看不到共享的导出目录），请重新导出")]);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportWorkbook(string code, int year, int? revision, HttpContext context, ReadReport read, ReportQueries queries, RecordExport record, ReportExports exports)
    {
        var caller = AuthSetup.CallerOf(context);
        var found = await LoadAsync(caller, code, year, revision, context, read, queries);
        if (!found.IsSuccess)
        {
            return ApiProblems.From(found.Errors);
        }

        var (report, department) = found.Value;
        var bytes = exports.Workbook(report, department);
        await record.ExecuteAsync(caller, found.Value, "Excel 工作簿", context.RequestAborted);
        return TypedResults.File(bytes, WorkbookService.ContentType, FileName(code, year, report, "xlsx"));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportPdf(string code, int year, int? revision, HttpContext context, ReadReport read, ReportQueries queries, RecordExport record, ReportExports exports)
    {
        var caller = AuthSetup.CallerOf(context);
        var found = await LoadAsync(caller, code, year, revision, context, read, queries);
        if (!found.IsSuccess)
        {
            return ApiProblems.From(found.Errors);
        }

        var (report, department) = found.Value;
        var pdf = await exports.PdfAsync(report, department, context.RequestAborted);
        if (!pdf.IsSuccess)
        {
            return Unavailable(pdf.Errors);
        }

        await record.ExecuteAsync(caller, found.Value, "PDF", context.RequestAborted);
        return TypedResults.File(pdf.Value, ReportExports.PdfContentType, FileName(code, year, report, "pdf"));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportPack(string code, int year, int? revision, HttpContext context, ReadReport read, RecordExport record, ReportQueries queries, ReportExports exports)
    {
        var caller = AuthSetup.CallerOf(context);
        var found = await LoadAsync(caller, code, year, revision, context, read, queries);
        if (!found.IsSuccess)
        {
            return ApiProblems.From(found.Errors);
        }

        var (report, department) = found.Value;
        var earlier = report.Status == ReportStatus.Published ? await queries.OtherPublishedRevisionsAsync(department.Id, year, report.Revision, context.RequestAborted) : [];
        var pack = await exports.PackAsync(report, department, earlier, context.RequestAborted);
        if (!pack.IsSuccess)
        {
            return Unavailable(pack.Errors);
        }

        await record.ExecuteAsync(caller, found.Value, $"审计包（SHA-256 {pack.Value.Sha256[..16]}…）", context.RequestAborted);
        context.Response.Headers["X-Pack-Sha256"] = pack.Value.Sha256;
        return TypedResults.File(pack.Value.Zip, "application/zip", FileName(code, year, report, "zip", "审计包"));
    }

    /// <summary>
    /// The report a download is made from: the one the caller may read (the latest published revision, or a draft for
    /// its officers and reviewers), or with <c>?revision=N</c> that published revision, for anyone.
    /// </summary>
    private static async Task<Result<ReportView>> LoadAsync(Caller caller, string code, int year, int? revision, HttpContext context, ReadReport read, ReportQueries queries)
    {
        if (revision is not { } wanted)
        {
            return await read.ExecuteAsync(caller, code, year, context.RequestAborted);
        }

        return await queries.FindPublishedRevisionOfAsync(code, year, wanted, context.RequestAborted) is { } found
            ? Result<ReportView>.Success(new ReportView(found.Report, found.Department))
            : Result<ReportView>.Failure(new DomainError("report.not_found", $"部门“{code}”{year} 年度没有已公开的第 {wanted} 版"));
    }

    /// <summary>Any active set's blank workbook; administrators also get one of an upload not yet active (its preview).</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> BlankWorkbook(string id, WorkbookService workbooks, ReadTemplateSet read, HttpContext context)
    {
        var set = await read.ExecuteAsync(AuthSetup.CallerOf(context), id, context.RequestAborted);
        return set.IsSuccess
            ? TypedResults.File(workbooks.Blank(set.Value), WorkbookService.ContentType, $"{id}-空白.xlsx")
            : ApiProblems.From(set.Errors);
    }

    private static async Task<Results<Ok<ImportResultDto>, ProblemHttpResult>> Import(string code, int year, HttpContext context, WorkbookService workbooks, ImportWorkbook useCase, bool apply)
    {
        var limit = workbooks.Limits.MaxBytes;
        if (context.Request.ContentLength is { } length && length > limit + (64 * 1024))
        {
            return TooLarge(length, limit);
        }

        var body = await ReadBodyAsync(context, limit + (64 * 1024));
        if (body is null)
        {
            return TooLarge(null, limit);
        }

        var version = VersionHeader.Read(context, null);
        if (!version.IsSuccess)
        {
            return ApiProblems.From(version.Errors);
        }

        if (apply && version.Value is null)
        {
            return ApiProblems.From([new DomainError("version.required", "请在 If-Match 头中给出预览时的版本号，以免覆盖预览之后他人的修改", "If-Match")]);
        }

        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), code, year, body, apply, version.Value, context.RequestAborted);
        if (!result.IsSuccess)
        {
            return ApiProblems.From(result.Errors);
        }

        var outcome = result.Value;
        context.Response.Headers.ETag = $"\"{outcome.Report.Version}\"";
        return TypedResults.Ok(new ImportResultDto(outcome.Applied, outcome.Report.Version, outcome.Changes.Count,
            outcome.Changes.Select(c => new ImportChangeDto(c.Address.TableNo, c.Address.RowKey, c.Address.Column, c.Old, c.New)).ToList(), outcome.PerformanceChanged));
    }

    /// <summary>Reads the upload, refusing (null) as soon as it passes the limit — a chunked upload has no Content-Length.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context, long limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ProblemHttpResult TooLarge(long? length, long limit) => ApiProblems.From([new DomainError("import.too_large",
        $"上传的文件{(length is { } l ? $"（{l / 1024.0 / 1024.0:0.#} MB）" : "")}超过上限 {limit / 1024 / 1024} MB；决算工作簿通常不到 1 MB，请确认选择了正确的文件")]);

    private static ProblemHttpResult Unavailable(IReadOnlyList<DomainError> errors) => TypedResults.Problem(
        title: "暂时无法生成 PDF",
        detail: string.Join("；", errors.Select(e => e.Message)),
        statusCode: StatusCodes.Status503ServiceUnavailable,
        extensions: new Dictionary<string, object?> { ["errors"] = errors.Select(e => new UnavailableErrorDto(e.Code, e.Message)).ToList() });

    private static string FileName(string code, int year, Report report, string extension, string what = "部门决算") =>
        $"{code}-{year}-{what}-第{report.Revision}版{(report.Status == ReportStatus.Published ? "" : "-" + report.Status.ToChinese())}.{extension}";
}

/// <summary>What an import did (applied) or would do (preview): the version to send as If-Match, and every changed cell.</summary>
/// <summary>What a workbook import changes (or would change, on a preview): table cells, and whether its 绩效 sheets differ.</summary>
public sealed record ImportResultDto(bool Applied, int Version, int Changed, IReadOnlyList<ImportChangeDto> Changes, bool PerformanceChanged);

/// <summary>A cell an import changes: table, row, 栏次, the draft's value and the workbook's (null = blank).</summary>
public sealed record ImportChangeDto(string Table, string Row, int Col, decimal? Old, decimal? New);

/// <summary>Why a file could not be made right now (e.g. no Chromium for the PDF).</summary>
public sealed record UnavailableErrorDto(string Code, string Message);

public sealed record ExportBatchRequest(int FiscalYear, string? Region);

public sealed record ExportJobDto(Guid Id, string Region, int? FiscalYear, string State, int Total, int Done, double Percent, string? Error, long? Bytes, string? Sha256, string? Download, string RequestedBy, string? Node, int Attempt)
{
    public static ExportJobDto From(JobRecord job)
    {
        var result = ResultOf(job);
        return new(job.Id, job.Region, job.FiscalYear, job.State.ToString().ToLowerInvariant(), job.Total, job.Done, job.Percent, job.Error,
            result?.Bytes, result?.Sha256, result is null ? null : $"/api/exports/batches/{job.Id}/download", job.RequestedBy, job.ClaimedBy, job.Attempt);
    }

    public static ExportBatchResult? ResultOf(JobRecord job) => job.ResultAs<ExportBatchResult>();
}
