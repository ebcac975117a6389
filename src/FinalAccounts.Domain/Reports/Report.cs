using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Departments;

namespace FinalAccounts.Domain.Reports;

/// <summary>
/// One department's 部门决算 for one fiscal year, in one revision: its 概况, the cells of its tables (laid out by the
/// template set it names), and later its 情况说明, 名词解释 and performance material.
/// </summary>
public sealed class Report : IVersioned
{
    private readonly List<ReportCell> _cells = [];
    private readonly List<BudgetUnit> _units = [];
    private readonly List<NarrativeSection> _narrative = [];
    private readonly List<GlossaryTerm> _glossary = [];

    private Report()
    {
        TemplateSetId = NameInHeaders = Duties = "";
        Staff = StaffCounts.Unknown;
    }

    public Report(Department department, int fiscalYear, string templateSetId, int revision, DateTimeOffset createdAt)
    {
        if (!FiscalYears.IsValid(fiscalYear))
        {
            throw new ArgumentOutOfRangeException(nameof(fiscalYear), fiscalYear, "年度应在 2000–2100 之间");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(revision, 1);
        Id = Guid.CreateVersion7();
        DepartmentId = department.Id;
        FiscalYear = fiscalYear;
        TemplateSetId = templateSetId;
        Revision = revision;
        Status = ReportStatus.Draft;
        NameInHeaders = department.Name;
        Duties = department.Duties;
        Staff = StaffCounts.Unknown;
        _units.AddRange(department.Units.Select(u => new BudgetUnit(u.Seq, u.Name, u.BudgetLevel)));
        CreatedAt = UpdatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid DepartmentId { get; private set; }
    public int FiscalYear { get; private set; }

    /// <summary>1 for the first publication; a correction of a published report is revision N+1.</summary>
    public int Revision { get; private set; }

    /// <summary>Id of the template set the tables are laid out by, e.g. <c>jiangxi-2023</c>.</summary>
    public string TemplateSetId { get; private set; }

    public ReportStatus Status { get; private set; }

    /// <summary>The department name as printed in the table headers (部门：…), which may be an alias.</summary>
    public string NameInHeaders { get; private set; }

    /// <summary>概况 一、部门主要职责.</summary>
    public string Duties { get; private set; }

    /// <summary>概况 二、机构设置: the units covered by this year's 决算.</summary>
    public IReadOnlyList<BudgetUnit> Units => _units;

    /// <summary>概况 二、人员情况.</summary>
    public StaffCounts Staff { get; private set; }

    public IReadOnlyList<NarrativeSection> Narrative => _narrative;
    public IReadOnlyList<GlossaryTerm> Glossary => _glossary;
    public IReadOnlyList<ReportCell> Cells => _cells;

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }

    public int Version { get; private set; }

    public void IncrementVersion() => Version++;

    public bool IsEditable => Status is ReportStatus.Draft or ReportStatus.Returned;

    public void SetOverview(string nameInHeaders, string duties, IEnumerable<BudgetUnit> units, StaffCounts staff)
    {
        EnsureEditable();
        NameInHeaders = nameInHeaders;
        Duties = duties;
        _units.Clear();
        _units.AddRange(units);
        Staff = staff;
    }

    public void SetNarrative(IEnumerable<NarrativeSection> sections)
    {
        EnsureEditable();
        _narrative.Clear();
        _narrative.AddRange(sections.OrderBy(s => s.Order));
    }

    public void SetGlossary(IEnumerable<GlossaryTerm> terms)
    {
        EnsureEditable();
        _glossary.Clear();
        _glossary.AddRange(terms.OrderBy(t => t.Order));
    }

    /// <summary>Replaces all cells of one table with already validated values (see <see cref="TableCellsValidator"/>).</summary>
    public void ReplaceTable(string tableNo, IReadOnlyCollection<ReportCell> cells, DateTimeOffset at)
    {
        EnsureEditable();
        if (cells.Any(c => c.TableNo != tableNo))
        {
            throw new ArgumentException("所有单元格必须属于同一张表", nameof(cells));
        }

        _cells.RemoveAll(c => c.TableNo == tableNo);
        _cells.AddRange(cells);
        UpdatedAt = at;
    }

    public IEnumerable<ReportCell> CellsOf(string tableNo) => _cells.Where(c => c.TableNo == tableNo);

    /// <summary>Publishes directly; the reviewed workflow (submit → approve → publish) arrives with data entry.</summary>
    public void Publish(DateTimeOffset at)
    {
        Status = ReportStatus.Published;
        PublishedAt = at;
        UpdatedAt = at;
    }

    private void EnsureEditable()
    {
        if (!IsEditable)
        {
            throw new InvalidOperationException($"{Status.ToChinese()}的决算不能修改");
        }
    }
}

public static class FiscalYears
{
    public static bool IsValid(int year) => year is >= 2000 and <= 2100;
}
