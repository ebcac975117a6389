using System.Text.Json;
using FinalAccounts.Application.Reports;
using FinalAccounts.Domain.Performance;
using FinalAccounts.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FinalAccounts.Web.Endpoints;

/// <summary>
/// 绩效 (ADR 0017) through the API: <c>GET</c>/<c>PUT /api/reports/{code}/{year}/performance</c>. The body is the
/// document whole — 部门整体支出绩效自评表, 项目支出绩效自评表, the summary of 情况说明 九, 部门评价 and 财政评价结果反馈 —
/// with the version it was made against; an empty document removes it. Amounts may be sent as numbers or strings
/// (<c>"3935.011"</c>); the precision sent is the precision the P and D rules compare at.
/// </summary>
public static class PerformanceApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RouteGroupBuilder MapPerformanceApi(this RouteGroupBuilder reports)
    {
        reports.MapGet("/performance", Read).WithSummary("读取绩效（部门整体/项目自评表、部门评价、财政评价反馈）/ Read the performance evaluations (绩效)");
        reports.MapPut("/performance", Save).RequireAuthorization().WithSummary("保存绩效（填报人；整份替换，空文档即删除；If-Match 版本号）/ Replace the performance evaluations")
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return reports;
    }

    private static async Task<Results<Ok<PerformanceDto>, ProblemHttpResult>> Read(string code, int year, ReadPerformance useCase, HttpContext context)
    {
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), code, year, context.RequestAborted);
        return ApiProblems.Versioned(result, context, r => r.Report.Version, PerformanceDto.From);
    }

    private static async Task<Results<Ok<PerformanceDto>, ProblemHttpResult>> Save(string code, int year, PerformanceRequest request, SavePerformance useCase, HttpContext context)
    {
        var version = VersionHeader.Read(context, request.Version);
        if (!version.IsSuccess)
        {
            return ApiProblems.From(version.Errors);
        }

        // The named DTOs document the shape; the domain reader validates it and names each wrong field.
        var body = JsonSerializer.SerializeToElement(request with { Version = null }, Json);
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), code, year, body, version.Value, context.RequestAborted);
        return ApiProblems.Versioned(result, context, r => r.Report.Version, PerformanceDto.From);
    }

    internal static PerformanceBody BodyOf(PerformanceDocument document) =>
        JsonSerializer.Deserialize<PerformanceBody>(PerformanceDocumentWriter.Write(document), Json)!;
}

/// <summary>绩效 as written: the document whole and the version it was made against (or <c>If-Match</c>).</summary>
public sealed record PerformanceRequest(
    string? GradeScheme,
    PerformanceSelfEvaluationDto? Department,
    IReadOnlyList<PerformanceSelfEvaluationDto>? Projects,
    PerformanceSummaryDto? Summary,
    IReadOnlyList<DepartmentEvaluationDto>? Evaluations,
    IReadOnlyList<FinanceFeedbackDto>? FinanceFeedbacks,
    int? Version);

/// <summary>The document part of <see cref="PerformanceDto"/>.</summary>
public sealed record PerformanceBody(
    string? GradeScheme,
    PerformanceSelfEvaluationDto? Department,
    IReadOnlyList<PerformanceSelfEvaluationDto>? Projects,
    PerformanceSummaryDto? Summary,
    IReadOnlyList<DepartmentEvaluationDto>? Evaluations,
    IReadOnlyList<FinanceFeedbackDto>? FinanceFeedbacks);

/// <summary>
/// A report's 绩效: revision, status and version, the document, and the grade schemes the template set offers
/// (<c>gradeScheme</c> null = the default).
/// </summary>
public sealed record PerformanceDto(
    int Revision,
    string Status,
    int Version,
    string? GradeScheme,
    PerformanceSelfEvaluationDto? Department,
    IReadOnlyList<PerformanceSelfEvaluationDto> Projects,
    PerformanceSummaryDto? Summary,
    IReadOnlyList<DepartmentEvaluationDto> Evaluations,
    IReadOnlyList<FinanceFeedbackDto> FinanceFeedbacks,
    IReadOnlyList<GradeSchemeDto> GradeSchemes)
{
    public static PerformanceDto From(PerformanceState state)
    {
        var body = PerformanceApi.BodyOf(state.Document);
        return new(state.Report.Revision, state.Report.Status.ToString(), state.Report.Version, body.GradeScheme, body.Department, body.Projects ?? [], body.Summary,
            body.Evaluations ?? [], body.FinanceFeedbacks ?? [],
            state.Scheme.GradeSchemes.Select(s => new GradeSchemeDto(s.Id, s.Label, s.Id == state.Scheme.DefaultGradeScheme, s.Bands.Select(b => new GradeBandDto(b.Grade, b.Min)).ToList())).ToList());
    }
}

public sealed record GradeSchemeDto(string Id, string Label, bool IsDefault, IReadOnlyList<GradeBandDto> Bands);

public sealed record GradeBandDto(string Grade, decimal Min);

/// <summary>A 绩效自评表 (the department's, or a project's with its <c>name</c>); a project may carry only its score and grade.</summary>
public sealed record PerformanceSelfEvaluationDto(
    string? Name,
    int? SubordinateUnits,
    PerformanceFundsDto? Funds,
    IReadOnlyList<AnnualGoalDto>? Goals,
    IReadOnlyList<PerformanceIndicatorDto>? Indicators,
    IReadOnlyList<StatedTargetDto>? StatedTargets,
    decimal? TotalWeight,
    decimal? TotalScore,
    string? Grade);

/// <summary>年度资金总额 and its sub-rows; rows of one <c>group</c> (资金来源, 支出结构) add up to the total.</summary>
public sealed record PerformanceFundsDto(FundsRowDto? Total, IReadOnlyList<FundsRowDto>? Rows);

public sealed record FundsRowDto(string? Name, string? Group, decimal? InitialBudget, decimal? FullYearBudget, decimal? Executed, decimal? ExecutionRate, decimal? Weight, decimal? Score);

public sealed record AnnualGoalDto(string? Expected, string? Actual);

/// <summary>A 三级指标: <c>target</c> as printed (≥140万件, ＝100%, 及时), <c>actual</c> as typed.</summary>
public sealed record PerformanceIndicatorDto(string? Level1, string? Level2, string? Name, string? Target, string? Actual, decimal? Weight, decimal? Score, string? Deviation);

public sealed record StatedTargetDto(string? Indicator, string? Target);

public sealed record PerformanceSummaryDto(int? ProjectCount, decimal? CoveredFunds, decimal? Average, string? AverageGrade, Dictionary<string, int>? GradeCounts);

/// <summary>A 部门评价 of a project: scoring sheet (一级 sections → 二级 groups → 三级 indicators) and conclusion.</summary>
public sealed record DepartmentEvaluationDto(string? Project, decimal? Budget, decimal? Spent, decimal? Score, string? Grade, IReadOnlyList<EvaluationSectionDto>? Sections);

public sealed record EvaluationSectionDto(string? Name, decimal? Weight, decimal? Score, decimal? ScoreRate, int? StatedGroups, int? StatedIndicators, IReadOnlyList<EvaluationGroupDto>? Groups);

public sealed record EvaluationGroupDto(string? Name, decimal? Weight, decimal? Score, IReadOnlyList<EvaluationIndicatorDto>? Indicators);

public sealed record EvaluationIndicatorDto(string? Name, decimal? Weight, decimal? Score, string? Target, string? Actual);

/// <summary>财政支出绩效评价结果反馈表.</summary>
public sealed record FinanceFeedbackDto(
    string? Organisation,
    string? Department,
    string? EvaluationType,
    int? Year,
    string? Agency,
    string? EvaluatedAt,
    decimal? Score,
    string? Grade,
    decimal? BudgetIncome,
    decimal? FiscalAppropriationIncome,
    decimal? CarriedForward,
    decimal? OtherIncome,
    decimal? Executed,
    decimal? Recovered,
    int? SubordinateUnits,
    StaffingDto? Staffing,
    BudgetVarianceDto? BudgetVariance,
    PublicationRateDto? PublicationRate,
    IReadOnlyList<QuotedIndicatorDto>? Indicators,
    IReadOnlyList<string>? Findings);

public sealed record StaffingDto(int? Total, IReadOnlyList<StaffingPartDto>? Parts);

public sealed record StaffingPartDto(string? Label, int? Count);

public sealed record BudgetVarianceDto(decimal? Budget, decimal? Final, decimal? StatedPercent);

public sealed record PublicationRateDto(int? Projects, int? Registrants, decimal? StatedRate);

public sealed record QuotedIndicatorDto(string? Indicator, string? QuotedTarget, string? Actual);
