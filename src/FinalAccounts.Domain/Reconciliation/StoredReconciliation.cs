using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FinalAccounts.Domain.Reports;

namespace FinalAccounts.Domain.Reconciliation;

/// <summary>
/// The latest reconciliation of a report, kept with the hash of the data it checked: when the report's data (or the
/// rule set) changes the hash no longer matches, so a stale result is never taken for the current one.
/// </summary>
public sealed class StoredReconciliation
{
    private StoredReconciliation()
    {
        DataHash = RuleSetVersion = ResultJson = "";
    }

    public StoredReconciliation(Guid reportId, string dataHash, string ruleSetVersion, DateTimeOffset checkedAt, ReconciliationSummary summary, string resultJson)
    {
        ReportId = reportId;
        DataHash = dataHash;
        RuleSetVersion = ruleSetVersion;
        CheckedAt = checkedAt;
        ResultJson = resultJson;
        SetSummary(summary);
    }

    public Guid ReportId { get; private set; }

    /// <summary>SHA-256 (hex) of the cells and facts checked, and of the rule set version.</summary>
    public string DataHash { get; private set; }

    public string RuleSetVersion { get; private set; }
    public DateTimeOffset CheckedAt { get; private set; }
    public int Errors { get; private set; }
    public int Warnings { get; private set; }
    public int Infos { get; private set; }
    public int Passed { get; private set; }
    public int Tails { get; private set; }

    /// <summary>The non-passing checks (failures and tails) as JSON, for listings without re-evaluating.</summary>
    public string ResultJson { get; private set; }

    public void Replace(string dataHash, string ruleSetVersion, DateTimeOffset checkedAt, ReconciliationSummary summary, string resultJson)
    {
        DataHash = dataHash;
        RuleSetVersion = ruleSetVersion;
        CheckedAt = checkedAt;
        ResultJson = resultJson;
        SetSummary(summary);
    }

    private void SetSummary(ReconciliationSummary summary)
    {
        Errors = summary.Error;
        Warnings = summary.Warning;
        Infos = summary.Info;
        Passed = summary.Passed;
        Tails = summary.Tails;
    }
}

public static class ReconciliationHash
{
    /// <summary>
    /// A stable hash of everything a reconciliation reads: cells in a canonical order, the facts, the rule set version and,
    /// when the N rules run, the 情况说明 sections and named inputs; when the report has 绩效 data, its document.
    /// </summary>
    public static string Compute(IEnumerable<ReportCell> cells, ReportFacts facts, string templateSetId, string ruleSetVersion, Narrative.NarrativeDocument? narrative = null,
        string? performance = null)
    {
        var text = new StringBuilder();
        text.Append(templateSetId).Append('|').Append(ruleSetVersion).Append('\n');
        text.Append(facts.DepartmentName).Append('|').Append(facts.NameInHeaders).Append('|').Append(string.Join(",", facts.Aliases.Order(StringComparer.Ordinal)))
            .Append('|').Append(facts.FiscalYear.ToString(CultureInfo.InvariantCulture))
            .Append('|').Append(facts.Staff.Active).Append(',').Append(facts.Staff.Retired).Append(',').Append(facts.Staff.Other).Append(',').Append(facts.Staff.RetiredPaidByPensionFund)
            .Append('\n');
        foreach (var cell in cells.OrderBy(c => c.TableNo, StringComparer.Ordinal).ThenBy(c => c.RowKey, StringComparer.Ordinal).ThenBy(c => c.Column))
        {
            text.Append(cell.TableNo).Append('|').Append(cell.RowKey).Append('|').Append(cell.Column.ToString(CultureInfo.InvariantCulture))
                .Append('|').Append(cell.Value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        if (narrative is not null)
        {
            // Lengths first, so text moved from one section to the next changes the hash.
            foreach (var section in narrative.Sections)
            {
                text.Append("N|").Append(section.Length.ToString(CultureInfo.InvariantCulture)).Append('|').Append(section).Append('\n');
            }

            foreach (var (key, value) in narrative.Inputs.OrderBy(i => i.Key, StringComparer.Ordinal))
            {
                text.Append("I|").Append(key).Append('|').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        if (performance is not null)
        {
            // The 绩效 document (canonical JSON) and the 决算单位数 its D-08 reads.
            text.Append("P|").Append(facts.UnitCount?.ToString(CultureInfo.InvariantCulture)).Append('|').Append(performance).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
