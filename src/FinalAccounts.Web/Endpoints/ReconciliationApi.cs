using FinalAccounts.Application.Reports;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Infrastructure.Jobs;
using FinalAccounts.Infrastructure.Reconciliation;
using FinalAccounts.Infrastructure.Reports;
using FinalAccounts.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FinalAccounts.Web.Endpoints;

/// <summary>勾稽校验: a published report's reconciliation, and batches over a year.</summary>
public static class ReconciliationApi
{
    public static IEndpointRouteBuilder MapReconciliationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("勾稽校验 Reconciliation");
        api.MapGet("/reports/{deptCode}/{year:int}/reconciliation", GetReconciliation)
            .WithSummary("决算的勾稽校验结果（含情况说明 N 规则；草稿仅对本部门填报人、所属区划审核人和管理员可见）/ Reconciliation of a report")
            .WithDescription("能查看草稿的人看到最新版本（含草稿），其他人看到最新公开版本。strict=true 时任何非零差额都不通过；all=true 时列出全部检查（默认只列不通过和有尾差的检查）。情况说明规则的结果带 text（部分、标题、字符位置、句子）。")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/reconciliation/batches", StartBatch).RequireAuthorization(AuthSetup.ReviewingPolicy)
            .WithSummary("开始批量校验某区划某年度全部决算（审核人、管理员；{\"fiscalYear\":2023,\"region\":\"江西省\"}）/ Reconcile all reports of a year and region in the background");
        api.MapGet("/reconciliation/batches/{id:guid}", GetBatch).RequireAuthorization(AuthSetup.ReviewingPolicy)
            .WithSummary("批量校验进度与结果（有错误的决算及其不通过的规则）/ Progress and culprits of a batch")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/reconciliation/batches/{id:guid}/culprits.csv", GetCulprits).RequireAuthorization(AuthSetup.ReviewingPolicy)
            .WithSummary("下载有错误的决算清单（CSV）/ Download the reports with errors as CSV")
            .Produces<Stream>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Ok<ReconciliationDto>, ProblemHttpResult>> GetReconciliation(
        string deptCode, int year, ReadReconciliation useCase, HttpContext context, bool? strict, bool? all)
    {
        var found = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), deptCode, year, strict ?? false, context.RequestAborted);
        if (!found.IsSuccess)
        {
            return TypedResults.Problem(title: "未找到决算", detail: $"部门“{deptCode}”没有 {year} 年度您可查看且有审核规则的部门决算。", statusCode: StatusCodes.Status404NotFound);
        }

        return TypedResults.Ok(ReconciliationDto.From(found.Value.Outcome, strict ?? false, all ?? false) with
        {
            Revision = found.Value.Report.Revision,
            Status = found.Value.Report.Status.ToString(),
        });
    }

    private static async Task<Results<Accepted<BatchDto>, ProblemHttpResult>> StartBatch(BatchRequest request, HttpContext context, BatchJobs batches)
    {
        var started = await batches.StartAsync(AuthSetup.CallerOf(context), JobKinds.ReconciliationBatch, request.FiscalYear, request.Region, context.RequestAborted);
        return started.IsSuccess
            ? TypedResults.Accepted($"/api/reconciliation/batches/{started.Value.Id}", BatchDto.From(started.Value))
            : ApiProblems.From(started.Errors);
    }

    private static async Task<Results<Ok<BatchDto>, ProblemHttpResult>> GetBatch(Guid id, HttpContext context, BatchJobs batches)
    {
        var job = await batches.FindAsync(AuthSetup.CallerOf(context), JobKinds.ReconciliationBatch, id, context.RequestAborted);
        return job.IsSuccess ? TypedResults.Ok(BatchDto.From(job.Value)) : ApiProblems.From(job.Errors);
    }

    /// <summary>The reports with errors as a list to download (UTF-8 CSV with BOM, one line per failing rule).</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetCulprits(Guid id, HttpContext context, BatchJobs batches)
    {
        var job = await batches.FindAsync(AuthSetup.CallerOf(context), JobKinds.ReconciliationBatch, id, context.RequestAborted);
        if (!job.IsSuccess)
        {
            return ApiProblems.From(job.Errors);
        }

        if (BatchDto.ResultOf(job.Value) is not { } result)
        {
            return ApiProblems.From([new("batch.conflict", $"任务尚未完成（{job.Value.Percent}%），完成后才有问题清单")]);
        }

        return TypedResults.File(BatchCulpritsCsv.Write(result), "text/csv; charset=utf-8", $"批量校验-{job.Value.FiscalYear}-{(job.Value.Region.Length == 0 ? "全部区划" : job.Value.Region)}-问题清单.csv");
    }
}

public sealed record BatchRequest(int FiscalYear, string? Region = null);

/// <summary>A reconciliation batch: progress, and when finished every report with error-level failures and its failing rules.</summary>
public sealed record BatchDto(Guid Id, int? FiscalYear, string Region, string State, int Total, int Done, double Percent, int? WithErrors, DateTimeOffset QueuedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Error,
    string RequestedBy, string? Node, int Attempt, string? Summary, IReadOnlyList<BatchCulprit>? Culprits, string? CulpritsCsv)
{
    public static BatchDto From(JobRecord job)
    {
        var result = ResultOf(job);
        return new(job.Id, job.FiscalYear, job.Region, job.State.ToString().ToLowerInvariant(), job.Total, job.Done, job.Percent, result?.WithErrors,
            job.QueuedAt, job.StartedAt, job.FinishedAt, job.Error, job.RequestedBy, job.ClaimedBy, job.Attempt, result is null ? null : SummaryOf(job, result), result?.Culprits,
            result is null ? null : $"/api/reconciliation/batches/{job.Id}/culprits.csv");
    }

    public static ReconciliationBatchResult? ResultOf(JobRecord job) =>
        job.State == JobState.Completed ? job.ResultAs<ReconciliationBatchResult>() : null;

    /// <summary>One sentence for people; an empty year says so rather than "0 / 0 (100 %)".</summary>
    public static string SummaryOf(JobRecord job, ReconciliationBatchResult result) => result switch
    {
        { Reports: 0 } => $"{job.FiscalYear} 年度在{(job.Region.Length == 0 ? "全部区划" : job.Region)}没有任何决算，未校验任何数据。",
        { WithErrors: 0 } => $"已校验 {result.Reports} 份决算，全部没有错误级问题。",
        _ => $"已校验 {result.Reports} 份决算，其中 {result.WithErrors} 份有错误级问题（见下表）。",
    };

}

/// <summary>The culprits of a batch as CSV: 部门编码, 部门名称, 区划, 版本, 状态, 规则, 规则名称, 不通过的检查数.</summary>
public static class BatchCulpritsCsv
{
    public static byte[] Write(ReconciliationBatchResult result)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("部门编码,部门名称,区划,版本,状态,规则,规则名称,不通过的检查数");
        foreach (var culprit in result.Culprits)
        {
            foreach (var rule in culprit.Rules)
            {
                text.AppendLine(string.Join(',', new[] { culprit.Department, culprit.Name, culprit.Region, culprit.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture), culprit.Status, rule.Rule, rule.Label, rule.Failures.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Select(Quote)));
            }
        }

        return [.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(text.ToString())];

        static string Quote(string field) =>
            field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }
}

public sealed record ReconciliationDto(
    string TemplateSet,
    string RuleSetVersion,
    string DataHash,
    DateTimeOffset CheckedAt,
    bool Strict,
    SummaryDto Summary,
    IReadOnlyList<RuleDto> Rules,
    IReadOnlyList<CheckDto> Results,
    IReadOnlyList<GroupDto> Groups)
{
    /// <summary>The revision checked and its status (a draft for those who may read it).</summary>
    public int? Revision { get; init; }

    public string? Status { get; init; }

    public static ReconciliationDto From(ReconciliationOutcome outcome, bool strict, bool all)
    {
        var result = outcome.Result;
        var s = result.Summary;
        return new ReconciliationDto(
            result.TemplateSetId,
            result.RuleSetVersion,
            outcome.DataHash,
            outcome.CheckedAt,
            strict,
            new SummaryDto(s.Error, s.Warning, s.Info, s.Passed, s.Tails, s.NotApplicable, s.Checks),
            result.Rules.Select(r => new RuleDto(r.Rule.Id, r.Rule.Label, r.Rule.Severity.ToCode(), r.Status.ToCode(), r.Checks.Count, r.Rule.Note)).ToList(),
            result.Rules.SelectMany(r => (all ? r.Checks : r.Notable).Select(c => CheckDto.From(r.Rule, c))).ToList(),
            result.GroupFailures().Select(g => new GroupDto(CheckCellDto.From(g.Cell), g.Failures.Select(f => f.RuleId).Distinct().ToList(), g.Failures.Count)).ToList());
    }
}

public sealed record SummaryDto(int Error, int Warning, int Info, int Passed, int Tails, int NotApplicable, int Checks);

public sealed record RuleDto(string Id, string Label, string Severity, string Status, int Checks, string? Note);

public sealed record CheckDto(string Rule, string Label, string Severity, string Status, string? Where, string? Operator, decimal? Lhs, decimal? Rhs, decimal? Difference, decimal Tolerance, string? Message, IReadOnlyList<CheckCellDto> Cells,
    CheckTextDto? Text = null)
{
    public static CheckDto From(ReconciliationRule rule, CheckResult c) => new(c.RuleId, rule.Label, c.Severity.ToCode(), c.Status.ToCode(), c.Where, c.Operator,
        c.Lhs, c.Rhs, c.Difference, c.Tolerance, c.Message, c.Cells.Select(CheckCellDto.From).ToList(),
        c.Text is null ? null : new CheckTextDto(c.Text.Section, c.Text.Heading, c.Text.Start, c.Text.Length, c.Text.Sentence));
}

/// <summary>Where a 情况说明 rule read: the section (1-based, template order), its heading, the character range in the stored text, and the sentence.</summary>
public sealed record CheckTextDto(int Section, string Heading, int Start, int Length, string Sentence);

/// <summary>
/// A cell a check read: table, row key, 栏次, value (null = blank). A 绩效 cell (table <c>P</c>, P and D rules) also
/// names its sheet, project, indicator and column.
/// </summary>
public sealed record CheckCellDto(string Table, string Row, int Col, decimal? Value, PerformanceCellDto? Performance = null)
{
    public static CheckCellDto From(CellRef cell) => new(cell.Table, cell.Row, cell.Column, cell.Value,
        cell.Performance is { } p ? new PerformanceCellDto(p.Sheet, p.Project, p.Indicator, p.Column) : null);
}

/// <summary>Where in the 绩效 sheets: 部门整体支出绩效自评表 / 项目支出绩效自评表 / 部门评价 / 财政评价结果反馈, project, indicator, column.</summary>
public sealed record PerformanceCellDto(string Sheet, string? Project, string? Indicator, string Column);

public sealed record GroupDto(CheckCellDto Cell, IReadOnlyList<string> Rules, int Failures);

