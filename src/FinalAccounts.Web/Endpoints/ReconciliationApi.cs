using FinalAccounts.Domain.Reconciliation;
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
            .WithSummary("已公开决算的勾稽校验结果 / Reconciliation of a published report")
            .WithDescription("strict=true 时任何非零差额都不通过；all=true 时列出全部检查（默认只列不通过和有尾差的检查）。")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/reconciliation/batches", StartBatch).RequireAuthorization(AuthSetup.ReviewingPolicy)
            .WithSummary("开始批量校验某年度全部决算（审核人、管理员）/ Reconcile all reports of a year in the background");
        api.MapGet("/reconciliation/batches/{id:guid}", GetBatch).RequireAuthorization(AuthSetup.ReviewingPolicy)
            .WithSummary("批量校验进度 / Progress of a batch")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Ok<ReconciliationDto>, ProblemHttpResult>> GetReconciliation(
        string deptCode, int year, ReportQueries queries, ReconciliationService service, bool? strict, bool? all, CancellationToken cancellationToken)
    {
        var found = await queries.FindPublishedAsync(deptCode, year, cancellationToken);
        var outcome = found is null ? null : await service.ReconcileAsync(found.Report, found.Department, strict ?? false, cancellationToken);
        if (outcome is null)
        {
            return TypedResults.Problem(title: "未找到已公开的决算", detail: $"部门“{deptCode}”没有 {year} 年度已公开且有审核规则的部门决算。", statusCode: StatusCodes.Status404NotFound);
        }

        return TypedResults.Ok(ReconciliationDto.From(outcome, strict ?? false, all ?? false));
    }

    private static Accepted<BatchDto> StartBatch(BatchRequest request, ReconciliationBatches batches)
    {
        var job = batches.Enqueue(request.FiscalYear);
        return TypedResults.Accepted($"/api/reconciliation/batches/{job.Id}", BatchDto.From(job));
    }

    private static Results<Ok<BatchDto>, ProblemHttpResult> GetBatch(Guid id, ReconciliationBatches batches) =>
        batches.Find(id) is { } job
            ? TypedResults.Ok(BatchDto.From(job))
            : TypedResults.Problem(title: "未找到批量校验任务", detail: $"任务 {id} 不存在（任务只保存在内存中，服务重启后清空）。", statusCode: StatusCodes.Status404NotFound);
}

public sealed record BatchRequest(int FiscalYear);

public sealed record BatchDto(Guid Id, int FiscalYear, string State, int Total, int Done, double Percent, int WithErrors, DateTimeOffset QueuedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Error)
{
    public static BatchDto From(BatchJob job) => new(job.Id, job.FiscalYear, job.State.ToString().ToLowerInvariant(), job.Total, job.Done, job.Percent, job.WithErrors,
        job.QueuedAt, job.StartedAt, job.FinishedAt, job.Error);
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
            result.Rules.SelectMany(r => r.Checks.Where(c => all || c.Status is CheckStatus.Fail or CheckStatus.Tail).Select(c => CheckDto.From(r.Rule, c))).ToList(),
            result.GroupFailures().Select(g => new GroupDto(CheckCellDto.From(g.Cell), g.Failures.Select(f => f.RuleId).Distinct().ToList(), g.Failures.Count)).ToList());
    }
}

public sealed record SummaryDto(int Error, int Warning, int Info, int Passed, int Tails, int NotApplicable, int Checks);

public sealed record RuleDto(string Id, string Label, string Severity, string Status, int Checks, string? Note);

public sealed record CheckDto(string Rule, string Label, string Severity, string Status, string? Where, string? Operator, decimal? Lhs, decimal? Rhs, decimal? Difference, decimal Tolerance, string? Message, IReadOnlyList<CheckCellDto> Cells)
{
    public static CheckDto From(ReconciliationRule rule, CheckResult c) => new(c.RuleId, rule.Label, c.Severity.ToCode(), c.Status.ToCode(), c.Where, c.Operator,
        c.Lhs, c.Rhs, c.Difference, c.Tolerance, c.Message, c.Cells.Select(CheckCellDto.From).ToList());
}

/// <summary>A cell a check read: table, row key, 栏次, value (null = blank).</summary>
public sealed record CheckCellDto(string Table, string Row, int Col, decimal? Value)
{
    public static CheckCellDto From(CellRef cell) => new(cell.Table, cell.Row, cell.Column, cell.Value);
}

public sealed record GroupDto(CheckCellDto Cell, IReadOnlyList<string> Rules, int Failures);

