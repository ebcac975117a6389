namespace FinalAccounts.Domain.Reconciliation;

/// <summary>The compiled rule sets, by template set id; an activated upload adds its own (copy on write).</summary>
public sealed class RuleSetRegistry(IEnumerable<ReconciliationRuleSet> sets)
{
    private volatile Dictionary<string, ReconciliationRuleSet> _sets = sets.ToDictionary(s => s.TemplateSetId, StringComparer.Ordinal);

    public ReconciliationRuleSet? Find(string templateSetId) => _sets.GetValueOrDefault(templateSetId);

    public IReadOnlyCollection<ReconciliationRuleSet> All => _sets.Values;

    /// <summary>Adds the rules of a newly activated template set; a known id is left as it is.</summary>
    public bool Put(ReconciliationRuleSet set)
    {
        lock (this)
        {
            if (_sets.ContainsKey(set.TemplateSetId))
            {
                return false;
            }

            _sets = new Dictionary<string, ReconciliationRuleSet>(_sets, StringComparer.Ordinal) { [set.TemplateSetId] = set };
            return true;
        }
    }
}
