using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FinalAccounts.Domain.Reconciliation;

namespace FinalAccounts.Domain.Narrative;

/// <summary>
/// 生成初稿: writes each section's standard sentences (the template's <c>draft</c> lines) from the tables and the named
/// inputs — amounts, shares, changes against last year's figures (<c>上年.&lt;figure&gt;</c>), completion rates, counts.
/// What only the officer knows is left as 【待填写…】, which the placeholder check (N0-01) blocks until it is written.
/// Shares and rates are rounded half away from zero to two decimals, so a draft passes the N rules it states.
/// </summary>
public static partial class NarrativeDrafter
{
    public const string ToFill = "【待填写】";
    public const string ReasonToFill = "【待填写主要原因】";

    /// <summary>The draft of every section, in template order, for a report's tables (<paramref name="data"/>) and inputs.</summary>
    public static IReadOnlyList<string> Draft(NarrativeTemplate template, ReconciliationData data, IReadOnlyDictionary<string, decimal>? inputs = null)
    {
        var context = new Context(data, inputs ?? new Dictionary<string, decimal>());
        return template.Sections.Select(section => DraftSection(section, context)).ToList();
    }

    /// <summary>Problems with a section's draft lines: placeholders naming no figure of the section.</summary>
    public static IEnumerable<string> Check(IReadOnlyList<DraftLine> lines, IReadOnlyList<NarrativeFigure> figures)
    {
        var ids = figures.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            foreach (Match m in Placeholder().Matches(line.Text))
            {
                var id = m.Groups["id"].Value;
                if (id is "year" or "reason" or "n" or "name")
                {
                    continue;
                }

                var known = id.EndsWith(".*", StringComparison.Ordinal) ? line.ForEach is not null && ids.Any(i => i.StartsWith(id[..^1], StringComparison.Ordinal)) : ids.Contains(id);
                if (!known)
                {
                    yield return $"初稿占位符“{m.Value}”不是本节的数字";
                }
            }
        }
    }

    private static string DraftSection(NarrativeSection section, Context context)
    {
        var figures = section.Figures.ToDictionary(f => f.Id, StringComparer.Ordinal);
        var lines = new List<string>();
        foreach (var line in section.Draft)
        {
            if (line.ForEach is null)
            {
                lines.Add(Fill(line.Text, figures, context, null, 0));
                continue;
            }

            var prefix = line.ForEach[..^1];
            var n = 0;
            foreach (var figure in section.Figures.Where(f => f.Id.StartsWith(prefix, StringComparison.Ordinal)))
            {
                if (context.Value(figure, figures) is { } value && value != 0)
                {
                    lines.Add(Fill(line.Text, figures, context, figure.Id[prefix.Length..], ++n, figure.Subjects.FirstOrDefault()));
                }
            }
        }

        return string.Join("\n", lines);
    }

    private static string Fill(string text, Dictionary<string, NarrativeFigure> figures, Context context, string? key, int n, string? name = null)
    {
        // Optional parts first: […] is dropped when any placeholder inside has nothing to say.
        var withOptional = Optional().Replace(text, m =>
        {
            var inner = m.Groups["inner"].Value;
            var empty = Placeholder().Matches(inner).Any(p => Say(p, figures, context, key, n, name).Length == 0);
            return empty ? "" : inner;
        });
        return Placeholder().Replace(withOptional, p => Say(p, figures, context, key, n, name));
    }

    private static string Say(Match placeholder, Dictionary<string, NarrativeFigure> figures, Context context, string? key, int n, string? name)
    {
        var id = placeholder.Groups["id"].Value;
        var kind = placeholder.Groups["kind"].Value;
        switch (id)
        {
            case "year":
                return context.Data.Facts.FiscalYear.ToString(CultureInfo.InvariantCulture);
            case "reason":
                return ReasonToFill;
            case "n":
                return Numeral(n);
            case "name":
                return name ?? "";
        }

        if (id.EndsWith(".*", StringComparison.Ordinal))
        {
            id = id[..^1] + key;
        }

        if (!figures.TryGetValue(id, out var figure))
        {
            return ToFill;
        }

        var value = context.Value(figure, figures);
        switch (kind)
        {
            case "":
                return value is null ? ToFill + (figure.IsCount ? "" : "万元") : figure.IsCount ? value.Value.ToString("0", CultureInfo.InvariantCulture) : Amount(value.Value);
            case "share":
                var of = figure.Share is { } share ? context.Value(share.Of, figures) : null;
                return value is null || of is null ? ToFill + "%" : Percent(of.Value == 0 ? 0 : 100m * value.Value / of.Value);
            case "completion":
                var budget = figure.Completion is { } completion ? context.Value(completion.Of, figures) : null;
                return value is null || budget is null || budget.Value <= 0 ? "" : Percent(100m * value.Value / budget.Value);
            case "change":
                if (value is null || !context.Inputs.TryGetValue("上年." + figure.Id, out var prior))
                {
                    return "比上年增减" + ToFill + "万元";
                }

                var delta = value.Value - prior;
                if (delta == 0)
                {
                    return "与上年持平";
                }

                var words = delta > 0 ? ("增加", "增长") : ("减少", "下降");
                var change = $"比上年{words.Item1}{Amount(Math.Abs(delta))}";
                return prior > 0 ? $"{change}，{words.Item2}{Percent(Math.Abs(100m * delta / prior))}" : change;
            default:
                return ToFill;
        }
    }

    private static string Amount(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture) + "万元";

    private static string Percent(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string Numeral(int n)
    {
        string[] digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        return n < 10 ? digits[n] : n < 20 ? "十" + digits[n % 10] : digits[n / 10] + "十" + digits[n % 10];
    }

    private sealed class Context(ReconciliationData data, IReadOnlyDictionary<string, decimal> inputs)
    {
        public ReconciliationData Data { get; } = data;
        public IReadOnlyDictionary<string, decimal> Inputs { get; } = inputs;

        public decimal? Value(NarrativeFigure figure, Dictionary<string, NarrativeFigure> figures) => Value(figure.EqualsTo, figures);

        public decimal? Value(FigureSource? source, Dictionary<string, NarrativeFigure> figures) => source switch
        {
            { Expression: { } expr } => ReconciliationEngine.EvaluateExpression(expr, Data).Value,
            { Input: { } key } => Inputs.TryGetValue(key, out var input) ? input : null,
            { Figure: { } id } => figures.TryGetValue(id, out var other) ? Value(other, figures) : null,
            _ => null,
        };
    }

    [GeneratedRegex(@"\{(?<id>[^{}:]+)(?::(?<kind>[a-z]+))?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\[(?<inner>[^\[\]]*)\]")]
    private static partial Regex Optional();
}
