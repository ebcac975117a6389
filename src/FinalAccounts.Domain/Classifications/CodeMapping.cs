using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Domain.Classifications;

/// <summary>One pair of a year-to-year mapping: a code of the earlier year and a code of the later one.</summary>
public sealed record CodePair(string FromCode, string ToCode);

/// <summary>
/// How codes of one year's catalogue correspond to the next one's: a renamed or moved code maps to its new code, a
/// split code to several, merged codes to one. A code without a pair maps to itself when the later year still has it,
/// so only the changes need to be written down.
/// </summary>
public sealed class CodeMapping
{
    private readonly ILookup<string, string> _forward;
    private readonly ILookup<string, string> _backward;

    public CodeMapping(ClassificationKind kind, int fromYear, int toYear, IEnumerable<CodePair> pairs)
    {
        Kind = kind;
        FromYear = fromYear;
        ToYear = toYear;
        Pairs = pairs.Distinct().OrderBy(p => p.FromCode, StringComparer.Ordinal).ThenBy(p => p.ToCode, StringComparer.Ordinal).ToList();
        _forward = Pairs.ToLookup(p => p.FromCode, p => p.ToCode, StringComparer.Ordinal);
        _backward = Pairs.ToLookup(p => p.ToCode, p => p.FromCode, StringComparer.Ordinal);
    }

    public ClassificationKind Kind { get; }
    public int FromYear { get; }
    public int ToYear { get; }
    public IReadOnlyList<CodePair> Pairs { get; }

    /// <summary>The later year's codes for an earlier code: its pairs if it has any, else the code itself.</summary>
    public IReadOnlyList<string> Forward(string fromCode) =>
        _forward.Contains(fromCode) ? _forward[fromCode].ToList() : [fromCode];

    /// <summary>The earlier year's codes for a later code: its pairs if it has any, else the code itself.</summary>
    public IReadOnlyList<string> Backward(string toCode) =>
        _backward.Contains(toCode) ? _backward[toCode].ToList() : [toCode];

    /// <summary>The same correspondence read from the later year to the earlier one (comparing 2023 with 2022).</summary>
    public CodeMapping Reverse() => new(Kind, ToYear, FromYear, Pairs.Select(p => new CodePair(p.ToCode, p.FromCode)));

    /// <summary>
    /// This mapping followed by the next year's (2022→2023 then 2023→2024 gives 2022→2024). A code without pairs in one
    /// step passes through that step unchanged, so only codes that changed somewhere end up with pairs.
    /// </summary>
    public CodeMapping Then(CodeMapping next)
    {
        var pairs = new List<CodePair>();
        foreach (var pair in Pairs)
        {
            pairs.AddRange(next.Forward(pair.ToCode).Select(code => new CodePair(pair.FromCode, code)));
        }

        // A code the first step leaves alone (no pairs from it) reaches the second step as itself.
        pairs.AddRange(next.Pairs.Where(p => !_forward.Contains(p.FromCode)));
        return new CodeMapping(Kind, FromYear, next.ToYear, pairs);
    }

    /// <summary>
    /// Reads a <c>from_code,to_code</c> CSV and checks each pair against both years' catalogues; every error names its
    /// line, and a mapping with any error is not accepted.
    /// </summary>
    public static Result<CodeMapping> Parse(string csv, ClassificationCatalog from, ClassificationCatalog to)
    {
        var lines = csv.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var header = lines[0].Replace(" ", "", StringComparison.Ordinal).Trim().ToLowerInvariant();
        if (header != "from_code,to_code")
        {
            return Result<CodeMapping>.Failure(new DomainError("mapping.header", "第 1 行应为表头 from_code,to_code", "第 1 行"));
        }

        var errors = new List<DomainError>();
        var pairs = new List<CodePair>();
        var seen = new HashSet<CodePair>();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var where = $"第 {i + 1} 行";
            var parts = line.Split(',');
            if (parts.Length != 2)
            {
                errors.Add(new DomainError("mapping.line", $"“{line}”应为两个编码：from_code,to_code", where));
                continue;
            }

            var pair = new CodePair(parts[0].Trim(), parts[1].Trim());
            if (!from.Contains(pair.FromCode))
            {
                errors.Add(new DomainError("mapping.from_unknown", $"编码 {pair.FromCode} 不在 {from.Year} 年{CatalogImport.KindName(from.Kind)}科目中", where));
            }

            if (!to.Contains(pair.ToCode))
            {
                errors.Add(new DomainError("mapping.to_unknown", $"编码 {pair.ToCode} 不在 {to.Year} 年{CatalogImport.KindName(to.Kind)}科目中", where));
            }

            if (!seen.Add(pair))
            {
                errors.Add(new DomainError("mapping.duplicate", $"{pair.FromCode} → {pair.ToCode} 重复", where));
            }

            pairs.Add(pair);
        }

        return errors.Count > 0
            ? Result<CodeMapping>.Failure(errors)
            : Result<CodeMapping>.Success(new CodeMapping(from.Kind, from.Year, to.Year, pairs));
    }
}
