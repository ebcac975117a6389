using FinalAccounts.Domain.Common;

namespace FinalAccounts.Domain.Templates;

/// <summary>
/// The template sets the application knows, by id: built at start-up from the data files, then joined by the sets an
/// administrator activates (<see cref="Put"/>), without a restart. Readers see one consistent dictionary: a change
/// replaces it whole.
/// </summary>
public sealed class TemplateSetRegistry
{
    private volatile Dictionary<string, TemplateSet> _sets;

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

    /// <summary>Adds a set (an activated upload); an id already known is left as it is (a set in use never changes).</summary>
    public bool Put(TemplateSet set)
    {
        lock (this)
        {
            if (_sets.ContainsKey(set.Id))
            {
                return false;
            }

            _sets = new Dictionary<string, TemplateSet>(_sets, StringComparer.Ordinal) { [set.Id] = set };
            return true;
        }
    }

    public TemplateSet? Find(string id) => _sets.GetValueOrDefault(id);

    /// <summary>
    /// The sets that serve a year, those of the department's locality first (a region “江西省景德镇市” matches a set for
    /// “江西省”), then by id.
    /// </summary>
    public IReadOnlyList<TemplateSet> Serving(int fiscalYear, string region = "") =>
        _sets.Values.Where(s => s.Serves(fiscalYear))
            .OrderBy(s => region.StartsWith(s.Locality, StringComparison.Ordinal) && s.Locality.Length > 0 ? 0 : 1)
            .ThenBy(s => s.Id, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The set a new report of <paramref name="fiscalYear"/> uses: the one asked for if it serves the year, else — when
    /// none was asked for — the first that serves it. The error says which years the sets serve.
    /// </summary>
    public Result<TemplateSet> ChooseFor(int fiscalYear, string? requestedId, string region = "")
    {
        if (!string.IsNullOrWhiteSpace(requestedId))
        {
            var set = Find(requestedId.Trim());
            if (set is null)
            {
                return Result<TemplateSet>.Failure(new DomainError("template.unknown", $"模板“{requestedId}”不存在"));
            }

            return set.Serves(fiscalYear)
                ? Result<TemplateSet>.Success(set)
                : Result<TemplateSet>.Failure(new DomainError("template.year", $"模板“{set.Name}”（{set.Id}）适用于 {set.YearsText} 年度，不能用于 {fiscalYear} 年度的决算"));
        }

        var serving = Serving(fiscalYear, region);
        return serving.Count > 0
            ? Result<TemplateSet>.Success(serving[0])
            : Result<TemplateSet>.Failure(new DomainError("template.year", $"没有适用于 {fiscalYear} 年度的表样（{string.Join("；", _sets.Values.OrderBy(s => s.Id, StringComparer.Ordinal).Select(s => $"{s.Id} 适用 {s.YearsText}"))}）"));
    }
}
