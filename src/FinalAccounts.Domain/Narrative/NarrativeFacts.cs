using System.Text.RegularExpressions;

namespace FinalAccounts.Domain.Narrative;

/// <summary>A range of characters in a section's (normalised) text.</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;
}

public enum FactKind
{
    /// <summary>…万元 (or 元, converted to 万元).</summary>
    Amount,

    /// <summary>X个/辆/批/人次/团组/台（套）/项/家/人.</summary>
    Count,

    /// <summary>占X%.</summary>
    Share,

    /// <summary>比上年增加/减少X万元; 与上年持平 = 0.</summary>
    Change,

    /// <summary>增长/下降X%.</summary>
    ChangeRate,

    /// <summary>完成年初预算的X% / 完成全年预算的X%.</summary>
    Completion,
}

/// <summary>
/// One number stated in the text with what it is about. <see cref="Subject"/> is the item a paragraph is about
/// (“公务接待费”, “一般公共服务支出（类）”), carried across clauses; <see cref="Label"/> is the words before the number in its
/// clause (“年初结转和结余”, “决算数”) or, for a share/change/rate, the label of the amount it qualifies.
/// <see cref="Value"/> carries the sign of the direction word (减少/下降 → negative); <see cref="Written"/> is the number as
/// written (a minus written after 增加 is a contradiction, not a decrease); <see cref="Decimals"/> is the stated precision.
/// <see cref="Of"/> names the base of a share or completion rate (“政府采购支出总额”, “年初预算”).
/// </summary>
public sealed record NarrativeFact(
    FactKind Kind,
    string Subject,
    string Label,
    decimal Value,
    decimal Written,
    int Decimals,
    int Direction,
    string Unit,
    string? Of,
    TextSpan Number,
    TextSpan Clause,
    TextSpan Sentence,
    string SentenceText,
    string SentencePrefix,
    int Paragraph);

/// <summary>
/// Extracts the stated figures of a section by pattern: sentences end at 。；and line breaks, clauses at ，、：; a number
/// with its unit and the words before it make a fact (see <see cref="NarrativeFact"/>). Precision is kept as written,
/// because the tolerance of every comparison depends on it (reconciliation-rules.md §1.3).
/// </summary>
public static partial class FactExtractor
{
    // Words that make a label an attribute of the paragraph's subject: “公务接待费全年预算数” = 公务接待费 + 全年预算数.
    private static readonly string[] Attributes = ["年初预算数", "全年预算数", "决算数"];

    // Shorter spellings of the attributes, recognised at the end of a label only (“公务接待费全年预算为2.30万元，决算为0.61万元”).
    private static readonly (string Written, string Attribute)[] ShortAttributes = [("年初预算", "年初预算数"), ("全年预算", "全年预算数"), ("决算", "决算数")];

    public static IReadOnlyList<NarrativeFact> Extract(string sectionText)
    {
        var facts = new List<NarrativeFact>();
        var paragraph = 0;
        var scanned = 0;
        var subject = "";
        foreach (var sentence in Sentences(sectionText))
        {
            // Paragraphs are counted for display only: the subject carries over a line break, because a PDF wraps at
            // 。 as readily as anywhere (“…厉行节约。\n决算数比上年减少0.09万元” is still about 公务接待费).
            paragraph += sectionText.AsSpan(scanned, sentence.Start - scanned).Count('\n');
            scanned = sentence.Start;

            var sentenceText = sectionText.Substring(sentence.Start, sentence.Length);
            foreach (var clause in Clauses(sectionText, sentence))
            {
                var clauseText = sectionText.Substring(clause.Start, clause.Length);
                var labelStart = 0;
                if (Flat().Match(clauseText) is { Success: true } flat)
                {
                    // 与上年持平: a change of 0 without a number.
                    var anchor = AnchorFor(facts, paragraph, Clean(clauseText[..flat.Index]));
                    var span = new TextSpan(clause.Start + flat.Index, flat.Length);
                    facts.Add(new NarrativeFact(FactKind.Change, anchor?.Subject ?? subject, anchor?.Label ?? "", 0, 0, 2, 0, "万元", null, span, clause, sentence, sentenceText,
                        sectionText[sentence.Start..span.Start], paragraph));
                }

                foreach (Match number in NumberPattern().Matches(clauseText))
                {
                    var unit = number.Groups["unit"].Value;
                    if (unit.Length == 0 || unit is "年" or "月" or "日" || IsListMarker(clauseText, number) || Threshold().IsMatch(clauseText, number.Index + number.Length))
                    {
                        continue;
                    }

                    var written = NarrativeText.ParseNumber(number.Groups["n"].Value);
                    var decimals = NarrativeText.DecimalsOf(number.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal));
                    var prefix = clauseText[labelStart..number.Index];
                    labelStart = number.Index + number.Length;
                    var span = new TextSpan(clause.Start + number.Index, number.Length);
                    var sentencePrefix = sectionText[sentence.Start..span.Start];
                    NarrativeFact Fact(FactKind kind, string subj, string label, int direction, string? of, decimal value, int dec) =>
                        new(kind, subj, label, value, written, dec, direction, unit, of, span, clause, sentence, sentenceText, sentencePrefix, paragraph);

                    if (unit == "%")
                    {
                        if (SharePrefix().Match(prefix) is { Success: true } share)
                        {
                            var own = Clean(prefix[..share.Index]);
                            var anchor = own.Length > 0 ? null : AnchorFor(facts, paragraph, "");
                            facts.Add(Fact(FactKind.Share, anchor?.Subject ?? subject, own.Length > 0 ? own : anchor?.Label ?? "", 0, share.Groups["of"].Value, written, decimals));
                        }
                        else if (CompletionPrefix().Match(prefix) is { Success: true } completion)
                        {
                            var anchor = AnchorFor(facts, paragraph, "");
                            facts.Add(Fact(FactKind.Completion, anchor?.Subject ?? subject, anchor?.Label ?? "", 0, completion.Groups["of"].Value, written, decimals));
                        }
                        else if (RatePrefix().Match(prefix) is { Success: true } rate)
                        {
                            var direction = rate.Groups["d"].Value is "下降" or "减少" or "降低" ? -1 : 1;
                            var anchor = AnchorFor(facts, paragraph, Clean(prefix[..rate.Index]));
                            facts.Add(Fact(FactKind.ChangeRate, anchor?.Subject ?? subject, anchor?.Label ?? "", direction, null, direction * written, decimals));
                        }

                        continue;
                    }

                    var isAmount = unit is "万元" or "元";
                    var value = unit == "元" ? written / 10000m : written;
                    var dec = unit == "元" ? decimals + 4 : decimals;
                    if (isAmount && ChangePrefix().Match(prefix) is { Success: true } change)
                    {
                        var direction = change.Groups["d"].Value is "减少" or "增减少" ? -1 : 1;
                        var anchor = AnchorFor(facts, paragraph, Clean(prefix[..change.Index]));
                        facts.Add(Fact(FactKind.Change, anchor?.Subject ?? subject, anchor?.Label ?? "", direction, null, direction * value, dec));
                        continue;
                    }

                    var label = Clean(prefix);
                    foreach (var attribute in Attributes)
                    {
                        var at = label.IndexOf(attribute, StringComparison.Ordinal);
                        if (at > 0)
                        {
                            subject = Clean(label[..at]);
                            label = attribute;
                            break;
                        }
                    }

                    if (!Attributes.Contains(label) && ShortAttributes.FirstOrDefault(a => label.EndsWith(a.Written, StringComparison.Ordinal)) is { Written: not null } shortForm)
                    {
                        if (label.Length > shortForm.Written.Length)
                        {
                            subject = Clean(label[..^shortForm.Written.Length]);
                        }

                        label = shortForm.Attribute;
                    }

                    if (label.Length == 0 && !isAmount && facts.LastOrDefault() is { Kind: FactKind.Count } counted && counted.Sentence == sentence)
                    {
                        // “国内公务接待6批次、38人次”, “接待6批38人次”: a count without words of its own counts the same thing (its unit says how).
                        label = counted.Label;
                    }

                    if (label.Length == 0)
                    {
                        // “其中：14个项目…”: the words after the number say what is counted.
                        label = Clean(clauseText[(number.Index + number.Length)..]);
                    }

                    facts.Add(Fact(isAmount ? FactKind.Amount : FactKind.Count, Attributes.Contains(label) ? subject : "", label, 0, null, value, dec));
                }
            }
        }

        return facts;
    }

    /// <summary>Sentences of a section: up to and including 。；！？ or a line break.</summary>
    public static IEnumerable<TextSpan> Sentences(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '。' or '；' or '！' or '？' or '\n' or ';')
            {
                if (i + 1 - start > 0 && text[start..(i + 1)].Trim().Length > 0)
                {
                    yield return Trimmed(text, start, i + 1);
                }

                start = i + 1;
            }
        }

        if (start < text.Length && text[start..].Trim().Length > 0)
        {
            yield return Trimmed(text, start, text.Length);
        }
    }

    private static TextSpan Trimmed(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return new TextSpan(start, end - start);
    }

    private static IEnumerable<TextSpan> Clauses(string text, TextSpan sentence)
    {
        var start = sentence.Start;
        var depth = 0;
        for (var i = sentence.Start; i < sentence.End; i++)
        {
            // Inside brackets a list is part of the label: “其他支出（对附属单位补助支出、上缴上级支出）0万元”.
            depth += text[i] is '（' or '(' ? 1 : text[i] is '）' or ')' && depth > 0 ? -1 : 0;

            // An ASCII comma between digits is a thousands separator, not a clause break.
            var comma = text[i] == ',' && !(i > 0 && char.IsAsciiDigit(text[i - 1]) && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]));
            if (depth == 0 && (text[i] is '，' or '、' or '：' or ':' || comma))
            {
                if (i > start)
                {
                    yield return new TextSpan(start, i - start);
                }

                start = i + 1;
            }
        }

        if (sentence.End > start)
        {
            yield return new TextSpan(start, sentence.End - start);
        }
    }

    /// <summary>The amount a change/share/rate qualifies: the latest with the given label, else the latest (in the current paragraph first).</summary>
    private static NarrativeFact? AnchorFor(List<NarrativeFact> facts, int paragraph, string label)
    {
        NarrativeFact? latest = null;
        for (var i = facts.Count - 1; i >= 0 && (facts[i].Paragraph == paragraph || latest is null); i--)
        {
            if (facts[i].Kind is FactKind.Amount or FactKind.Count)
            {
                if (label.Length == 0 || facts[i].Label == label || facts[i].Label.EndsWith(label, StringComparison.Ordinal))
                {
                    return facts[i];
                }

                latest ??= facts[i];
            }
        }

        return latest;
    }

    private static bool IsListMarker(string clause, Match number)
    {
        var after = number.Index + number.Groups["n"].Length;
        return number.Groups["unit"].Length == 0 || (after < clause.Length && clause[after] == '、');
    }

    /// <summary>Strips list markers and words that are not part of a label (其中、本部门2023年度、共、累计…).</summary>
    public static string Clean(string label)
    {
        var text = label.Trim();
        string before;
        do
        {
            before = text;
            text = LabelNoise().Replace(text, "").Trim();
            text = LabelTail().Replace(text, "").Trim();
        }
        while (text != before);

        return text;
    }

    [GeneratedRegex(@"(?<n>-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)(?<unit>万元|元|%|个|辆|批次|批|人次|团组|台（套）|台|套|项|家|人|年|月|日|分)?")]
    private static partial Regex NumberPattern();

    // “单价100万元（含）以上设备”: a threshold in a label, not a stated figure.
    [GeneratedRegex(@"\G(?:（含）|\(含\))?(?:以上|以下|及以上|及以下)")]
    private static partial Regex Threshold();

    [GeneratedRegex(@"占(?<of>[^，。；]*?)的?$")]
    private static partial Regex SharePrefix();

    [GeneratedRegex(@"完成(?<of>年初预算|全年预算)的?$")]
    private static partial Regex CompletionPrefix();

    [GeneratedRegex(@"(?<d>增长|下降|增加|减少|降低|提高|上升)$")]
    private static partial Regex RatePrefix();

    // 比上年 / 较上年 / 较上年决算数 / 较2021年 (the year itself is skipped as a date) / 同比; “增减少” is a real typo in seed 001.
    [GeneratedRegex(@"(?:比上年|较上年(?:决算数)?|较\d{4}年|同比)?(?<d>增加|减少|增减少)$")]
    private static partial Regex ChangePrefix();

    [GeneratedRegex(@"(?:比上年|较上年)?与?上年持平|与上年持平")]
    private static partial Regex Flat();

    // “年初预算数为468.56万元”, “收入的具体构成为”: a trailing 为/是 is not part of the label.
    [GeneratedRegex(@"(为|是)$")]
    private static partial Regex LabelTail();

    [GeneratedRegex(@"^(（[一二三四五六七八九十\d]+）|[一二三四五六七八九十]+、|\d+、|其中|本部门|我部门|本单位|\d{4}年度|截[止至]\d{4}年\d{1,2}月\d{1,2}日|共有|共|全年安排|全年使用财政拨款|全年)")]
    private static partial Regex LabelNoise();
}
