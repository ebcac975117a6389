using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Departments;

namespace FinalAccounts.Domain.Reports;

/// <summary>概况 as an officer enters it: the name used in the headers, 部门主要职责, the units covered and the staff.</summary>
public sealed record OverviewInput(string? NameInHeaders, string? Duties, IReadOnlyList<UnitInput>? Units, StaffInput? Staff);

public sealed record UnitInput(string? Seq, string? Name, string? BudgetLevel);

public sealed record StaffInput(int? Active, int? Retired, int? Other, int? RetiredPaidByPensionFund);

/// <summary>Checks 概况 before anything is stored; every problem is named, in Chinese, and nothing is saved in part.</summary>
public static class OverviewValidator
{
    public const int MaxNameLength = 100;
    public const int MaxDutiesLength = 20_000;
    public const int MaxUnits = 500;
    public const int MaxPeople = 1_000_000;

    public static Result<(string Name, string Duties, IReadOnlyList<BudgetUnit> Units, StaffCounts Staff)> Validate(OverviewInput input)
    {
        var errors = new List<DomainError>();
        var name = (input.NameInHeaders ?? "").Trim();
        var duties = (input.Duties ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (name.Length == 0)
        {
            errors.Add(new DomainError("overview.name_required", "请填写部门名称（表头中使用的名称）", "概况.部门名称"));
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add(new DomainError("overview.too_long", $"部门名称不能超过 {MaxNameLength} 个字", "概况.部门名称"));
        }

        if (duties.Length > MaxDutiesLength)
        {
            errors.Add(new DomainError("overview.too_long", $"部门主要职责不能超过 {MaxDutiesLength} 个字（现有 {duties.Length} 个字）", "概况.部门主要职责"));
        }

        TextRules.Check(errors, name, "部门名称", "概况.部门名称");
        TextRules.Check(errors, duties, "部门主要职责", "概况.部门主要职责", multiline: true);

        var units = new List<BudgetUnit>();
        var inputs = input.Units ?? [];
        if (inputs.Count > MaxUnits)
        {
            errors.Add(new DomainError("overview.too_many_units", $"单位不能超过 {MaxUnits} 个", "概况.单位"));
        }

        var seen = new HashSet<string>();
        for (var i = 0; i < Math.Min(inputs.Count, MaxUnits); i++)
        {
            var u = inputs[i];
            var target = $"概况.单位[{i + 1}]";
            var seq = (u.Seq ?? "").Trim();
            var unitName = (u.Name ?? "").Trim();
            var level = (u.BudgetLevel ?? "").Trim();
            if (seq.Length == 0 || unitName.Length == 0 || level.Length == 0)
            {
                errors.Add(new DomainError("overview.unit_incomplete", "序号、单位名称和预算级次都要填写", target));
                continue;
            }

            var bad = TextRules.Check(seq, "序号", target) ?? TextRules.Check(unitName, "单位名称", target) ?? TextRules.Check(level, "预算级次", target);
            if (bad is not null)
            {
                errors.Add(bad);
                continue;
            }

            if (!seen.Add(unitName))
            {
                errors.Add(new DomainError("overview.unit_duplicate", $"单位“{unitName}”重复", target));
                continue;
            }

            units.Add(new BudgetUnit(seq, unitName, level));
        }

        var staff = input.Staff ?? new StaffInput(null, null, null, null);
        foreach (var (value, label) in new[]
        {
            (staff.Active, "年末在职人员"), (staff.Retired, "离退休人员"), (staff.Other, "其他人员"), (staff.RetiredPaidByPensionFund, "由养老保险基金发放养老金的离退休人员"),
        })
        {
            if (value is < 0 or > MaxPeople)
            {
                errors.Add(new DomainError("overview.bad_count", $"{label}应为 0 到 {MaxPeople} 之间的整数", $"概况.{label}"));
            }
        }

        return errors.Count > 0
            ? Result<(string, string, IReadOnlyList<BudgetUnit>, StaffCounts)>.Failure(errors)
            : Result<(string, string, IReadOnlyList<BudgetUnit>, StaffCounts)>.Success(
                (name, duties, units, new StaffCounts(staff.Active, staff.Retired, staff.Other, staff.RetiredPaidByPensionFund)));
    }
}
