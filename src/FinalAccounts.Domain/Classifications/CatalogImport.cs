using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Domain.Classifications;

/// <summary>One line of an uploaded catalogue: its line (CSV) or row (workbook) number, code and name as read.</summary>
public sealed record CatalogLine(int Line, string Code, string Name);

/// <summary>
/// Checks an uploaded catalogue (CSV <c>code,name</c> or rows read from the ministry's workbook) as a whole: codes of
/// digits only, of a level's length (functional 3/5/7, economic 3/5), each 款/项 under its 类/款, no duplicates, no
/// empty names. Every error names its line; a catalogue with any error is not accepted at all.
/// </summary>
public static class CatalogImport
{
    /// <summary>Upper bound of an upload (a full 支出功能分类 has about 1,700 codes; 2 MB leaves ample room).</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    public const int MaxNameLength = 200;

    public static string KindName(ClassificationKind kind) => kind == ClassificationKind.Functional ? "支出功能分类" : "支出经济分类";

    /// <summary>The lines of a <c>code,name</c> CSV (header required; quoted fields allowed); a wrong header is the only error.</summary>
    public static Result<IReadOnlyList<CatalogLine>> ReadCsv(string csv)
    {
        var lines = csv.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var header = Fields(lines[0]).Select(f => f.Trim().ToLowerInvariant()).ToList();
        if (header.Count < 2 || header[0] != "code" || header[1] != "name")
        {
            return Result<IReadOnlyList<CatalogLine>>.Failure(new DomainError("catalog.header", $"第 1 行应为表头 code,name，实为“{Clip(lines[0])}”", "第 1 行"));
        }

        var result = new List<CatalogLine>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            var fields = Fields(lines[i]);
            result.Add(new CatalogLine(i + 1, fields[0].Trim(), fields.Count > 1 ? string.Join(",", fields.Skip(1)).Trim() : ""));
        }

        return Result<IReadOnlyList<CatalogLine>>.Success(result);
    }

    /// <summary>Checks the lines and builds the catalogue, or returns every error (line number and Chinese message).</summary>
    public static Result<ClassificationCatalog> Build(ClassificationKind kind, int year, IReadOnlyList<CatalogLine> lines)
    {
        var errors = new List<DomainError>();
        var levels = ClassificationCode.LevelsOf(kind);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var where = $"第 {line.Line} 行";
            var code = line.Code;
            if (code.Length == 0)
            {
                errors.Add(new DomainError("catalog.code_missing", "缺少科目编码", where));
                continue;
            }

            if (!code.All(char.IsAsciiDigit))
            {
                errors.Add(new DomainError("catalog.code_not_digits", $"科目编码“{Clip(code)}”只能由数字组成", where));
                continue;
            }

            if (!levels.Contains(code.Length))
            {
                errors.Add(new DomainError("catalog.code_length", $"科目编码 {code} 为 {code.Length} 位，{KindName(kind)}科目应为 {string.Join("/", levels)} 位（类/款{(levels.Count > 2 ? "/项" : "")}）", where));
                continue;
            }

            if (line.Name.Length == 0)
            {
                errors.Add(new DomainError("catalog.name_missing", $"科目 {code} 缺少名称", where));
                continue;
            }

            if (line.Name.Length > MaxNameLength)
            {
                errors.Add(new DomainError("catalog.name_too_long", $"科目 {code} 的名称超过 {MaxNameLength} 字", where));
                continue;
            }

            if (lineOf.TryGetValue(code, out var first))
            {
                errors.Add(new DomainError("catalog.duplicate", $"科目编码 {code} 重复（第 {first} 行已有）", where));
                continue;
            }

            names[code] = line.Name;
            lineOf[code] = line.Line;
        }

        // A 款 needs its 类 and a 项 its 款 (and so its 类): a level is only meaningful under the one above.
        foreach (var (code, line) in lineOf.OrderBy(e => e.Value))
        {
            var level = ClassificationCode.LevelOf(code, levels);
            for (var up = level - 1; up >= 0; up--)
            {
                var parent = code[..levels[up]];
                if (!names.ContainsKey(parent))
                {
                    errors.Add(new DomainError("catalog.parent_missing", $"{ClassificationCode.LevelName(level)}级科目 {code} 缺少上级{ClassificationCode.LevelName(up)}级科目 {parent}", $"第 {line} 行"));
                }
            }
        }

        if (errors.Count == 0 && names.Count == 0)
        {
            errors.Add(new DomainError("catalog.empty", "目录中没有任何科目", "第 2 行"));
        }

        return errors.Count > 0
            ? Result<ClassificationCatalog>.Failure(errors)
            : Result<ClassificationCatalog>.Success(new ClassificationCatalog(kind, year, names));
    }

    /// <summary>Reads and checks a CSV upload in one step (size, header, lines).</summary>
    public static Result<ClassificationCatalog> ParseCsv(ClassificationKind kind, int year, string csv)
    {
        var lines = ReadCsv(csv);
        return lines.IsSuccess ? Build(kind, year, lines.Value) : Result<ClassificationCatalog>.Failure(lines.Errors);
    }

    /// <summary>The error of an upload larger than <see cref="MaxBytes"/>.</summary>
    public static DomainError TooLarge(long bytes) =>
        new("catalog.too_large", $"文件过大（{bytes / 1024} KB），科目目录不超过 {MaxBytes / 1024 / 1024} MB", "file");

    /// <summary>Splits one CSV line; a field in double quotes may hold commas and doubled quotes.</summary>
    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"' && current.ToString().Trim().Length == 0)
            {
                current.Clear();
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }

    private static string Clip(string text) => text.Length > 40 ? text[..40] + "…" : text;
}

/// <summary>A code whose name changed between two versions of a catalogue.</summary>
public sealed record RenamedCode(string Code, string OldName, string NewName);

/// <summary>What an import changes: codes added, renamed and removed (each in code order).</summary>
public sealed record CatalogDiff(IReadOnlyList<KeyValuePair<string, string>> Added, IReadOnlyList<RenamedCode> Renamed, IReadOnlyList<KeyValuePair<string, string>> Removed)
{
    public bool IsEmpty => Added.Count == 0 && Renamed.Count == 0 && Removed.Count == 0;

    /// <summary>The difference from <paramref name="current"/> (null: nothing yet, every code is added) to <paramref name="next"/>.</summary>
    public static CatalogDiff Between(ClassificationCatalog? current, ClassificationCatalog next)
    {
        var added = new List<KeyValuePair<string, string>>();
        var renamed = new List<RenamedCode>();
        foreach (var (code, name) in next.Entries)
        {
            var old = current?.NameOf(code);
            if (old is null)
            {
                added.Add(new(code, name));
            }
            else if (old != name)
            {
                renamed.Add(new RenamedCode(code, old, name));
            }
        }

        var removed = current is null ? [] : current.Entries.Where(e => !next.Contains(e.Key)).ToList();
        return new CatalogDiff(added, renamed, removed);
    }
}

/// <summary>Which catalogue kind a route segment names: <c>functional</c> or <c>economic</c>.</summary>
public static class CatalogKinds
{
    public static ClassificationKind? Parse(string? text) => text?.ToLowerInvariant() switch
    {
        "functional" => ClassificationKind.Functional,
        "economic" => ClassificationKind.Economic,
        _ => null,
    };

    public static string ToText(ClassificationKind kind) => kind == ClassificationKind.Functional ? "functional" : "economic";
}
