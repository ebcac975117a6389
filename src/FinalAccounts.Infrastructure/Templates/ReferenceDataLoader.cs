using System.Reflection;
using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Narrative;
using FinalAccounts.Domain.Performance;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Infrastructure.Templates;

/// <summary>
/// Loads template sets (<c>templates/*.json</c>) and classification catalogues (<c>catalogs/{year}/functional.csv</c>,
/// <c>economic.csv</c>) from the data files embedded in this assembly, plus any found in an extra directory
/// configured by an operator (<c>FinalAccounts:DataDirectory</c>) — a new template set needs a file, not code.
/// Rule files (<c>templates/{id}.rules.json</c>), 情况说明 templates (<c>templates/{id}.narrative.json</c>) and 绩效 scoring schemes
/// (<c>templates/{id}.performance.json</c>) are compiled against their template set. Anything malformed stops
/// start-up with every error listed.
/// </summary>
public static class ReferenceDataLoader
{
    private const string ResourcePrefix = "FinalAccounts.Data.";

    public static ReferenceData Load(string? extraDirectory)
    {
        var files = EmbeddedFiles().ToList();
        if (!string.IsNullOrWhiteSpace(extraDirectory) && Directory.Exists(extraDirectory))
        {
            files.AddRange(Directory.EnumerateFiles(extraDirectory, "*.*", SearchOption.AllDirectories)
                .Select(path => (Path.GetRelativePath(extraDirectory, path).Replace('\\', '/'), File.ReadAllText(path))));
        }

        var errors = new List<DomainError>();
        var sets = new List<TemplateSet>();
        var catalogs = new List<ClassificationCatalog>();
        foreach (var (name, text) in files)
        {
            if (name.EndsWith(".rules.json", StringComparison.Ordinal) || name.EndsWith(".narrative.json", StringComparison.Ordinal)
                || name.EndsWith(".performance.json", StringComparison.Ordinal))
            {
                continue; // compiled below, once every template set is known
            }

            if (name.StartsWith("templates/", StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal))
            {
                Collect(TemplateSetParser.Parse(text, name), sets, errors);
            }
            else if (name.StartsWith("catalogs/", StringComparison.Ordinal) && name.EndsWith(".csv", StringComparison.Ordinal))
            {
                var parts = name.Split('/');
                if (parts.Length == 3 && int.TryParse(parts[1], out var year))
                {
                    var kind = parts[2] switch
                    {
                        "functional.csv" => (ClassificationKind?)ClassificationKind.Functional,
                        "economic.csv" => ClassificationKind.Economic,
                        _ => null,
                    };
                    if (kind is not null)
                    {
                        Collect(ClassificationCatalog.ParseCsv(kind.Value, year, text, name), catalogs, errors);
                    }
                }
            }
        }

        var templates = errors.Count == 0 ? new TemplateSetRegistry(sets) : null;
        var ruleSets = new List<ReconciliationRuleSet>();
        var narratives = new List<NarrativeTemplate>();
        var performance = new List<PerformanceScheme>();
        if (templates is not null)
        {
            foreach (var (name, text) in files.Where(f => f.Item1.StartsWith("templates/", StringComparison.Ordinal) && f.Item1.EndsWith(".rules.json", StringComparison.Ordinal)))
            {
                Collect(RuleSetParser.Parse(text, name, templates.Find), ruleSets, errors);
            }

            foreach (var (name, text) in files.Where(f => f.Item1.StartsWith("templates/", StringComparison.Ordinal) && f.Item1.EndsWith(".narrative.json", StringComparison.Ordinal)))
            {
                Collect(NarrativeTemplateParser.Parse(text, name, templates.Find), narratives, errors);
            }

            foreach (var (name, text) in files.Where(f => f.Item1.StartsWith("templates/", StringComparison.Ordinal) && f.Item1.EndsWith(".performance.json", StringComparison.Ordinal)))
            {
                Collect(PerformanceSchemeParser.Parse(text, name, templates.Find), performance, errors);
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException("参考数据（模板/科目/审核规则）有误，无法启动：" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        return new ReferenceData(templates!, new ClassificationCatalogs(catalogs), new RuleSetRegistry(ruleSets), new NarrativeTemplateRegistry(narratives))
        {
            Performance = new PerformanceSchemeRegistry(performance),
        };
    }

    /// <summary>A data file shipped with the application, by its path under <c>Data/</c>.</summary>
    public static string ReadEmbedded(string relativePath) =>
        EmbeddedFiles().FirstOrDefault(f => f.Name == relativePath).Text
        ?? throw new FileNotFoundException($"嵌入的数据文件不存在：{relativePath}");

    private static void Collect<T>(Result<T> result, List<T> into, List<DomainError> errors)
    {
        if (result.IsSuccess)
        {
            into.Add(result.Value);
        }
        else
        {
            errors.AddRange(result.Errors);
        }
    }

    private static IEnumerable<(string Name, string Text)> EmbeddedFiles()
    {
        var assembly = typeof(ReferenceDataLoader).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (resource[ResourcePrefix.Length..].Replace('\\', '/'), reader.ReadToEnd());
        }
    }
}

/// <summary>
/// Everything loaded from the data files: template sets, classification catalogues, compiled rule sets and the
/// 情况说明 templates (<c>templates/{id}.narrative.json</c>: sections, figures, glossary, N rules). The N rules are not
/// in <see cref="Rules"/> until a caller combines them: <c>Rules.Find(id)!.WithNarrative(Narratives.Find(id)!)</c>.
/// </summary>
public sealed record ReferenceData(TemplateSetRegistry Templates, ClassificationCatalogs Catalogs, RuleSetRegistry Rules, NarrativeTemplateRegistry Narratives)
{
    /// <summary>
    /// The 绩效 scoring schemes (<c>templates/{id}.performance.json</c>: grade bands, execution-rate bands, the
    /// missed-indicator formula, P and D rules); combine after the N rules: <c>….WithNarrative(…).WithPerformance(Performance.Find(id)!)</c>.
    /// </summary>
    public PerformanceSchemeRegistry Performance { get; init; } = new([]);
}
