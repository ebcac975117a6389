using FinalAccounts.Domain.Common;

namespace FinalAccounts.Domain.Regions;

/// <summary>The three levels of the tree: 省 (province-level, incl. 直辖市), 市 (地级) and 县 (县级, incl. 市辖区).</summary>
public enum RegionLevel
{
    Province = 1,
    City = 2,
    County = 3,
}

/// <summary>
/// A 行政区划 of the region tree (ADR 0023). <see cref="FullName"/> — the names from the province down, e.g.
/// 江西省景德镇市浮梁县 — is what a department stores as its region and what reviewers, batches, open data and search
/// match by prefix. A synthetic region (demo data) is never a real place and is always shown labelled 演示数据.
/// </summary>
public sealed class Region
{
    private Region()
    {
        Code = Name = FullName = "";
    }

    public Region(string code, string name, RegionLevel level, string? parentCode, string fullName, bool synthetic)
    {
        Code = code;
        Name = name;
        Level = level;
        ParentCode = parentCode;
        FullName = fullName;
        Synthetic = synthetic;
    }

    /// <summary>6-digit 行政区划代码, e.g. 360200.</summary>
    public string Code { get; private set; }

    /// <summary>The region's own name, e.g. 景德镇市.</summary>
    public string Name { get; private set; }

    public RegionLevel Level { get; private set; }

    /// <summary>The parent's code; null for a province.</summary>
    public string? ParentCode { get; private set; }

    /// <summary>The names from the province down, concatenated: 江西省景德镇市.</summary>
    public string FullName { get; private set; }

    /// <summary>Demo data, not a real 行政区划.</summary>
    public bool Synthetic { get; private set; }

    /// <summary>A rename (or a parent's rename) changes the name and the stored path.</summary>
    public void Rename(string name, string fullName)
    {
        Name = name;
        FullName = fullName;
    }

    public static string LevelName(RegionLevel level) => level switch
    {
        RegionLevel.Province => "省",
        RegionLevel.City => "市",
        _ => "县",
    };

    /// <summary>省/市/县 (also province/city/county and 1/2/3) to a level; null when it is none of them.</summary>
    public static RegionLevel? ParseLevel(string? text) => text?.Trim() switch
    {
        "省" or "province" or "1" => RegionLevel.Province,
        "市" or "city" or "2" => RegionLevel.City,
        "县" or "county" or "3" => RegionLevel.County,
        _ => null,
    };
}

/// <summary>The rules of 6-digit 行政区划代码: digits 1–2 the province, 3–4 the city, 5–6 the county.</summary>
public static class RegionCode
{
    public static bool IsWellFormed(string? code) =>
        code is { Length: 6 } && code.All(char.IsAsciiDigit) && code[..2] != "00";

    /// <summary>The level a well-formed code stands for: xx0000 省, xxyy00 市, otherwise 县.</summary>
    public static RegionLevel LevelOf(string code) =>
        code[2..] == "0000" ? RegionLevel.Province : code[4..] == "00" ? RegionLevel.City : RegionLevel.County;

    public static string ProvinceOf(string code) => code[..2] + "0000";

    public static string CityOf(string code) => code[..4] + "00";

    /// <summary>
    /// The parents a code may have: a city's province; a county's city, or its province directly — the districts of a
    /// 直辖市 (上海市黄浦区 310101) and 省直辖县 hang under the province, not under a 市辖区 placeholder.
    /// </summary>
    public static IReadOnlyList<string> PossibleParents(string code) => LevelOf(code) switch
    {
        RegionLevel.Province => [],
        RegionLevel.City => [ProvinceOf(code)],
        _ => [CityOf(code), ProvinceOf(code)],
    };
}

/// <summary>
/// The whole region tree in memory (a few thousand rows at most): lookups by code and by full name, children,
/// ancestors, descendants, and the checks an administrator's add or rename must pass.
/// </summary>
public sealed class RegionTree
{
    private readonly Dictionary<string, Region> _byCode;
    private readonly Dictionary<string, Region> _byFullName;
    private readonly Dictionary<string, List<Region>> _children = new(StringComparer.Ordinal);
    private readonly List<Region> _roots = [];

    public RegionTree(IEnumerable<Region> regions)
    {
        var all = regions.ToList();
        _byCode = all.ToDictionary(r => r.Code, StringComparer.Ordinal);
        _byFullName = all.GroupBy(r => r.FullName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var region in all.OrderBy(r => r.Code, StringComparer.Ordinal))
        {
            Link(region);
        }
    }

    public IReadOnlyList<Region> Roots => _roots;

    public int Count => _byCode.Count;

    public IEnumerable<Region> All => _byCode.Values.OrderBy(r => r.Code, StringComparer.Ordinal);

    /// <summary>Adds a region planned by <see cref="Plan"/> (reading a data file line by line).</summary>
    public void Add(Region region)
    {
        _byCode.Add(region.Code, region);
        _byFullName.TryAdd(region.FullName, region);
        Link(region);
    }

    private void Link(Region region)
    {
        var list = region.ParentCode is null ? _roots : _children.TryGetValue(region.ParentCode, out var found) ? found : _children[region.ParentCode] = [];
        var at = list.FindIndex(r => string.CompareOrdinal(r.Code, region.Code) > 0);
        list.Insert(at < 0 ? list.Count : at, region);
    }

    public Region? Find(string code) => _byCode.GetValueOrDefault(code);

    /// <summary>The region a department's region string names (exactly, e.g. 江西省景德镇市).</summary>
    public Region? FindByFullName(string fullName) => _byFullName.GetValueOrDefault(fullName.Trim());

    public IReadOnlyList<Region> Children(string code) => _children.TryGetValue(code, out var list) ? list : [];

    /// <summary>The ancestors from the province down, without the region itself.</summary>
    public IReadOnlyList<Region> Ancestors(string code)
    {
        var list = new List<Region>();
        var current = Find(code);
        while (current?.ParentCode is { } parent && Find(parent) is { } up && list.Count < 3)
        {
            list.Insert(0, up);
            current = up;
        }

        return list;
    }

    /// <summary>The path from the province down to the region itself.</summary>
    public IReadOnlyList<Region> Path(string code) =>
        Find(code) is { } region ? [.. Ancestors(code), region] : [];

    /// <summary>Every region below, depth first in code order.</summary>
    public IEnumerable<Region> Descendants(string code)
    {
        foreach (var child in Children(code))
        {
            yield return child;
            foreach (var below in Descendants(child.Code))
            {
                yield return below;
            }
        }
    }

    /// <summary>Whether a department region string lies in the region or below it (the prefix rule the portal uses everywhere).</summary>
    public static bool Covers(Region region, string departmentRegion) => departmentRegion.StartsWith(region.FullName, StringComparison.Ordinal);

    /// <summary>
    /// What an add (code absent) or a rename (code present) would do, or the errors that refuse it: a bad code or name
    /// (validation), a level that does not fit the code (validation), a parent not in the tree (not found), a change of
    /// an existing region's level or parent, or a sibling of the same name (conflict). Renaming keeps the code, level and
    /// parent; the new full names of the region and everything below are part of the answer.
    /// </summary>
    public Result<RegionChange> Plan(string code, string? name, string? levelText, string? parentCode, bool synthetic)
    {
        code = code.Trim();
        if (!RegionCode.IsWellFormed(code))
        {
            return Result<RegionChange>.Failure(new DomainError("region.bad_code", $"区划代码“{code}”无效：应为 6 位数字的行政区划代码（如 360200）", "code"));
        }

        var errors = new List<DomainError>();
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 50)
        {
            errors.Add(new DomainError("region.bad_name", "区划名称不能为空，且不超过 50 个字符", "name"));
        }

        TextRules.Check(errors, name, "区划名称", "name");
        var byCode = RegionCode.LevelOf(code);
        RegionLevel level = byCode;
        if (!string.IsNullOrWhiteSpace(levelText))
        {
            if (Region.ParseLevel(levelText) is not { } stated)
            {
                errors.Add(new DomainError("region.bad_level", $"级别“{levelText}”无效：应为 省、市 或 县", "level"));
            }
            else if (stated != byCode)
            {
                errors.Add(new DomainError("region.level_mismatch",
                    $"级别“{Region.LevelName(stated)}”与区划代码 {code} 不符：该代码是{Region.LevelName(byCode)}级（省级代码形如 xx0000，市级 xxyy00，其余为县级）", "level"));
            }
        }

        if (errors.Count > 0)
        {
            return Result<RegionChange>.Failure(errors);
        }

        var existing = Find(code);
        parentCode = string.IsNullOrWhiteSpace(parentCode) ? null : parentCode.Trim();
        if (existing is not null)
        {
            if (parentCode is not null && parentCode != existing.ParentCode)
            {
                return Result<RegionChange>.Failure(new DomainError("region.move_conflict",
                    $"区划 {code} {existing.FullName} 已存在，上级为 {existing.ParentCode ?? "（无）"}：只能改名，不能改变上级", "parentCode"));
            }

            parentCode = existing.ParentCode;
        }
        else if (parentCode is null && level != RegionLevel.Province)
        {
            // Not given: a county's city (a 直辖市 district or 省直辖县 names its province as parent explicitly).
            parentCode = RegionCode.PossibleParents(code)[0];
        }

        Region? parent = null;
        if (level == RegionLevel.Province)
        {
            if (parentCode is not null)
            {
                return Result<RegionChange>.Failure(new DomainError("region.level_mismatch", $"区划 {code} 是省级，不能有上级（{parentCode}）", "parentCode"));
            }
        }
        else
        {
            if (!RegionCode.PossibleParents(code).Contains(parentCode!))
            {
                return Result<RegionChange>.Failure(new DomainError("region.level_mismatch",
                    $"上级 {parentCode} 与区划代码 {code} 不符：上级应为 {string.Join(" 或 ", RegionCode.PossibleParents(code))}", "parentCode"));
            }

            parent = Find(parentCode!);
            if (parent is null)
            {
                return Result<RegionChange>.Failure(new DomainError("region.parent_not_found", $"上级区划 {parentCode} 不存在：请先添加上级区划", "parentCode"));
            }
        }

        var sibling = (parent is null ? Roots : Children(parent.Code)).FirstOrDefault(r => r.Name == name && r.Code != code);
        if (sibling is not null)
        {
            return Result<RegionChange>.Failure(new DomainError("region.name_conflict", $"同一上级下已有名为“{name}”的区划（{sibling.Code}）", "name"));
        }

        var fullName = (parent?.FullName ?? "") + name;
        if (fullName.Length > 100)
        {
            return Result<RegionChange>.Failure(new DomainError("region.bad_name", $"区划全称“{fullName}”超过 100 个字符", "name"));
        }

        var renamed = new List<(Region Region, string FullName)>();
        if (existing is not null && existing.FullName != fullName)
        {
            renamed.Add((existing, fullName));
            foreach (var below in Descendants(code))
            {
                renamed.Add((below, fullName + below.FullName[existing.FullName.Length..]));
            }
        }

        var added = existing is null ? new Region(code, name, level, parentCode, fullName, synthetic || parent?.Synthetic == true) : null;
        return Result<RegionChange>.Success(new RegionChange(added, existing, existing?.FullName, name, fullName, renamed));
    }
}

/// <summary>
/// An add (<see cref="Added"/>) or a rename (<see cref="Existing"/> with <see cref="Renamed"/>: the region and each
/// region below with its new full name; empty when nothing changes).
/// </summary>
public sealed record RegionChange(Region? Added, Region? Existing, string? OldFullName, string Name, string FullName, IReadOnlyList<(Region Region, string FullName)> Renamed)
{
    /// <summary>A department region string after the rename: the old path prefix replaced by the new one.</summary>
    public string Moved(string departmentRegion) =>
        OldFullName is not null && departmentRegion.StartsWith(OldFullName, StringComparison.Ordinal)
            ? FullName + departmentRegion[OldFullName.Length..]
            : departmentRegion;
}
