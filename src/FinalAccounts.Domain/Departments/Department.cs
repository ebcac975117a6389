using FinalAccounts.Domain.Common;

namespace FinalAccounts.Domain.Departments;

/// <summary>A 部门 (budget department) that publishes a 部门决算 each year.</summary>
public sealed class Department : IVersioned
{
    private readonly List<DepartmentAlias> _aliases = [];
    private readonly List<BudgetUnit> _units = [];

    private Department()
    {
        Code = Name = Region = Level = Duties = "";
    }

    public Department(string code, string name, string region, string level)
    {
        Id = Guid.CreateVersion7();
        Code = code;
        Name = name;
        Region = region;
        Level = level;
        Duties = "";
    }

    public Guid Id { get; private set; }

    /// <summary>Stable code used in URLs and the API.</summary>
    public string Code { get; private set; }

    /// <summary>The department's full official name.</summary>
    public string Name { get; private set; }

    /// <summary>Other spellings seen in published documents (e.g. a shorter name in table headers).</summary>
    public IReadOnlyList<DepartmentAlias> Aliases => _aliases;

    /// <summary>Administrative region, e.g. 江西省景德镇市.</summary>
    public string Region { get; private set; }

    /// <summary>Government level (预算级次 of the department), e.g. 市级.</summary>
    public string Level { get; private set; }

    /// <summary>主要职责 as currently known; each report's 概况 keeps its own copy of the year it describes.</summary>
    public string Duties { get; private set; }

    /// <summary>The units the department currently covers; each report keeps the list of its year.</summary>
    public IReadOnlyList<BudgetUnit> Units => _units;

    public int Version { get; private set; }

    /// <summary>
    /// A department that no longer reports (merged, abolished) is deactivated, not deleted: its published reports stay
    /// public and its history stays, but no new report can be started for it.
    /// </summary>
    public bool Active { get; private set; } = true;

    public void SetActive(bool active) => Active = active;

    /// <summary>
    /// 演示数据: a department generated for the demo from a real report's structure (issue 14 item 8), not a real
    /// body. Every page and file showing it says so; only seeding sets it.
    /// </summary>
    public bool Synthetic { get; private set; }

    public void MarkSynthetic() => Synthetic = true;

    public void IncrementVersion() => Version++;

    /// <summary>An administrator's correction of the name, region or level; the code (in URLs and the API) never changes.</summary>
    public void Update(string name, string region, string level, IEnumerable<string> aliases)
    {
        Name = name.Trim();
        Region = region.Trim();
        Level = level.Trim();
        var wanted = aliases.Select(a => a.Trim()).Where(a => a.Length > 0 && a != Name).Distinct().ToList();
        // Only what changed: an alias kept is the same row, not a delete and an insert of the same key.
        _aliases.RemoveAll(a => !wanted.Contains(a.Name));
        foreach (var alias in wanted)
        {
            AddAlias(alias);
        }
    }

    public void AddAlias(string alias)
    {
        alias = alias.Trim();
        if (alias.Length > 0 && alias != Name && _aliases.All(a => a.Name != alias))
        {
            _aliases.Add(new DepartmentAlias(alias));
        }
    }

    public void SetProfile(string duties, IEnumerable<BudgetUnit> units)
    {
        Duties = duties;
        _units.Clear();
        _units.AddRange(units);
    }

    /// <summary>Whether the name or one of the aliases contains the search text.</summary>
    public bool Matches(string text) =>
        Name.Contains(text, StringComparison.OrdinalIgnoreCase) ||
        Code.Contains(text, StringComparison.OrdinalIgnoreCase) ||
        _aliases.Any(a => a.Name.Contains(text, StringComparison.OrdinalIgnoreCase));
}

public sealed class DepartmentAlias
{
    private DepartmentAlias()
    {
        Name = "";
    }

    public DepartmentAlias(string name)
    {
        Name = name;
    }

    public string Name { get; private set; }
}

/// <summary>A unit (单位) covered by a department's 决算, with its 预算级次 as printed in 概况.</summary>
public sealed class BudgetUnit
{
    private BudgetUnit()
    {
        Seq = Name = BudgetLevel = "";
    }

    public BudgetUnit(string seq, string name, string budgetLevel)
    {
        Seq = seq;
        Name = name;
        BudgetLevel = budgetLevel;
    }

    /// <summary>序号 as printed, e.g. <c>01</c>.</summary>
    public string Seq { get; private set; }

    public string Name { get; private set; }

    /// <summary>预算级次, e.g. 市级 or 一级.</summary>
    public string BudgetLevel { get; private set; }
}
