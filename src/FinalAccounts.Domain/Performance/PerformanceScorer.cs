namespace FinalAccounts.Domain.Performance;

/// <summary>The scores and grade the portal suggests for a self-evaluation; the officer enters the official ones.</summary>
public sealed record SuggestedScores(decimal? ExecutionScore, IReadOnlyList<decimal?> IndicatorScores, decimal? Total, string? Grade);

/// <summary>
/// Computes suggested scores from a <see cref="PerformanceScheme"/>: the execution-rate band score, full marks for a
/// met indicator, the missed-indicator formula for an unmet quantitative one, the total and its grade.
/// </summary>
public sealed class PerformanceScorer(PerformanceScheme scheme, string? gradeScheme = null)
{
    public PerformanceScheme Scheme { get; } = scheme;
    public GradeScheme Grades { get; } = scheme.Grades(gradeScheme);

    public string GradeOf(decimal score) => Grades.GradeOf(score);

    /// <summary>The band coefficient of an execution rate (%), or null below the calibrated bands.</summary>
    public decimal? ExecutionCoefficient(decimal rate) => Scheme.ExecutionBands.FirstOrDefault(b => rate >= b.Min)?.Coefficient;

    public decimal? ExecutionScore(decimal rate, decimal weight) => ExecutionCoefficient(rate) is { } c ? weight * c : null;

    /// <summary>The score of a missed quantitative indicator with completion ratio r.</summary>
    public decimal MissedScore(decimal weight, decimal ratio) => Scheme.MissedMethod switch
    {
        MissedIndicatorMethod.Proportional => weight * Math.Clamp(ratio, 0, 1),
        _ => weight * Math.Clamp((ratio - Scheme.MissedFloor) / (1 - Scheme.MissedFloor), 0, 1),
    };

    /// <summary>
    /// Whether an indicator's actual value meets its target: a comparison for a quantitative target; for a qualitative
    /// one the actual must say it was achieved (达成/基本达成/100 …, not 未达成). Null when it cannot be told.
    /// </summary>
    public bool? IsMet(PerformanceTarget target, string? actual)
    {
        if (target.IsQuantitative)
        {
            return target.IsMetBy(PerformanceNumber.Quantity(actual)?.Value);
        }

        var text = PerformanceTarget.Normalise(actual ?? "");
        if (text.Length == 0)
        {
            return null;
        }

        // A negation (未达成, 不及时) turns a met word into a miss.
        var negated = text.Contains('未') || text.Contains('不') || text.Contains("没有", StringComparison.Ordinal);
        var met = Scheme.QualitativeMet.Any(w => text.Contains(w, StringComparison.Ordinal));
        return met && !negated ? true : negated ? false : null;
    }

    /// <summary>The score an indicator should get: full marks when met, the formula when a quantitative target is missed.</summary>
    public decimal? SuggestedScore(PerformanceTarget target, string? actual, decimal? weight)
    {
        if (weight is not { } w)
        {
            return null;
        }

        return IsMet(target, actual) switch
        {
            true => w,
            false when target.CompletionRatio(PerformanceNumber.Quantity(actual)?.Value) is { } r => MissedScore(w, r),
            _ => null,
        };
    }

    public SuggestedScores Suggest(SelfEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var total = evaluation.Funds?.Total;
        var rate = total?.ExecutionRate ?? (total is { FullYearBudget: > 0 } t && t.Executed is { } e ? Math.Round(100 * e / t.FullYearBudget!.Value, 2) : null);
        var execution = rate is { } r && total?.Weight is { } w ? ExecutionScore(r, w) : null;
        var indicators = evaluation.Indicators.Select(i => SuggestedScore(i.Target, i.Actual, i.Weight)).ToList();
        decimal? sum = execution is null && total?.Weight is not null || indicators.Any(s => s is null) ? null : (execution ?? 0) + indicators.Sum(s => s!.Value);
        return new SuggestedScores(execution, indicators, sum is { } s ? Math.Round(s, 2) : null, sum is { } g ? GradeOf(Math.Round(g, 2)) : null);
    }
}
