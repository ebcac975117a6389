using System.Globalization;
using System.Text.Json;
using FinalAccounts.Domain.Common;

namespace FinalAccounts.Domain.Performance;

/// <summary>
/// Reads a <see cref="PerformanceDocument"/> from JSON (the demo data file and, later, the API body): amounts and scores
/// as strings (<c>"3935.011"</c>) so their printed precision survives, or as numbers. Every error names the field
/// (<c>projects[2].indicators[4].target</c>).
/// </summary>
public static class PerformanceDocumentReader
{
    public static Result<PerformanceDocument> Read(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return Read(document.RootElement, source);
        }
        catch (JsonException ex)
        {
            return Result<PerformanceDocument>.Failure(new DomainError("performance.document.json", $"不是有效的 JSON（第 {ex.LineNumber + 1} 行）：{ex.Message}", source));
        }
    }

    public static Result<PerformanceDocument> Read(JsonElement root, string source)
    {
        var reader = new Reader(source);
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Result<PerformanceDocument>.Failure(new DomainError("performance.document.json", "绩效数据应为 JSON 对象", source));
        }

        var department = root.TryGetProperty("department", out var d) && d.ValueKind == JsonValueKind.Object
            ? reader.SelfEvaluation(d, SelfEvaluationKind.Department, "department")
            : null;
        var projects = reader.Items(root, "projects", (e, at) => reader.SelfEvaluation(e, SelfEvaluationKind.Project, at));
        var summary = root.TryGetProperty("summary", out var s) && s.ValueKind == JsonValueKind.Object ? reader.Summary(s, "summary") : null;
        var evaluations = reader.Items(root, "evaluations", reader.Evaluation);
        var feedbacks = reader.Items(root, "financeFeedbacks", reader.Feedback);
        return reader.Errors.Count > 0
            ? Result<PerformanceDocument>.Failure(reader.Errors)
            : Result<PerformanceDocument>.Success(new PerformanceDocument(department, projects, summary, evaluations, feedbacks) { GradeScheme = Reader.Text(root, "gradeScheme") });
    }

    private sealed class Reader(string source)
    {
        public List<DomainError> Errors { get; } = [];

        public List<T> Items<T>(JsonElement parent, string name, Func<JsonElement, string, T?> read)
            where T : class
        {
            var items = new List<T>();
            if (parent.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var element in array.EnumerateArray())
                {
                    if (read(element, $"{name}[{index++}]") is { } item)
                    {
                        items.Add(item);
                    }
                }
            }

            return items;
        }

        public SelfEvaluation? SelfEvaluation(JsonElement e, SelfEvaluationKind kind, string at)
        {
            var name = Required(e, "name", at);
            PerformanceFunds? funds = null;
            if (e.TryGetProperty("funds", out var f) && f.ValueKind == JsonValueKind.Object && f.TryGetProperty("total", out var total))
            {
                funds = new PerformanceFunds(Funds(total, at + ".funds.total"), Items(f, "rows", (r, a) => Funds(r, $"{at}.funds.{a}")));
            }

            var goals = Items(e, "goals", (g, _) => new AnnualGoal(Text(g, "expected") ?? "", Text(g, "actual") ?? ""));
            var indicators = Items(e, "indicators", (i, a) => Indicator(i, $"{at}.{a}"));
            var stated = Items(e, "statedTargets", (t, a) => Target(t, "target", $"{at}.{a}") is { } target ? new StatedTarget(Text(t, "indicator") ?? "", target) : null);
            return new SelfEvaluation(kind, name, funds, goals, indicators, Number(e, "totalWeight", at), Number(e, "totalScore", at), Text(e, "grade"))
            {
                SubordinateUnits = Integer(e, "subordinateUnits", at),
                StatedTargets = stated,
            };
        }

        private FundsRow Funds(JsonElement e, string at) => new(
            Required(e, "name", at), Text(e, "group"), Number(e, "initialBudget", at), Number(e, "fullYearBudget", at), Number(e, "executed", at),
            Number(e, "executionRate", at), Number(e, "weight", at), Number(e, "score", at));

        private PerformanceIndicator? Indicator(JsonElement e, string at)
        {
            var name = Required(e, "name", at);
            var target = Target(e, "target", at);
            return target is null ? null : new PerformanceIndicator(
                Text(e, "level1") ?? "", Text(e, "level2") ?? "", name, target, Text(e, "actual") ?? "",
                Number(e, "weight", at), Number(e, "score", at), Text(e, "deviation"));
        }

        private PerformanceTarget? Target(JsonElement e, string property, string at)
        {
            var parsed = PerformanceTarget.Parse(Text(e, property), $"{source} {at}.{property}");
            Errors.AddRange(parsed.Errors);
            return parsed.IsSuccess ? parsed.Value : null;
        }

        public ProjectSummary Summary(JsonElement e, string at)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            if (e.TryGetProperty("gradeCounts", out var g) && g.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in g.EnumerateObject())
                {
                    counts[property.Name] = Integer(g, property.Name, at + ".gradeCounts") ?? 0;
                }
            }

            return new ProjectSummary(Integer(e, "projectCount", at), Number(e, "coveredFunds", at), Number(e, "average", at), Text(e, "averageGrade"), counts);
        }

        public DepartmentEvaluation Evaluation(JsonElement e, string at) => new(
            Required(e, "project", at), Number(e, "budget", at), Number(e, "spent", at), Number(e, "score", at), Text(e, "grade"),
            Items(e, "sections", (s, a) => new EvaluationSection(
                Required(s, "name", $"{at}.{a}"), Number(s, "weight", $"{at}.{a}"), Number(s, "score", $"{at}.{a}"), Number(s, "scoreRate", $"{at}.{a}"),
                Integer(s, "statedGroups", $"{at}.{a}"), Integer(s, "statedIndicators", $"{at}.{a}"),
                Items(s, "groups", (g, b) => new EvaluationGroup(
                    Text(g, "name") ?? "", Number(g, "weight", $"{at}.{a}.{b}"), Number(g, "score", $"{at}.{a}.{b}"),
                    Items(g, "indicators", (i, c) => EvaluationIndicator(i, $"{at}.{a}.{b}.{c}")))))));

        private EvaluationIndicator EvaluationIndicator(JsonElement e, string at) => new(Required(e, "name", at), Number(e, "weight", at), Number(e, "score", at))
        {
            Target = Text(e, "target") is null ? null : Target(e, "target", at),
            Actual = Text(e, "actual"),
        };

        public FinanceFeedback Feedback(JsonElement e, string at)
        {
            Staffing? staffing = null;
            if (e.TryGetProperty("staffing", out var s) && s.ValueKind == JsonValueKind.Object)
            {
                staffing = new Staffing(Integer(s, "total", at + ".staffing"),
                    Items(s, "parts", (p, a) => new StaffingPart(Text(p, "label") ?? "", Integer(p, "count", $"{at}.staffing.{a}") ?? 0)));
            }

            BudgetVariance? variance = null;
            if (e.TryGetProperty("budgetVariance", out var v) && v.ValueKind == JsonValueKind.Object
                && Number(v, "budget", at) is { } budget && Number(v, "final", at) is { } final && Number(v, "statedPercent", at) is { } percent)
            {
                variance = new BudgetVariance(budget, final, percent);
            }

            PublicationRate? rate = null;
            if (e.TryGetProperty("publicationRate", out var p2) && p2.ValueKind == JsonValueKind.Object
                && Integer(p2, "projects", at) is { } projects && Integer(p2, "registrants", at) is { } registrants && Number(p2, "statedRate", at) is { } stated)
            {
                rate = new PublicationRate(projects, registrants, stated);
            }

            return new FinanceFeedback
            {
                Organisation = Required(e, "organisation", at),
                Department = Required(e, "department", at),
                EvaluationType = Text(e, "evaluationType") ?? "",
                Year = Integer(e, "year", at) ?? 0,
                Agency = Text(e, "agency"),
                EvaluatedAt = Text(e, "evaluatedAt"),
                Score = Number(e, "score", at),
                Grade = Text(e, "grade"),
                BudgetIncome = Number(e, "budgetIncome", at),
                FiscalAppropriationIncome = Number(e, "fiscalAppropriationIncome", at),
                CarriedForward = Number(e, "carriedForward", at),
                OtherIncome = Number(e, "otherIncome", at),
                Executed = Number(e, "executed", at),
                Recovered = Number(e, "recovered", at),
                SubordinateUnits = Integer(e, "subordinateUnits", at),
                Staffing = staffing,
                BudgetVariance = variance,
                PublicationRate = rate,
                Indicators = Items(e, "indicators", (i, _) => new QuotedIndicator(Text(i, "indicator") ?? "", Text(i, "quotedTarget"), Text(i, "actual") ?? "")),
                Findings = e.TryGetProperty("findings", out var f) && f.ValueKind == JsonValueKind.Array
                    ? f.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
                    : [],
            };
        }

        private string Required(JsonElement e, string name, string at)
        {
            var text = Text(e, name);
            if (string.IsNullOrWhiteSpace(text))
            {
                Errors.Add(new DomainError("performance.document.required", $"缺少“{name}”", $"{source} {at}"));
            }

            return text ?? "";
        }

        private decimal? Number(JsonElement e, string name, string at)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
            {
                return number;
            }

            var text = value.ValueKind == JsonValueKind.String ? PerformanceTarget.Normalise(value.GetString()!) : null;
            if (text is { Length: 0 })
            {
                return null;
            }

            if (text is not null && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed))
            {
                return parsed;
            }

            Errors.Add(new DomainError("performance.document.number", $"“{value}”不是数值", $"{source} {at}.{name}"));
            return null;
        }

        private int? Integer(JsonElement e, string name, string at)
        {
            var number = Number(e, name, at);
            if (number is { } n && n != decimal.Truncate(n))
            {
                Errors.Add(new DomainError("performance.document.integer", $"“{n}”应为整数", $"{source} {at}.{name}"));
                return null;
            }

            return number is { } whole ? (int)whole : null;
        }

        public static string? Text(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
