using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FinalAccounts.Domain.Narrative;

/// <summary>
/// Text of the 情况说明 as checks and search must see it. Text pasted from PDFs carries look-alike characters (Kangxi
/// radicals ⼀ ⼆ ⽀ ⼊ ⾏, CJK radical-supplement forms ⻔ ⻋ ⺠, compatibility ideographs), full-width digits and
/// signs inside numbers, spaces around numbers and lines wrapped in mid-sentence.
/// </summary>
public static partial class NarrativeText
{
    // NFKC leaves the radical-supplement block alone (its forms are not canonical equivalents), so they are mapped by
    // hand; the list is the one of reconciliation-rules.md §7.2 plus the other simplified-form radicals of the block.
    private static readonly Dictionary<char, char> RadicalSupplement = new()
    {
        ['⻔'] = '门',
        ['⻋'] = '车',
        ['⺠'] = '民',
        ['⻓'] = '长',
        ['⻅'] = '见',
        ['⻝'] = '食',
        ['⻛'] = '风',
        ['⻘'] = '青',
        ['⻬'] = '齐',
        ['⻚'] = '页',
        ['⻄'] = '西',
        ['⻆'] = '角',
        ['⻙'] = '韦',
        ['⻢'] = '马',
        ['⻣'] = '骨',
        ['⻤'] = '鬼',
        ['⻥'] = '鱼',
        ['⻦'] = '鸟',
        ['⻨'] = '麦',
        ['⻩'] = '黄',
        ['⻮'] = '齿',
        ['⻰'] = '龙',
        ['⻳'] = '龟',
        ['⺟'] = '母',
        ['⺩'] = '王',
        ['⻉'] = '贝',
        ['⻊'] = '足',
        ['⻈'] = '讠',
        ['⻐'] = '钅',
        ['⻑'] = '長',
        ['⻒'] = '镸',
        ['⻖'] = '阝',
        ['⻏'] = '阝',
        ['⺝'] = '月',
        ['⺼'] = '月',
        ['⺻'] = '聿',
        ['⺸'] = '芈',
        ['⺺'] = '肀',
        ['⺢'] = '水',
        ['⺣'] = '火',
        ['⺗'] = '心',
        ['⺡'] = '氵',
        ['⺨'] = '犭',
        ['⺾'] = '艹',
        ['⻌'] = '辶',
        ['⻍'] = '辶',
    };

    // Chinese punctuation stays full-width: NFKC would turn ，；：（） into ASCII and change the text people wrote.
    private const string KeptFullWidth = "，；：（）！？、。“”‘’《》【】";

    /// <summary>
    /// Character-level normalisation, safe to apply to anything typed or pasted (idempotent): NFKC on each character
    /// except Chinese punctuation and circled numbers (list markers, not figures), the radical-supplement map, ASCII
    /// minus for − and －, no spaces between a CJK character and a digit (“2023 年度” → “2023年度”), \r\n → \n.
    /// </summary>
    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var ch in text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'))
        {
            builder.Append(Map(ch));
        }

        var mapped = builder.ToString();
        // Spaces (ASCII, ideographic, no-break) next to a CJK character are layout, not text.
        mapped = SpaceNextToCjk().Replace(mapped, "");
        return mapped;
    }

    private static string Map(char ch)
    {
        if (RadicalSupplement.TryGetValue(ch, out var plain))
        {
            return plain.ToString();
        }

        if (ch is '−' or '－' or '–')
        {
            return "-";
        }

        if (ch is '\u3000' or '\u00A0')
        {
            return " ";
        }

        if (KeptFullWidth.Contains(ch, StringComparison.Ordinal) || ch is >= '\u2460' and <= '\u24FF')
        {
            return ch.ToString();
        }

        if (ch < 0x2E80 && ch is not (>= '\uFF00' and <= '\uFFEF'))
        {
            return ch.ToString(); // nothing NFKC would change among ordinary Latin/CJK punctuation we keep
        }

        var s = ch.ToString();
        return s.IsNormalized(NormalizationForm.FormKC) ? s : s.Normalize(NormalizationForm.FormKC);
    }

    /// <summary>
    /// Joins lines a PDF wrapped in mid-sentence: a line break (and any blank lines) is kept only after 。：；！？, before
    /// a list marker (（一）、一、1、) and around table rows (“|”); otherwise the lines are one sentence.
    /// </summary>
    public static string UnwrapPdfLines(string text)
    {
        var lines = Normalise(text).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var builder = new StringBuilder();
        string? previous = null;
        foreach (var line in lines)
        {
            if (previous is not null)
            {
                var last = previous[^1];
                var keep = "。：；！？:".Contains(last, StringComparison.Ordinal) || ListMarker().IsMatch(line) || line.Contains('|', StringComparison.Ordinal) || previous.Contains('|', StringComparison.Ordinal);
                builder.Append(keep ? "\n" : "");
            }

            builder.Append(line);
            previous = line;
        }

        return builder.ToString();
    }

    /// <summary>
    /// The text as the N rules read it: the lines a PDF wrapped in mid-sentence joined (the rule of
    /// <see cref="UnwrapPdfLines"/>), blank lines and the spaces around line breaks dropped, with the position in the
    /// stored text of every character, so that what the checks find is reported where it is stored (a colon ends a line
    /// only before a list; a first line that is the section's own heading stays a line). Text pasted as
    /// printed keeps its breaks (“其中年初结转\n\n和结余 7.26 万元”, “增加 91.12\n\n万元”) and still reads as one sentence.
    /// </summary>
    public static NarrativeReading ForReading(string stored, IReadOnlyCollection<string>? headings = null)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var first = true;
        var builder = new StringBuilder(stored.Length);
        var map = new List<int>(stored.Length + 1);
        string? previous = null;
        var pendingBreak = -1;
        var position = 0;
        foreach (var raw in stored.Split('\n'))
        {
            var start = position;
            position += raw.Length + 1;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var lineStart = start + raw.IndexOf(line[0], StringComparison.Ordinal);
            if (previous is not null)
            {
                // Unlike UnwrapPdfLines a colon ends a line only before a list or a table: “主要原因是：\n拨付了…” is one sentence.
                var last = previous[^1];
                if ("。；！？".Contains(last, StringComparison.Ordinal) || ListMarker().IsMatch(line) || line.Contains('|', StringComparison.Ordinal) || previous.Contains('|', StringComparison.Ordinal)
                    || (first && headings is not null && headings.Any(h => previous == h || previous.EndsWith(h, StringComparison.Ordinal))))
                {
                    builder.Append('\n');
                    map.Add(pendingBreak);
                }

                first = false;
            }

            for (var i = 0; i < line.Length; i++)
            {
                builder.Append(line[i]);
                map.Add(lineStart + i);
            }

            previous = line;
            pendingBreak = lineStart + line.Length;
            while (pendingBreak < stored.Length && stored[pendingBreak] != '\n')
            {
                pendingBreak++;
            }
        }

        map.Add(stored.Length);
        return new NarrativeReading(stored, builder.ToString(), map.ToArray());
    }

    /// <summary>
    /// Cuts a whole pasted 第三部分 into its sections by the template's headings (in template order); a section whose
    /// heading is not found is empty. Text before the first heading is dropped.
    /// </summary>
    public static IReadOnlyList<string> SplitSections(string text, NarrativeTemplate template)
    {
        var normal = Normalise(text);
        var starts = new List<(int Section, int HeadingStart, int TextStart)>();
        var from = 0;
        for (var i = 0; i < template.Sections.Count; i++)
        {
            var found = template.Sections[i].Headings
                .Select(h => (Heading: h, At: normal.IndexOf(h, from, StringComparison.Ordinal)))
                .Where(x => x.At >= 0)
                .OrderBy(x => x.At)
                .FirstOrDefault();
            if (found.Heading is not null)
            {
                starts.Add((i, found.At, found.At + found.Heading.Length));
                from = found.At + found.Heading.Length;
            }
        }

        var sections = new string[template.Sections.Count];
        for (var i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1].HeadingStart : normal.Length;
            sections[starts[i].Section] = normal[starts[i].TextStart..end].Trim();
        }

        return sections.Select(s => s ?? "").ToList();
    }

    /// <summary>The number of decimals a number was written with (“231” → 0, “268.8” → 1, “3737.09” → 2).</summary>
    public static int DecimalsOf(string number)
    {
        var dot = number.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? 0 : number.Length - dot - 1;
    }

    /// <summary>Reads a number as written (thousands separators allowed).</summary>
    public static decimal ParseNumber(string number) =>
        decimal.Parse(number.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<=[\p{IsCJKUnifiedIdeographs}，。；：（）、“”])[ \u3000\u00A0]+|[ \u3000\u00A0]+(?=[\p{IsCJKUnifiedIdeographs}，。；：（）、“”%])")]
    private static partial Regex SpaceNextToCjk();

    [GeneratedRegex(@"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+、|（\d+）|其中：)")]
    private static partial Regex ListMarker();
}

/// <summary>
/// A section's text as read (<see cref="NarrativeText.ForReading"/>) and the stored text it was read from; spans
/// found in <see cref="Text"/> are translated back with <see cref="ToStored"/>.
/// </summary>
public sealed class NarrativeReading(string stored, string text, int[] map)
{
    public string Stored { get; } = stored;

    public string Text { get; } = text;

    /// <summary>The stored range a range of the read text covers (line breaks and spaces inside it included).</summary>
    public TextSpan ToStored(TextSpan span)
    {
        if (span.Length <= 0)
        {
            var at = map[Math.Clamp(span.Start, 0, map.Length - 1)];
            return new TextSpan(at, 0);
        }

        var start = map[span.Start];
        var end = map[span.End - 1] + 1;
        return new TextSpan(start, end - start);
    }
}
