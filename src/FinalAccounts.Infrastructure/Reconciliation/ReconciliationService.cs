using System.Collections.Concurrent;
using System.Text.Json;
using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Narrative;
using FinalAccounts.Domain.Performance;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Templates;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Infrastructure.Reconciliation;

/// <summary>A reconciliation with the hash of the data it checked and whether the stored result had gone stale.</summary>
public sealed record ReconciliationOutcome(ReconciliationResult Result, string DataHash, DateTimeOffset CheckedAt, bool StoredWasStale);

/// <summary>Runs a template set's rules on a report and keeps the latest result (with its data hash) in the database.</summary>
public sealed class ReconciliationService(IDbContextFactory<FinalAccountsDbContext> contexts, ReferenceData reference, TimeProvider clock)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ReportFacts FactsOf(Report report, Department department) =>
        new(department.Name, department.Aliases.Select(a => a.Name).ToList(), report.NameInHeaders, report.FiscalYear, report.Staff)
        {
            UnitCount = report.Units.Count == 0 ? null : report.Units.Count,
            PrintedNames = report.PrintedNames.ToDictionary(n => (n.TableNo, n.Code), n => n.Name),
        };

    private readonly ConcurrentDictionary<string, ReconciliationRuleSet> _withNarrative = new(StringComparer.Ordinal);

    /// <summary>
    /// The report's 绩效 document, or null when none was entered (the P and D rules are then not applicable). A stored
    /// document that no longer reads (it was written by this code, so only after a format change) counts as none.
    /// </summary>
    public static PerformanceDocument? PerformanceOf(Report report) =>
        report.Performance is { } stored && PerformanceDocumentReader.Read(stored.Document, "report_performance") is { IsSuccess: true } read ? read.Value : null;

    /// <summary>
    /// The section texts of a report in template order (missing sections blank), or null when the report has neither
    /// text nor named inputs yet: then the N rules are not applicable rather than failing on a narrative not yet begun.
    /// </summary>
    public IReadOnlyList<string>? NarrativeOf(Report report)
    {
        if (report.Narrative.Count == 0 && report.NarrativeInputs.Count == 0)
        {
            return null;
        }

        var count = reference.Narratives.Find(report.TemplateSetId)?.Sections.Count ?? report.Narrative.Count;
        return Enumerable.Range(1, Math.Max(count, report.Narrative.Count == 0 ? 0 : report.Narrative.Max(n => n.Order)))
            .Select(order => report.Narrative.FirstOrDefault(n => n.Order == order)?.Text ?? "").ToList();
    }

    /// <summary>A report with its 情况说明 and named inputs: S/T/X and N rules (<paramref name="cells"/> replaces the stored cells, for live panels).</summary>
    public (ReconciliationResult Result, string Hash)? Evaluate(Report report, Department department, bool strict = false, IReadOnlyCollection<ReportCell>? cells = null) =>
        Evaluate(report.TemplateSetId, cells ?? report.Cells.ToList(), FactsOf(report, department), strict, NarrativeOf(report), report.NarrativeInputMap(), PerformanceOf(report));

    /// <summary>
    /// Evaluates without storing; null when the report's template set has no rules. The N rules are part of the rule
    /// set whenever the template set has a 情况说明 template; they read <paramref name="narrative"/> (section texts in
    /// template order) and <paramref name="inputs"/>, and are not applicable without a narrative.
    /// </summary>
    public (ReconciliationResult Result, string Hash)? Evaluate(string templateSetId, IReadOnlyCollection<ReportCell> cells, ReportFacts facts, bool strict = false,
        IReadOnlyList<string>? narrative = null, IReadOnlyDictionary<string, decimal>? inputs = null, PerformanceDocument? performance = null)
    {
        var set = reference.Templates.Find(templateSetId);
        var rules = reference.Rules.Find(templateSetId);
        if (set is null || rules is null)
        {
            return null;
        }

        var template = reference.Narratives.Find(templateSetId);
        var scheme = reference.Performance.Find(templateSetId);
        if (template is not null || scheme is not null)
        {
            // N rules, then P and D rules (WithPerformance keeps the version WithNarrative builds).
            rules = _withNarrative.GetOrAdd(templateSetId, _ =>
            {
                var combined = reference.Rules.Find(templateSetId)!;
                combined = template is null ? combined : combined.WithNarrative(template);
                return scheme is null ? combined : combined.WithPerformance(scheme);
            });
        }

        var document = template is not null && narrative is not null ? new NarrativeDocument(template, narrative, inputs) : null;
        var performed = scheme is null ? null : performance;
        var result = ReconciliationEngine.Evaluate(rules, new ReconciliationData(set, reference.Catalogs, cells, facts) { Narrative = document, Performance = performed }, strict);
        return (result, ReconciliationHash.Compute(cells, facts, templateSetId, rules.Version, document, performed is null ? null : PerformanceDocumentWriter.Write(performed)));
    }

    /// <summary>Reconciles a report (its cells loaded) and stores the result unless the stored one is already current.</summary>
    public async Task<ReconciliationOutcome?> ReconcileAsync(Report report, Department department, bool strict = false, CancellationToken cancellationToken = default)
    {
        var evaluated = Evaluate(report, department, strict);
        if (evaluated is null)
        {
            return null;
        }

        var (result, hash) = evaluated.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await db.Reconciliations.SingleOrDefaultAsync(r => r.ReportId == report.Id, cancellationToken);
        var stale = stored is not null && stored.DataHash != hash;
        if (strict)
        {
            // Strict mode is a view for reviewers; the stored result is the one the workflow uses.
            return new ReconciliationOutcome(result, hash, clock.GetUtcNow(), stale);
        }

        if (stored is null || stale)
        {
            Store(db, stored, report.Id, hash, result, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }

        return new ReconciliationOutcome(result, hash, stored is null || stale ? clock.GetUtcNow() : stored.CheckedAt, stale);
    }

    /// <summary>
    /// Adds the report's reconciliation to <paramref name="db"/>'s pending changes, so that it is saved in the same
    /// transaction as the change it checks: a save is never acknowledged as failed after its cells were written, and
    /// the stored result never lags behind the data.
    /// </summary>
    public async Task StageAsync(FinalAccountsDbContext db, Report report, Department department, CancellationToken cancellationToken = default)
    {
        if (Evaluate(report, department) is not { } evaluated)
        {
            return;
        }

        var stored = await db.Reconciliations.SingleOrDefaultAsync(r => r.ReportId == report.Id, cancellationToken);
        if (stored is null || stored.DataHash != evaluated.Hash)
        {
            Store(db, stored, report.Id, evaluated.Hash, evaluated.Result, clock.GetUtcNow());
        }
    }

    /// <summary>
    /// For readers (public pages and API): evaluates in memory and never writes, so a GET cannot fail on a concurrent
    /// write. The check time is the stored result's when it checked the same data (published revisions are stored at
    /// publication).
    /// </summary>
    public async Task<ReconciliationOutcome?> ReadAsync(Report report, Department department, bool strict = false, CancellationToken cancellationToken = default)
    {
        var evaluated = Evaluate(report, department, strict);
        if (evaluated is null)
        {
            return null;
        }

        var (result, hash) = evaluated.Value;
        var stored = await FindStoredAsync(report.Id, cancellationToken);
        var current = stored is not null && stored.DataHash == hash;
        return new ReconciliationOutcome(result, hash, current ? stored!.CheckedAt : report.UpdatedAt, stored is not null && !current);
    }

    public async Task<StoredReconciliation?> FindStoredAsync(Guid reportId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Reconciliations.AsNoTracking().SingleOrDefaultAsync(r => r.ReportId == reportId, cancellationToken);
    }

    internal static void Store(FinalAccountsDbContext db, StoredReconciliation? stored, Guid reportId, string hash, ReconciliationResult result, DateTimeOffset at) =>
        Store(db, stored, reportId, hash, result.RuleSetVersion, result.Summary, FailuresJson(result), at);

    /// <summary>Stores an already condensed result (a batch condenses while evaluating, so full results die young).</summary>
    internal static void Store(FinalAccountsDbContext db, StoredReconciliation? stored, Guid reportId, string hash, string ruleSetVersion, ReconciliationSummary summary, string json, DateTimeOffset at)
    {
        if (stored is null)
        {
            db.Reconciliations.Add(new StoredReconciliation(reportId, hash, ruleSetVersion, at, summary, json));
        }
        else
        {
            stored.Replace(hash, ruleSetVersion, at, summary, json);
        }
    }

    /// <summary>The failing and tail checks as stored: what pages show without evaluating again.</summary>
    internal static string FailuresJson(ReconciliationResult result) =>
        JsonSerializer.Serialize(
            result.Rules.SelectMany(r => r.Notable).Select(c => new
            {
                rule = c.RuleId,
                status = c.Status.ToCode(),
                c.Where,
                c.Lhs,
                c.Rhs,
                difference = c.Difference,
                c.Tolerance,
                c.Message,
                cells = c.Cells.Select(x => new { table = x.Table, row = x.Row, col = x.Column, value = x.Value }),
                text = c.Text is null ? null : new { section = c.Text.Section, heading = c.Text.Heading, start = c.Text.Start, length = c.Text.Length, sentence = c.Text.Sentence },
                performance = c.Cells.Where(x => x.Performance is not null)
                    .Select(x => new { sheet = x.Performance!.Sheet, project = x.Performance.Project, indicator = x.Performance.Indicator, column = x.Performance.Column }).ToList() is { Count: > 0 } p ? p : null,
            }),
            Json);
}
