namespace FinalAccounts.Domain.Reconciliation;

/// <summary>The compiled rule sets, by template set id.</summary>
public sealed class RuleSetRegistry(IEnumerable<ReconciliationRuleSet> sets)
{
    private readonly Dictionary<string, ReconciliationRuleSet> _sets = sets.ToDictionary(s => s.TemplateSetId, StringComparer.Ordinal);

    public ReconciliationRuleSet? Find(string templateSetId) => _sets.GetValueOrDefault(templateSetId);

    public IReadOnlyCollection<ReconciliationRuleSet> All => _sets.Values;
}
