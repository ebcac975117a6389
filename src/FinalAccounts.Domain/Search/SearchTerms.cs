using System.Text;

namespace FinalAccounts.Domain.Search;

/// <summary>
/// Splits text into index terms the way Lucene's CJKAnalyzer does (ADR 0025): every run of CJK characters becomes its
/// overlapping character bigrams (a lone CJK character stays a unigram), every run of letters or digits one lower-case
/// term; punctuation and spaces separate. Neither PostgreSQL nor SQLite tokenises Chinese, and bigrams need no
/// dictionary: a query matches a paragraph holding every bigram of the query.
/// </summary>
public static class SearchTerms
{
    /// <summary>The longest term stored; longer letter/digit runs are cut (a figure or code that long is never searched whole).</summary>
    public const int MaxLength = 40;

    /// <summary>The distinct terms of a text, in order of first appearance.</summary>
    public static IReadOnlyList<string> Of(string? text)
    {
        var terms = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in Runs(Normalize(text)))
        {
            foreach (var term in run.Cjk ? Bigrams(run.Text) : [Cut(run.Text)])
            {
                if (seen.Add(term))
                {
                    terms.Add(term);
                }
            }
        }

        return terms;
    }

    /// <summary>Full-width letters and digits as ASCII, lower case, so ＡＢＣ１２ finds abc12.</summary>
    public static string Normalize(string? text) =>
        (text ?? "").Normalize(NormalizationForm.FormKC).ToLowerInvariant();

    public static bool IsCjk(char c) =>
        c is (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF') or (>= '\u3040' and <= '\u30FF');

    private static string Cut(string term) => term.Length <= MaxLength ? term : term[..MaxLength];

    private static IEnumerable<string> Bigrams(string run)
    {
        if (run.Length == 1)
        {
            yield return run;
            yield break;
        }

        for (var i = 0; i + 1 < run.Length; i++)
        {
            yield return run.Substring(i, 2);
        }
    }

    private static IEnumerable<(string Text, bool Cjk)> Runs(string text)
    {
        var start = -1;
        var cjk = false;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            var kind = IsCjk(c) ? 1 : char.IsLetterOrDigit(c) || (c == '.' && start >= 0 && !cjk && i + 1 < text.Length && char.IsDigit(text[i + 1])) ? 2 : 0;
            if (start >= 0 && (kind == 0 || (kind == 1) != cjk))
            {
                yield return (text[start..i], cjk);
                start = -1;
            }

            if (kind != 0 && start < 0)
            {
                start = i;
                cjk = kind == 1;
            }
        }
    }

    /// <summary>
    /// A snippet of <paramref name="text"/> around the first place that holds the query (as typed, or failing that the
    /// first of its terms), at most <paramref name="width"/> characters, with the matched parts returned separately so
    /// the page can mark them without building HTML from text.
    /// </summary>
    public static IReadOnlyList<SnippetPart> Snippet(string text, string query, int width = 120)
    {
        var normalized = Normalize(text);
        var needles = new List<string>();
        var phrase = Normalize(query).Trim();
        if (phrase.Length > 0)
        {
            needles.AddRange(phrase.Split([' ', '　', '\t'], StringSplitOptions.RemoveEmptyEntries));
        }

        needles.AddRange(Of(query));
        // Normalisation keeps the length of the CJK text it is used for; should it not (rare compatibility
        // characters), the snippet is cut from the normalised text instead.
        var source = normalized.Length == text.Length ? text : normalized;
        var hits = new List<(int Start, int End)>();
        foreach (var needle in needles.Distinct(StringComparer.Ordinal).OrderByDescending(n => n.Length))
        {
            for (var at = normalized.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = normalized.IndexOf(needle, at + needle.Length, StringComparison.Ordinal))
            {
                if (!hits.Any(h => at < h.End && at + needle.Length > h.Start))
                {
                    hits.Add((at, at + needle.Length));
                }
            }
        }

        hits.Sort();
        var first = hits.Count == 0 ? 0 : hits[0].Start;
        var from = Math.Max(0, Math.Min(first - (width / 3), source.Length - width));
        var to = Math.Min(source.Length, from + width);
        var parts = new List<SnippetPart>();
        if (from > 0)
        {
            parts.Add(new SnippetPart("…", false));
        }

        var position = from;
        foreach (var (start, end) in hits.Where(h => h.Start >= from && h.End <= to))
        {
            if (start > position)
            {
                parts.Add(new SnippetPart(source[position..start], false));
            }

            parts.Add(new SnippetPart(source[start..end], true));
            position = end;
        }

        if (to > position)
        {
            parts.Add(new SnippetPart(source[position..to], false));
        }

        if (to < source.Length)
        {
            parts.Add(new SnippetPart("…", false));
        }

        return parts;
    }

    /// <summary>
    /// Splits text into paragraphs. A line that does not end a sentence continues on the next (text pasted from a PDF
    /// keeps the PDF's line breaks, ADR 0015), so a phrase broken across lines is still one paragraph's.
    /// </summary>
    public static IReadOnlyList<string> Paragraphs(string? text)
    {
        var paragraphs = new List<string>();
        var current = new StringBuilder();
        foreach (var line in (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()))
        {
            current.Append(line);
            if (line.Length == 0 || "。！？；：…”）)".Contains(line[^1], StringComparison.Ordinal))
            {
                Flush();
            }
        }

        Flush();
        return paragraphs;

        void Flush()
        {
            if (current.Length > 0)
            {
                paragraphs.Add(current.ToString());
                current.Clear();
            }
        }
    }
}

/// <summary>A piece of a search snippet; <see cref="Match"/> parts are shown marked.</summary>
public sealed record SnippetPart(string Text, bool Match);
