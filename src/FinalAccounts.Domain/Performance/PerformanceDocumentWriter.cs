using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FinalAccounts.Domain.Performance;

/// <summary>
/// Writes a <see cref="PerformanceDocument"/> as the JSON <see cref="PerformanceDocumentReader"/> reads: amounts and
/// scores as strings with the precision they were entered with, blank values left out. The output is canonical (the
/// same document gives the same text), so it can be stored and hashed.
/// </summary>
public static class PerformanceDocumentWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(PerformanceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            Text(w, "gradeScheme", document.GradeScheme);
            if (document.Department is { } department)
            {
                w.WritePropertyName("department");
                SelfEvaluation(w, department);
            }

            Array(w, "projects", document.Projects, SelfEvaluation);
            if (document.Summary is { } summary)
            {
                w.WriteStartObject("summary");
                Number(w, "projectCount", summary.ProjectCount);
                Number(w, "coveredFunds", summary.CoveredFunds);
                Number(w, "average", summary.Average);
                Text(w, "averageGrade", summary.AverageGrade);
                w.WriteStartObject("gradeCounts");
                foreach (var (grade, count) in summary.GradeCounts)
                {
                    w.WriteNumber(grade, count);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            Array(w, "evaluations", document.Evaluations, Evaluation);
            Array(w, "financeFeedbacks", document.FinanceFeedbacks, Feedback);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void SelfEvaluation(Utf8JsonWriter w, SelfEvaluation e)
    {
        w.WriteStartObject();
        Text(w, "name", e.Name);
        Number(w, "subordinateUnits", e.SubordinateUnits);
        if (e.Funds is { } funds)
        {
            w.WriteStartObject("funds");
            w.WritePropertyName("total");
            Funds(w, funds.Total);
            Array(w, "rows", funds.Rows, Funds);
            w.WriteEndObject();
        }

        Array(w, "goals", e.Goals, (w2, g) =>
        {
            w2.WriteStartObject();
            Text(w2, "expected", g.Expected);
            Text(w2, "actual", g.Actual);
            w2.WriteEndObject();
        });
        Array(w, "indicators", e.Indicators, (w2, i) =>
        {
            w2.WriteStartObject();
            Text(w2, "level1", i.Level1);
            Text(w2, "level2", i.Level2);
            Text(w2, "name", i.Name);
            Text(w2, "target", i.Target.Text);
            Text(w2, "actual", i.Actual);
            Number(w2, "weight", i.Weight);
            Number(w2, "score", i.Score);
            Text(w2, "deviation", i.Deviation);
            w2.WriteEndObject();
        });
        Array(w, "statedTargets", e.StatedTargets, (w2, t) =>
        {
            w2.WriteStartObject();
            Text(w2, "indicator", t.Indicator);
            Text(w2, "target", t.Target.Text);
            w2.WriteEndObject();
        });
        Number(w, "totalWeight", e.TotalWeight);
        Number(w, "totalScore", e.TotalScore);
        Text(w, "grade", e.Grade);
        w.WriteEndObject();
    }

    private static void Funds(Utf8JsonWriter w, FundsRow r)
    {
        w.WriteStartObject();
        Text(w, "name", r.Name);
        Text(w, "group", r.Group);
        Number(w, "initialBudget", r.InitialBudget);
        Number(w, "fullYearBudget", r.FullYearBudget);
        Number(w, "executed", r.Executed);
        Number(w, "executionRate", r.ExecutionRate);
        Number(w, "weight", r.Weight);
        Number(w, "score", r.Score);
        w.WriteEndObject();
    }

    private static void Evaluation(Utf8JsonWriter w, DepartmentEvaluation e)
    {
        w.WriteStartObject();
        Text(w, "project", e.Project);
        Number(w, "budget", e.Budget);
        Number(w, "spent", e.Spent);
        Number(w, "score", e.Score);
        Text(w, "grade", e.Grade);
        Array(w, "sections", e.Sections, (w2, s) =>
        {
            w2.WriteStartObject();
            Text(w2, "name", s.Name);
            Number(w2, "weight", s.Weight);
            Number(w2, "score", s.Score);
            Number(w2, "scoreRate", s.ScoreRate);
            Number(w2, "statedGroups", s.StatedGroups);
            Number(w2, "statedIndicators", s.StatedIndicators);
            Array(w2, "groups", s.Groups, (w3, g) =>
            {
                w3.WriteStartObject();
                Text(w3, "name", g.Name);
                Number(w3, "weight", g.Weight);
                Number(w3, "score", g.Score);
                Array(w3, "indicators", g.Indicators, (w4, i) =>
                {
                    w4.WriteStartObject();
                    Text(w4, "name", i.Name);
                    Number(w4, "weight", i.Weight);
                    Number(w4, "score", i.Score);
                    Text(w4, "target", i.Target?.Text);
                    Text(w4, "actual", i.Actual);
                    w4.WriteEndObject();
                });
                w3.WriteEndObject();
            });
            w2.WriteEndObject();
        });
        w.WriteEndObject();
    }

    private static void Feedback(Utf8JsonWriter w, FinanceFeedback f)
    {
        w.WriteStartObject();
        Text(w, "organisation", f.Organisation);
        Text(w, "department", f.Department);
        Text(w, "evaluationType", f.EvaluationType);
        Number(w, "year", f.Year);
        Text(w, "agency", f.Agency);
        Text(w, "evaluatedAt", f.EvaluatedAt);
        Number(w, "score", f.Score);
        Text(w, "grade", f.Grade);
        Number(w, "budgetIncome", f.BudgetIncome);
        Number(w, "fiscalAppropriationIncome", f.FiscalAppropriationIncome);
        Number(w, "carriedForward", f.CarriedForward);
        Number(w, "otherIncome", f.OtherIncome);
        Number(w, "executed", f.Executed);
        Number(w, "recovered", f.Recovered);
        Number(w, "subordinateUnits", f.SubordinateUnits);
        if (f.Staffing is { } staffing)
        {
            w.WriteStartObject("staffing");
            Number(w, "total", staffing.Total);
            Array(w, "parts", staffing.Parts, (w2, p) =>
            {
                w2.WriteStartObject();
                Text(w2, "label", p.Label);
                Number(w2, "count", p.Count);
                w2.WriteEndObject();
            });
            w.WriteEndObject();
        }

        if (f.BudgetVariance is { } v)
        {
            w.WriteStartObject("budgetVariance");
            Number(w, "budget", v.Budget);
            Number(w, "final", v.Final);
            Number(w, "statedPercent", v.StatedPercent);
            w.WriteEndObject();
        }

        if (f.PublicationRate is { } p)
        {
            w.WriteStartObject("publicationRate");
            Number(w, "projects", p.Projects);
            Number(w, "registrants", p.Registrants);
            Number(w, "statedRate", p.StatedRate);
            w.WriteEndObject();
        }

        Array(w, "indicators", f.Indicators, (w2, i) =>
        {
            w2.WriteStartObject();
            Text(w2, "indicator", i.Indicator);
            Text(w2, "quotedTarget", i.QuotedTarget);
            Text(w2, "actual", i.Actual);
            w2.WriteEndObject();
        });
        if (f.Findings.Count > 0)
        {
            w.WriteStartArray("findings");
            foreach (var finding in f.Findings)
            {
                w.WriteStringValue(finding);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void Array<T>(Utf8JsonWriter w, string name, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write)
    {
        if (items.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var item in items)
        {
            write(w, item);
        }

        w.WriteEndArray();
    }

    private static void Text(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    // As strings: the scale of a decimal is its printed precision, which the checks compare at.
    private static void Number(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v)
        {
            w.WriteString(name, v.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void Number(Utf8JsonWriter w, string name, int? value) => Number(w, name, value is { } v ? (decimal?)v : null);
}
