using System.Text;

namespace FinalAccounts.Domain.Common;

/// <summary>
/// The one rule for text people type into the portal, and the one sanitiser for text going into XML (xlsx, docx) and
/// other documents. Invisible control characters cannot be seen to be deleted, and Open XML cannot hold most of them,
/// so they are refused at input; text already stored (older rows, other writers) is made safe on the way out.
/// </summary>
public static class TextRules
{
    /// <summary>
    /// Null when <paramref name="text"/> is acceptable, else an error naming the field and the first bad character.
    /// Refused: C0 controls (U+0000–U+001F) — except tab and line breaks in <paramref name="multiline"/> text — DEL,
    /// C1 controls (U+0080–U+009F), lone surrogates, Unicode noncharacters (U+FFFE, U+FDD0 …), U+2028/U+2029 and the
    /// bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can make a name display as another.
    /// </summary>
    public static DomainError? Check(string? text, string field, string? target = null, bool multiline = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var scalar = char.ConvertToUtf32(c, text[i + 1]);
                if ((scalar & 0xFFFE) == 0xFFFE)
                {
                    return Error(field, target, $"U+{scalar:X}");
                }

                i++;
                continue;
            }

            if (IsRefused(c, multiline))
            {
                return Error(field, target, $"U+{(int)c:X4}");
            }
        }

        return null;
    }

    /// <summary>Adds the error of <see cref="Check"/> to <paramref name="errors"/>, if there is one.</summary>
    public static void Check(List<DomainError> errors, string? text, string field, string? target = null, bool multiline = false)
    {
        if (Check(text, field, target, multiline) is { } error)
        {
            errors.Add(error);
        }
    }

    /// <summary>
    /// Text XML 1.0 can hold: every character outside its Char production (C0 controls other than tab, LF and CR;
    /// lone surrogates; U+FFFE and U+FFFF) becomes U+FFFD, so the reader sees that something was there.
    /// </summary>
    public static string ToXmlSafe(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        var firstBad = FirstNonXml(text);
        if (firstBad < 0)
        {
            return text; // the usual case: no copy
        }

        var safe = new StringBuilder(text.Length);
        safe.Append(text, 0, firstBad);
        for (var i = firstBad; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                safe.Append(c).Append(text[++i]);
            }
            else
            {
                safe.Append(IsXmlChar(c) ? c : '\uFFFD');
            }
        }

        return safe.ToString();
    }

    private static int FirstNonXml(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (!IsXmlChar(c))
            {
                return i;
            }
        }

        return -1;
    }

    // XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] (pairs handled by the callers).
    private static bool IsXmlChar(char c) =>
        c is '\t' or '\n' or '\r' || (c >= '\u0020' && c <= '\uD7FF') || (c >= '\uE000' && c <= '\uFFFD');

    private static bool IsRefused(char c, bool multiline) => c switch
    {
        '\t' or '\n' or '\r' => !multiline,
        < '\u0020' or (>= '\u007F' and <= '\u009F') => true,
        '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') => true,
        (>= '\uFDD0' and <= '\uFDEF') or '\uFFFE' or '\uFFFF' => true,
        _ => char.IsSurrogate(c), // a pair was consumed by the caller; this one is alone
    };

    private static DomainError Error(string field, string? target, string codePoint) =>
        new("text.control_character", $"{field}含有不可见的控制字符（{codePoint}），请删除后再保存", target ?? field);
}
