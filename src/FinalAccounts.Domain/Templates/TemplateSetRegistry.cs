namespace FinalAccounts.Domain.Templates;

/// <summary>The template sets the application knows, by id. Built once at start-up from the data files.</summary>
public sealed class TemplateSetRegistry
{
    private readonly Dictionary<string, TemplateSet> _sets;

    public TemplateSetRegistry(IEnumerable<TemplateSet> sets)
    {
        _sets = new Dictionary<string, TemplateSet>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            if (!_sets.TryAdd(set.Id, set))
            {
                throw new InvalidOperationException($"模板编号 {set.Id} 重复定义");
            }
        }
    }

    public IReadOnlyCollection<TemplateSet> All => _sets.Values;

    public TemplateSet? Find(string id) => _sets.GetValueOrDefault(id);
}
