using System.Globalization;
using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Reports;

namespace FinalAccounts.Application.Reports;

/// <summary>Replaces 概况 of the working draft as a whole, if the caller still has the expected version; every changed field is audited.</summary>
public sealed class SaveOverview(ReportSteps steps)
{
    public async Task<Result<ReportView>> ExecuteAsync(Caller caller, string code, int year, OverviewInput input, int? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await steps.OpenAsync(cancellationToken);
        var loaded = await steps.LoadEditableAsync(db, caller, code, year, "修改", cancellationToken);
        if (!loaded.IsSuccess)
        {
            return loaded;
        }

        var (report, department) = loaded.Value;
        var validated = OverviewValidator.Validate(input);
        if (!validated.IsSuccess)
        {
            return Result<ReportView>.Failure(validated.Errors);
        }

        if (ReportSteps.CheckVersion(report, expectedVersion, $"您载入后，他人已修改了这份决算（当前版本 {report.Version}），概况未保存；请重新载入后再改") is { } refused)
        {
            return Result<ReportView>.Failure(refused);
        }

        var (name, duties, units, staff) = validated.Value;
        var before = (report.NameInHeaders, report.Duties, Units: UnitsText(report.Units), report.Staff);
        report.SetOverview(name, duties, units, staff);
        report.Touch(steps.Now);
        var changed = 0;
        void Field(string label, string? old, string? @new)
        {
            if (old != @new)
            {
                changed++;
                steps.Audit(db, caller, AuditActions.OverviewChange, $"概况：{label}（{old?.Length ?? 0} 字 → {@new?.Length ?? 0} 字）", report, department)
                    .ForField(label, Short(old), Short(@new));
            }
        }

        Field("部门名称", before.NameInHeaders, name);
        Field("部门主要职责", before.Duties, duties);
        Field("单位", before.Units, UnitsText(units));
        Field("年末在职人员", Number(before.Staff.Active), Number(staff.Active));
        Field("离退休人员", Number(before.Staff.Retired), Number(staff.Retired));
        Field("其他人员", Number(before.Staff.Other), Number(staff.Other));
        Field("养老保险基金发放养老金的离退休人员", Number(before.Staff.RetiredPaidByPensionFund), Number(staff.RetiredPaidByPensionFund));
        if (changed == 0)
        {
            return loaded; // a save without changes writes nothing and keeps the version
        }

        return await steps.SaveAsync(db, loaded.Value, reconcile: true, "report.conflict", "保存时他人已修改了这份决算，请重新载入后再改", cancellationToken) is { } stale
            ? Result<ReportView>.Failure(stale)
            : loaded;

        // The audit columns hold short values; long texts keep their beginning (the detail gives both lengths).
        static string? Short(string? text) => text is { Length: > 40 } ? text[..39] + "…" : text;

        static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

        static string UnitsText(IEnumerable<Domain.Departments.BudgetUnit> list) => string.Join("；", list.Select(u => $"{u.Seq} {u.Name} {u.BudgetLevel}"));
    }
}
