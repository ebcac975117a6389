namespace FinalAccounts.Domain.Performance;

/// <summary>
/// The 绩效 part of one report: the 部门整体支出绩效自评表, the 项目支出绩效自评表 (one per project), the summary of
/// the project self-evaluations as the 情况说明 states it, the 部门评价 reports and the finance bureau's
/// 财政评价结果反馈. Amounts in 万元 keep the precision they were printed with (decimal keeps its scale); the checks
/// compare at that precision.
/// </summary>
public sealed record PerformanceDocument(
    SelfEvaluation? Department,
    IReadOnlyList<SelfEvaluation> Projects,
    ProjectSummary? Summary,
    IReadOnlyList<DepartmentEvaluation> Evaluations,
    IReadOnlyList<FinanceFeedback> FinanceFeedbacks)
{
    /// <summary>The grade scheme the document states (an id of the scheme file), or null for the template set's default.</summary>
    public string? GradeScheme { get; init; }

    public static PerformanceDocument Empty { get; } = new(null, [], null, [], []);
}

public enum SelfEvaluationKind
{
    /// <summary>部门整体支出绩效自评表.</summary>
    Department,

    /// <summary>项目支出绩效自评表.</summary>
    Project,
}

/// <summary>
/// One 绩效自评表: the funds (年度资金总额 and its sub-rows), the annual goals, the indicator tree, 总分 and 等级.
/// A project may be listed with its score only (as the 情况说明 lists them), with <see cref="Funds"/> null and no indicators.
/// </summary>
public sealed record SelfEvaluation(
    SelfEvaluationKind Kind,
    string Name,
    PerformanceFunds? Funds,
    IReadOnlyList<AnnualGoal> Goals,
    IReadOnlyList<PerformanceIndicator> Indicators,
    decimal? TotalWeight,
    decimal? TotalScore,
    string? Grade)
{
    /// <summary>下属单位个数 as the department table states it (department table only).</summary>
    public int? SubordinateUnits { get; init; }

    /// <summary>Targets as the project's description (项目说明/绩效目标申报表) lists them, for P-14.</summary>
    public IReadOnlyList<StatedTarget> StatedTargets { get; init; } = [];

    public string SheetLabel => Kind == SelfEvaluationKind.Department ? "部门整体支出绩效自评表" : "项目支出绩效自评表";
}

/// <summary>年度资金总额 and its sub-rows (财政拨款/其他资金, 基本支出/项目支出 …), each sub-row in a group that must add up to the total.</summary>
public sealed record PerformanceFunds(FundsRow Total, IReadOnlyList<FundsRow> Rows);

/// <param name="Group">The split the row belongs to (资金来源, 支出结构 …): rows of one group add up to the total (P-12).</param>
public sealed record FundsRow(
    string Name,
    string? Group,
    decimal? InitialBudget,
    decimal? FullYearBudget,
    decimal? Executed,
    decimal? ExecutionRate,
    decimal? Weight,
    decimal? Score);

/// <summary>年度总体目标: 预期目标 and 实际完成情况.</summary>
public sealed record AnnualGoal(string Expected, string Actual);

/// <summary>A 三级指标 under its 一级 and 二级: target, actual as typed, 分值, 得分, 偏差原因及改进措施.</summary>
public sealed record PerformanceIndicator(
    string Level1,
    string Level2,
    string Name,
    PerformanceTarget Target,
    string Actual,
    decimal? Weight,
    decimal? Score,
    string? Deviation)
{
    public decimal? ActualValue => PerformanceNumber.Quantity(Actual)?.Value;
}

/// <summary>A target as the project description states it, by indicator name (P-14).</summary>
public sealed record StatedTarget(string Indicator, PerformanceTarget Target);

/// <summary>What the 情况说明 says about the project self-evaluations: count, funds covered, average, its grade and the grade counts.</summary>
public sealed record ProjectSummary(
    int? ProjectCount,
    decimal? CoveredFunds,
    decimal? Average,
    string? AverageGrade,
    IReadOnlyDictionary<string, int> GradeCounts);

/// <summary>
/// A 部门评价 (department-led evaluation) of one project: the scoring sheet by 一级 section (决策/过程/产出/效益),
/// 二级 groups and 三级 indicators, and the report's conclusion (score, grade).
/// </summary>
public sealed record DepartmentEvaluation(
    string Project,
    decimal? Budget,
    decimal? Spent,
    decimal? Score,
    string? Grade,
    IReadOnlyList<EvaluationSection> Sections);

/// <summary>
/// A section of the scoring sheet as printed. <see cref="Weight"/> null means the sheet lists it outside the 一级
/// structure (000 prints 产出成本 that way). Stated counts are the 二级/三级 numbers the report's text gives.
/// </summary>
public sealed record EvaluationSection(
    string Name,
    decimal? Weight,
    decimal? Score,
    decimal? ScoreRate,
    int? StatedGroups,
    int? StatedIndicators,
    IReadOnlyList<EvaluationGroup> Groups)
{
    public IEnumerable<EvaluationIndicator> Indicators => Groups.SelectMany(g => g.Indicators);
}

/// <summary>A 二级 indicator; <see cref="Name"/> empty when the sheet does not print the 二级 level.</summary>
public sealed record EvaluationGroup(string Name, decimal? Weight, decimal? Score, IReadOnlyList<EvaluationIndicator> Indicators);

/// <summary>A 三级 indicator of a scoring sheet; target and actual when the sheet states them (for the partial-score formula).</summary>
public sealed record EvaluationIndicator(string Name, decimal? Weight, decimal? Score)
{
    public PerformanceTarget? Target { get; init; }
    public string? Actual { get; init; }
}

/// <summary>
/// 财政支出绩效评价结果反馈表: the finance bureau's (or its agency's) evaluation of the department — score and grade,
/// the budget figures it used, the indicator values it quotes, staffing and the ratios its findings state.
/// </summary>
public sealed record FinanceFeedback
{
    public required string Organisation { get; init; }
    public required string Department { get; init; }
    public required string EvaluationType { get; init; }
    public required int Year { get; init; }
    public string? Agency { get; init; }
    public string? EvaluatedAt { get; init; }
    public decimal? Score { get; init; }
    public string? Grade { get; init; }

    /// <summary>本年预算收入及其他收入.</summary>
    public decimal? BudgetIncome { get; init; }

    public decimal? FiscalAppropriationIncome { get; init; }

    /// <summary>上年结转.</summary>
    public decimal? CarriedForward { get; init; }

    public decimal? OtherIncome { get; init; }

    /// <summary>预算实际执行数.</summary>
    public decimal? Executed { get; init; }

    /// <summary>财政年终收回.</summary>
    public decimal? Recovered { get; init; }

    /// <summary>下属（二级预算）单位个数 the feedback names.</summary>
    public int? SubordinateUnits { get; init; }

    public Staffing? Staffing { get; init; }
    public BudgetVariance? BudgetVariance { get; init; }
    public PublicationRate? PublicationRate { get; init; }
    public IReadOnlyList<QuotedIndicator> Indicators { get; init; } = [];

    /// <summary>主要问题 as listed (text).</summary>
    public IReadOnlyList<string> Findings { get; init; } = [];
}

/// <summary>核定编制数: the total and its parts (行政编制, 参公事业编制, 事业编制 …).</summary>
public sealed record Staffing(int? Total, IReadOnlyList<StaffingPart> Parts);

public sealed record StaffingPart(string Label, int Count);

/// <summary>预决算差异率 as stated: (决算 − 预算) / 预算 × 100.</summary>
public sealed record BudgetVariance(decimal Budget, decimal Final, decimal StatedPercent);

/// <summary>户均发布率 as stated: 项目数 / 注册业主数.</summary>
public sealed record PublicationRate(int Projects, int Registrants, decimal StatedRate);

/// <summary>An indicator value the feedback quotes, linked to the self-evaluation indicator it refers to (by that indicator's name).</summary>
public sealed record QuotedIndicator(string Indicator, string? QuotedTarget, string Actual);
