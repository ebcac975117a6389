using FinalAccounts.Domain.Reconciliation;

namespace FinalAccounts.Domain.Performance;

/// <summary>A grade and the lowest score it takes (inclusive); bands are ordered from the highest.</summary>
public sealed record GradeBand(string Grade, decimal Min);

/// <summary>A grading scheme: 四档 优/良/中/差, Shanghai's 优/良/合格/不合格, five bands …</summary>
public sealed record GradeScheme(string Id, string Label, IReadOnlyList<GradeBand> Bands)
{
    /// <summary>The grade a score falls in (bands are descending; the last starts at 0).</summary>
    public string GradeOf(decimal score) => Bands.FirstOrDefault(b => score >= b.Min)?.Grade ?? Bands[^1].Grade;

    public bool Knows(string grade) => Bands.Any(b => b.Grade == grade);

    /// <summary>The score range of a grade as text, e.g. <c>[80, 90)</c>.</summary>
    public string RangeOf(string grade)
    {
        var index = Bands.ToList().FindIndex(b => b.Grade == grade);
        return index < 0 ? "" : index == 0 ? $"≥{Bands[0].Min}" : $"[{Bands[index].Min}, {Bands[index - 1].Min})";
    }
}

/// <summary>An execution-rate band: a rate at or above <see cref="Min"/> (%) earns 分值 × <see cref="Coefficient"/>.</summary>
public sealed record ExecutionBand(decimal Min, decimal Coefficient);

public enum MissedIndicatorMethod
{
    /// <summary>分值 × clamp((r − floor) / (1 − floor), 0, 1): the seeds' formula (floor 0.6).</summary>
    Linear,

    /// <summary>分值 × r, which some Jiangxi templates describe.</summary>
    Proportional,
}

/// <summary>
/// Scoring and checking parameters of one template set (<c>templates/{id}.performance.json</c>): grade schemes, the
/// execution-rate bands, the formula for a missed quantitative indicator, the words the heuristics look for, the
/// report cells the cross-document rules read, and the P/D rule catalogue (ids, labels, severities, tolerances).
/// </summary>
public sealed record PerformanceScheme(
    string TemplateSetId,
    string Version,
    IReadOnlyList<GradeScheme> GradeSchemes,
    string DefaultGradeScheme,
    decimal ExecutionWeight,
    IReadOnlyList<ExecutionBand> ExecutionBands,
    MissedIndicatorMethod MissedMethod,
    decimal MissedFloor,
    IReadOnlyList<string> QualitativeMet,
    IReadOnlyList<string> Unmeasurable,
    IReadOnlyList<string> UpperBoundSuspect,
    decimal SelfVersusExternalGap,
    IReadOnlyDictionary<string, CrossCell> Cells,
    IReadOnlyList<ReconciliationRule> Rules)
{
    /// <summary>The P and D rules the checks implement; a scheme file must give each its label and severity.</summary>
    public static readonly IReadOnlySet<string> RuleIds = new HashSet<string>(StringComparer.Ordinal)
    {
        "P-01", "P-02", "P-03", "P-04", "P-05", "P-06", "P-07", "P-08", "P-09", "P-10", "P-11", "P-12", "P-13", "P-14",
        "D-01", "D-02", "D-03", "D-04", "D-05", "D-06", "D-07", "D-08", "D-09", "D-10", "D-11",
    };

    public GradeScheme Grades(string? id) =>
        GradeSchemes.FirstOrDefault(s => s.Id == id) ?? GradeSchemes.First(s => s.Id == DefaultGradeScheme);

    public ReconciliationRule? Rule(string id) => Rules.FirstOrDefault(r => r.Id == id);
}

/// <summary>A report cell a cross-document rule reads (<c>T04[59,2]</c>).</summary>
public sealed record CrossCell(string Table, string Row, int Column)
{
    public override string ToString() => $"T{Table}[{Row},{Column}]";
}

/// <summary>The performance schemes of all template sets, by template set id.</summary>
public sealed class PerformanceSchemeRegistry(IEnumerable<PerformanceScheme> schemes)
{
    private readonly Dictionary<string, PerformanceScheme> _schemes = schemes.ToDictionary(s => s.TemplateSetId, StringComparer.Ordinal);

    public PerformanceScheme? Find(string templateSetId) => _schemes.GetValueOrDefault(templateSetId);

    public IEnumerable<PerformanceScheme> All => _schemes.Values;
}
