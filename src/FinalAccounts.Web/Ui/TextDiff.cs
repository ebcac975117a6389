using FinalAccounts.Domain.Reports;

namespace FinalAccounts.Web.Ui;

/// <summary>
/// The diff page's text part: 情况说明 compared section by section (by order) and 名词解释 as one list, sentence by
/// sentence — a sentence is the unit a correction changes, and a sentence-level LCS stays small for long sections.
/// </summary>
public static class TextDiff
{
    /// <summary>A run of text: -1 only in the old revision, +1 only in the new one, 0 in both.</summary>
    public sealed record Piece(int Kind, string Text);

    public sealed record SectionChange(string Heading, IReadOnlyList<Piece> Pieces);

    public static List<SectionChange> Sections(Report before, Report after)
    {
        var changes = new List<SectionChange>();
        var orders = before.Narrative.Select(n => n.Order).Union(after.Narrative.Select(n => n.Order)).Order();
        foreach (var order in orders)
        {
            var old = before.Narrative.FirstOrDefault(n => n.Order == order);
            var @new = after.Narrative.FirstOrDefault(n => n.Order == order);
            if (old?.Text != @new?.Text)
            {
                changes.Add(new SectionChange(@new?.Heading ?? old!.Heading, Diff(old?.Text ?? "", @new?.Text ?? "")));
            }
        }

        static string Glossary(Report r) => string.Concat(r.Glossary.Select(t => $"{t.Term}：{t.Definition}\n"));
        if (Glossary(before) != Glossary(after))
        {
            changes.Add(new SectionChange("第四部分 名词解释", Diff(Glossary(before), Glossary(after))));
        }

        return changes;
    }

    public static IReadOnlyList<Piece> Diff(string old, string @new)
    {
        var a = Split(old);
        var b = Split(@new);
        var lcs = new int[a.Count + 1, b.Count + 1];
        for (var i = a.Count - 1; i >= 0; i--)
        {
            for (var j = b.Count - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var pieces = new List<Piece>();
        int x = 0, y = 0;
        while (x < a.Count || y < b.Count)
        {
            if (x < a.Count && y < b.Count && a[x] == b[y])
            {
                Add(0, a[x++]);
                y++;
            }
            else if (y < b.Count && (x == a.Count || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                Add(1, b[y++]);
            }
            else
            {
                Add(-1, a[x++]);
            }
        }

        return pieces;

        void Add(int kind, string text)
        {
            if (pieces.Count > 0 && pieces[^1].Kind == kind)
            {
                pieces[^1] = pieces[^1] with { Text = pieces[^1].Text + text };
            }
            else
            {
                pieces.Add(new Piece(kind, text));
            }
        }
    }

    /// <summary>Sentences with their end mark kept, so that joining the pieces gives the text back.</summary>
    private static List<string> Split(string text)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '。' or '；' or '\n' or '！' or '？')
            {
                parts.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            parts.Add(text[start..]);
        }

        return parts;
    }
}
