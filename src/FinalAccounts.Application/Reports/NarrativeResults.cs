using System.Globalization;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Narrative;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Reconciliation;

namespace FinalAccounts.Application.Reports;

/// <summary>One section of 情况说明 as written: the template's heading and the (normalised) text.</summary>
public sealed record NarrativeSectionText(int Order, string Heading, string Text);

/// <summary>
/// A report's 情况说明: the sections in template order (blank when not written), the named inputs the template
/// declares (<see cref="Domain.Narrative.NarrativeInput"/>) with the values entered, and the 更正说明.
/// </summary>
public sealed record NarrativeState(Report Report, Department Department, NarrativeTemplate Template, IReadOnlyList<NarrativeSectionText> Sections,
    IReadOnlyDictionary<string, decimal> Inputs, string? RevisionNote)
{
    public static NarrativeState Of(Report report, Department department, NarrativeTemplate template) => new(report, department, template,
        template.Sections.Select(s => new NarrativeSectionText(s.Order, s.Heading, report.Narrative.FirstOrDefault(n => n.Order == s.Order)?.Text ?? "")).ToList(),
        report.NarrativeInputMap(), report.RevisionNote);
}

/// <summary>What the officer sends: sections matched by order (heading optional), named inputs, 更正说明 (revisions only).</summary>
public sealed record NarrativeWrite(IReadOnlyList<NarrativeSectionWrite?>? Sections, IReadOnlyDictionary<string, decimal>? Inputs, string? RevisionNote);

public sealed record NarrativeSectionWrite(string? Heading, string? Text);

/// <summary>生成初稿: the drafted text of each section; <see cref="Saved"/> when it replaced the stored text.</summary>
public sealed record NarrativeDraft(NarrativeState State, IReadOnlyList<NarrativeSectionText> Draft, bool Saved);

/// <summary>名词解释 as stored, each term marked when it is one of the template's standard terms (kept on every save).</summary>
public sealed record GlossaryState(Report Report, Department Department, IReadOnlyList<GlossaryEntry> Terms);

public sealed record GlossaryEntry(string Term, string Definition, bool Standard);

public sealed record GlossaryWrite(string? Term, string? Definition);

/// <summary>A reconciliation for someone who may read the report (a draft for its officers, reviewers and admins).</summary>
public sealed record ReconciliationView(Report Report, Department Department, ReconciliationOutcome Outcome);

/// <summary>Limits and validation of 情况说明 and 名词解释 input, shared by the narrative use cases.</summary>
public static class NarrativeRules
{
    public const int MaxSectionLength = 20_000;
    public const int MaxRevisionNoteLength = 2_000;
    public const int MaxTermLength = 200;
    public const int MaxDefinitionLength = 2_000;
    public const int MaxTerms = 100;
    public const decimal MaxInput = 1_000_000_000_000m;

    public static DomainError Unsupported(Report report) =>
        new("narrative.unsupported", $"模板 {report.TemplateSetId} 没有情况说明模板，不能填写情况说明");

    /// <summary>Validates and normalises what was sent: sections in template order, inputs declared by the template.</summary>
    public static Result<(IReadOnlyList<string> Texts, IReadOnlyDictionary<string, decimal> Inputs, string? Note)> Validate(NarrativeWrite write, NarrativeTemplate template, Report report)
    {
        var errors = new List<DomainError>();
        var sections = write.Sections ?? [];
        if (sections.Count > template.Sections.Count)
        {
            errors.Add(new("validation", $"情况说明只有 {template.Sections.Count} 个部分，收到 {sections.Count} 个", "sections"));
        }

        var texts = new List<string>();
        for (var i = 0; i < template.Sections.Count; i++)
        {
            var sent = i < sections.Count ? sections[i] : null;
            var section = template.Sections[i];
            var label = $"情况说明“{section.Heading}”";
            if (sent?.Heading is { Length: > 0 } heading)
            {
                var normalised = NarrativeTemplateParser.StripNumbering(NarrativeText.Normalise(heading).Trim());
                if (!section.Headings.Append(section.Heading).Any(h => NarrativeTemplateParser.StripNumbering(h) == normalised))
                {
                    errors.Add(new("validation", $"第 {i + 1} 部分的标题“{Short(heading)}”与模板的“{section.Heading}”不符（各部分按模板顺序排列）", $"sections[{i}].heading"));
                }
            }

            var text = sent?.Text ?? "";
            if (TextRules.Check(text, label, $"sections[{i}].text", multiline: true) is { } bad)
            {
                errors.Add(bad);
                texts.Add("");
                continue;
            }

            text = NarrativeText.Normalise(text.Replace("\r\n", "\n", StringComparison.Ordinal)).Trim();
            if (text.Length > MaxSectionLength)
            {
                errors.Add(new("validation", $"{label}不能超过 {MaxSectionLength} 字（现有 {text.Length} 字）", $"sections[{i}].text"));
            }

            texts.Add(text);
        }

        var inputs = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (rawKey, value) in write.Inputs ?? new Dictionary<string, decimal>())
        {
            var key = NarrativeText.Normalise(rawKey ?? "").Trim();
            if (!IsDeclared(template, key))
            {
                errors.Add(new("validation", $"“{Short(rawKey ?? "")}”不是情况说明模板声明的填报项（可填：{string.Join("、", template.Inputs.Select(x => x.Key))}）", $"inputs.{rawKey}"));
            }
            else if (Math.Abs(value) >= MaxInput || decimal.Round(value, 4) != value)
            {
                errors.Add(new("validation", $"填报项“{key}”的数值 {value.ToString(CultureInfo.InvariantCulture)} 超出范围或超过 4 位小数", $"inputs.{key}"));
            }
            else
            {
                inputs[key] = value;
            }
        }

        var note = write.RevisionNote;
        if (!string.IsNullOrWhiteSpace(note))
        {
            if (report.Revision == 1)
            {
                errors.Add(new("validation", "更正说明只用于修订版（第 2 版起）", "revisionNote"));
            }
            else if (TextRules.Check(note, "更正说明", "revisionNote", multiline: true) is { } bad)
            {
                errors.Add(bad);
            }
            else if ((note = NarrativeText.Normalise(note).Trim()).Length > MaxRevisionNoteLength)
            {
                errors.Add(new("validation", $"更正说明不能超过 {MaxRevisionNoteLength} 字", "revisionNote"));
            }
        }

        return errors.Count > 0
            ? Result<(IReadOnlyList<string>, IReadOnlyDictionary<string, decimal>, string?)>.Failure(errors)
            : Result<(IReadOnlyList<string>, IReadOnlyDictionary<string, decimal>, string?)>.Success((texts, inputs, string.IsNullOrWhiteSpace(note) ? null : note));
    }

    /// <summary>A key the template declares, literally or by a pattern such as <c>年初预算.&lt;类编码&gt;</c>.</summary>
    public static bool IsDeclared(NarrativeTemplate template, string key) =>
        key.Length is > 0 and <= 100 && template.Inputs.Any(i =>
        {
            var open = i.Key.IndexOf('<', StringComparison.Ordinal);
            return open < 0 ? i.Key == key : key.Length > open && key.StartsWith(i.Key[..open], StringComparison.Ordinal) && !key.AsSpan(open).ContainsAny("<>");
        });

    public static string Short(string? text) => text is { Length: > 40 } ? text[..39] + "…" : text ?? "";

    /// <summary>
    /// A term or input key as the audit log's field (at most 20 characters, the width of its row key column): long
    /// 名词 such as “一般公共服务(类)财政事务(款)行政运行(项)” are cut, the entry's detail names them in full.
    /// </summary>
    public static string AuditField(string key) => key.Length > 20 ? key[..19] + "…" : key;
}
