using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Domain.Classifications;

/// <summary>
/// One year's list of 支出功能分类科目 or 支出经济分类科目 with their names. Loaded from a <c>code,name</c> CSV so a full
/// official catalogue can be imported the same way the seeded subset is.
/// </summary>
public sealed class ClassificationCatalog
{
    private readonly Dictionary<string, string> _names;

    public ClassificationCatalog(ClassificationKind kind, int year, IReadOnlyDictionary<string, string> names)
    {
        Kind = kind;
        Year = year;
        _names = new Dictionary<string, string>(names, StringComparer.Ordinal);
    }

    public ClassificationKind Kind { get; }
    public int Year { get; }

    /// <summary>The stored version this is (1 = the shipped catalogue seeded into the database); 0 when read from a file.</summary>
    public int Version { get; init; }
    public int Count => _names.Count;
    public IEnumerable<KeyValuePair<string, string>> Entries => _names.OrderBy(e => e.Key, StringComparer.Ordinal);

    public string? NameOf(string code) => _names.GetValueOrDefault(code);

    public bool Contains(string code) => _names.ContainsKey(code);

    /// <summary>Parses <c>code,name</c> lines (header line required); every bad line is reported with its number.</summary>
    public static Result<ClassificationCatalog> ParseCsv(ClassificationKind kind, int year, string csv, string source)
    {
        var errors = new List<DomainError>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = csv.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF').Split('\n');
        if (lines.Length == 0 || !lines[0].Trim().Equals("code,name", StringComparison.OrdinalIgnoreCase))
        {
            return Result<ClassificationCatalog>.Failure(new DomainError("catalog.header", "第 1 行应为表头 code,name", source));
        }

        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var comma = line.IndexOf(',', StringComparison.Ordinal);
            var code = comma < 0 ? line : line[..comma].Trim();
            var name = comma < 0 ? "" : line[(comma + 1)..].Trim().Trim('"');
            if (!ClassificationCode.IsWellFormed(kind, code) || name.Length == 0)
            {
                errors.Add(new DomainError("catalog.line", $"第 {i + 1} 行“{line}”不是有效的科目（编码位数或名称有误）", source));
            }
            else if (!names.TryAdd(code, name))
            {
                errors.Add(new DomainError("catalog.duplicate", $"第 {i + 1} 行科目编码 {code} 重复", source));
            }
        }

        return errors.Count > 0
            ? Result<ClassificationCatalog>.Failure(errors)
            : Result<ClassificationCatalog>.Success(new ClassificationCatalog(kind, year, names));
    }
}

/// <summary>Shape of classification codes: 类/款/项 by length, parent by prefix.</summary>
public static class ClassificationCode
{
    private static readonly int[] FunctionalLevels = [3, 5, 7];
    private static readonly int[] EconomicLevels = [3, 5];

    public static IReadOnlyList<int> LevelsOf(ClassificationKind kind) =>
        kind == ClassificationKind.Functional ? FunctionalLevels : EconomicLevels;

    public static bool IsWellFormed(ClassificationKind kind, string code) =>
        code.All(char.IsAsciiDigit) && LevelsOf(kind).Contains(code.Length);

    /// <summary>Level index (0 = 类) for a code of one of the given lengths, or -1.</summary>
    public static int LevelOf(string code, IReadOnlyList<int> levelLengths)
    {
        for (var i = 0; i < levelLengths.Count; i++)
        {
            if (levelLengths[i] == code.Length)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The parent code (款 of a 项, 类 of a 款), or null for a 类.</summary>
    public static string? ParentOf(string code, IReadOnlyList<int> levelLengths)
    {
        var level = LevelOf(code, levelLengths);
        return level > 0 ? code[..levelLengths[level - 1]] : null;
    }

    /// <summary>Printed level name: 类, 款 or 项.</summary>
    public static string LevelName(int level) => level switch
    {
        0 => "类",
        1 => "款",
        2 => "项",
        _ => "目",
    };
}

/// <summary>
/// The catalogues known to the application, by kind and year. A later catalogue of the same kind and year replaces an
/// earlier one: an operator's data directory (loaded after the shipped files) can supply the full official catalogue,
/// and an import stored in the database replaces the one in use while the application runs (<see cref="Replace"/>).
/// </summary>
public sealed class ClassificationCatalogs(IEnumerable<ClassificationCatalog> catalogs)
{
    private readonly Lock _gate = new();

    // Readers take the whole dictionary at once; a replacement swaps in a new one, so no reader sees half a change.
    private volatile Dictionary<(ClassificationKind, int), ClassificationCatalog> _catalogs =
        catalogs.GroupBy(c => (c.Kind, c.Year)).ToDictionary(g => g.Key, g => g.Last());

    public ClassificationCatalog? Find(ClassificationKind kind, int year) => _catalogs.GetValueOrDefault((kind, year));

    /// <summary>The catalogue that names a table's coded rows, or null for a table of fixed rows.</summary>
    public ClassificationCatalog? ForTable(TemplateSet set, TableTemplate table) =>
        table.CodedPanel?.Coded is { } coded ? Find(coded.Classification, set.CatalogYear) : null;

    public IEnumerable<ClassificationCatalog> All => _catalogs.Values;

    /// <summary>Puts these catalogues in place of those of the same kind and year (a newer version was imported).</summary>
    public void Replace(IEnumerable<ClassificationCatalog> newer)
    {
        lock (_gate)
        {
            var next = new Dictionary<(ClassificationKind, int), ClassificationCatalog>(_catalogs);
            foreach (var catalog in newer)
            {
                next[(catalog.Kind, catalog.Year)] = catalog;
            }

            _catalogs = next;
        }
    }
}
