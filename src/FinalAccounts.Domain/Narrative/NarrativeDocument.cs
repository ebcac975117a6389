namespace FinalAccounts.Domain.Narrative;

/// <summary>
/// A report's 情况说明 as the N rules read it: the template, the section texts in template order (normalised here, so
/// every character range refers to the stored text) and the named inputs entered by the officer
/// (<c>年初预算.201</c>, <c>机关运行经费</c>, <c>上年.收入总计</c>…; absent keys make their checks not applicable).
/// </summary>
public sealed class NarrativeDocument
{
    private IReadOnlyList<IReadOnlyList<NarrativeFact>>? _facts;
    private IReadOnlyList<NarrativeReading>? _readings;

    public NarrativeDocument(NarrativeTemplate template, IReadOnlyList<string> sections, IReadOnlyDictionary<string, decimal>? inputs = null)
    {
        Template = template;
        Sections = template.Sections.Select((_, i) => i < sections.Count ? NarrativeText.Normalise(sections[i] ?? "") : "").ToList();
        Inputs = inputs ?? new Dictionary<string, decimal>();
    }

    public NarrativeTemplate Template { get; }
    public IReadOnlyList<string> Sections { get; }
    public IReadOnlyDictionary<string, decimal> Inputs { get; }

    /// <summary>Each section as the checks read it (PDF line wraps joined), with the way back to <see cref="Sections"/>.</summary>
    public IReadOnlyList<NarrativeReading> Readings => _readings ??= Sections.Select((s, i) => NarrativeText.ForReading(s, Template.Sections[i].Headings)).ToList();

    /// <summary>The facts of each section, extracted once from its reading (spans are in <see cref="NarrativeReading.Text"/>).</summary>
    public IReadOnlyList<IReadOnlyList<NarrativeFact>> Facts => _facts ??= Readings.Select(r => FactExtractor.Extract(r.Text)).ToList();
}
