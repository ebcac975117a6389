using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Reports.Drafts;
using FinalAccounts.Domain.Tests;

namespace FinalAccounts.Components.Tests;

/// <summary>Drafts, reports and reconciliation results built in memory: the components need no database.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    public static TableDraft Draft(string tableNo, bool published = true)
    {
        var set = ShippedData.Jiangxi2023;
        var table = set.FindTable(tableNo)!;
        return new TableDraft(table, ShippedData.Catalogs.ForTable(set, table), published ? ShippedData.PublishedCells(tableNo) : [], 3);
    }

    public static Report NewReport() =>
        new(new Department("jdz-zwsjglj", "景德镇市政务服务数据管理局", "江西省景德镇市", "市"), 2023, ShippedData.Jiangxi2023.Id, 2, Now);

    /// <summary>A result where the given rules fail (each with one check on one cell) and nothing else was evaluated.</summary>
    public static ReconciliationResult Failing(params (string RuleId, CellRef Cell)[] failures) =>
        new(ShippedData.Jiangxi2023.Id, "test", failures.Select(f =>
        {
            var rule = ShippedData.Jiangxi2023Rules.Find(f.RuleId)!;
            var check = new CheckResult(rule.Id, rule.Severity, CheckStatus.Fail, null, 1m, 2m, -1m, 0m, [f.Cell], null, "=");
            return new RuleResult(rule, CheckStatus.Fail, [check]);
        }).ToList());

    public static string WarningRule => ShippedData.Jiangxi2023Rules.Rules.First(r => r.Severity == RuleSeverity.Warning).Id;

    public static string ErrorRule => ShippedData.Jiangxi2023Rules.Rules.First(r => r.Severity == RuleSeverity.Error && r.Id.StartsWith("T09", StringComparison.Ordinal)).Id;
}
