using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Narrative;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Reconciliation;
using FinalAccounts.Infrastructure.Reports;
using ReportGlossaryTerm = FinalAccounts.Domain.Reports.GlossaryTerm;
using ReportNarrativeSection = FinalAccounts.Domain.Reports.NarrativeSection;

namespace FinalAccounts.Application.Reports;

/// <summary>情况说明 as the caller may see it (the working draft for its readers, else the latest published revision).</summary>
public sealed class ReadNarrative(ReportSteps steps)
{
    public async Task<Result<NarrativeState>> ExecuteAsync(Caller caller, string code, int year, CancellationToken cancellationToken = default)
    {
        await using var db = await steps.OpenAsync(cancellationToken);
        var loaded = await steps.LoadReadableAsync(db, caller, code, year, cancellationToken);
        if (!loaded.IsSuccess)
        {
            return Result<NarrativeState>.Failure(loaded.Errors);
        }

        var (report, department) = loaded.Value;
        return steps.Reference.Narratives.Find(report.TemplateSetId) is { } template
            ? Result<NarrativeState>.Success(NarrativeState.Of(report, department, template))
            : Result<NarrativeState>.Failure(NarrativeRules.Unsupported(report));
    }
}

/// <summary>
/// Replaces 情况说明 (sections in template order, named inputs, 更正说明) of the working draft if the caller still has
/// the expected version. Text is normalised (look-alike characters) before it is stored and checked; each changed
/// section and input is audited old → new; the reconciliation (with the N rules) is re-staged with the save.
/// </summary>
public sealed class SaveNarrative(ReportSteps steps)
{
    public async Task<Result<NarrativeState>> ExecuteAsync(Caller caller, string code, int year, NarrativeWrite write, int? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await steps.OpenAsync(cancellationToken);
        var loaded = await steps.LoadEditableAsync(db, caller, code, year, "修改", cancellationToken);
        if (!loaded.IsSuccess)
        {
            return Result<NarrativeState>.Failure(loaded.Errors);
        }

        var (report, department) = loaded.Value;
        if (steps.Reference.Narratives.Find(report.TemplateSetId) is not { } template)
        {
            return Result<NarrativeState>.Failure(NarrativeRules.Unsupported(report));
        }

        var validated = NarrativeRules.Validate(write, template, report);
        if (!validated.IsSuccess)
        {
            return Result<NarrativeState>.Failure(validated.Errors);
        }

        if (ReportSteps.CheckVersion(report, expectedVersion, $"您载入后，他人已修改了这份决算（当前版本 {report.Version}），情况说明未保存；请重新载入后再改") is { } refused)
        {
            return Result<NarrativeState>.Failure(refused);
        }

        var (texts, inputs, note) = validated.Value;
        if (write.Sections is null)
        {
            texts = NarrativeState.Of(report, department, template).Sections.Select(s => s.Text).ToList(); // inputs or note only
        }

        var changed = Apply(db, steps, caller, loaded.Value, template, texts, write.Inputs is null ? null : inputs, write.RevisionNote is null ? report.RevisionNote : note);
        if (changed == 0)
        {
            return Result<NarrativeState>.Success(NarrativeState.Of(report, department, template)); // nothing written, version kept
        }

        report.Touch(steps.Now);
        return await steps.SaveAsync(db, loaded.Value, reconcile: true, "report.conflict", "保存时他人已修改了这份决算，请重新载入后再改", cancellationToken) is { } stale
            ? Result<NarrativeState>.Failure(stale)
            : Result<NarrativeState>.Success(NarrativeState.Of(report, department, template));
    }

    /// <summary>Writes the sections (and inputs, note when given) and audits each change; returns how many things changed.</summary>
    internal static int Apply(Infrastructure.Persistence.FinalAccountsDbContext db, ReportSteps steps, Caller caller, ReportView target, NarrativeTemplate template,
        IReadOnlyList<string> texts, IReadOnlyDictionary<string, decimal>? inputs, string? note)
    {
        var (report, department) = target;
        var changed = 0;
        // The audit's field column is short: a section is named by its order there, by its heading in the detail.
        void Audit(string field, string label, string? old, string? @new, string action)
        {
            changed++;
            steps.Audit(db, caller, action, $"情况说明：{label}（{old?.Length ?? 0} 字 → {@new?.Length ?? 0} 字）", report, department)
                .ForField(field, NarrativeRules.Short(old), NarrativeRules.Short(@new));
        }

        var before = NarrativeState.Of(report, department, template);
        for (var i = 0; i < template.Sections.Count; i++)
        {
            if (before.Sections[i].Text != texts[i])
            {
                Audit($"情况说明.{i + 1}", template.Sections[i].Heading, before.Sections[i].Text, texts[i], AuditActions.NarrativeChange);
            }
        }

        if (changed > 0)
        {
            // Blank sections are not stored: a narrative never begun leaves the N rules not applicable.
            report.SetNarrative(template.Sections.Select((s, i) => (s, text: texts[i])).Where(x => x.text.Length > 0)
                .Select(x => new ReportNarrativeSection(x.s.Order, x.s.Heading, x.text)).ToList());
        }

        if (inputs is not null)
        {
            var old = report.NarrativeInputMap();
            var inputChanges = 0;
            foreach (var key in old.Keys.Union(inputs.Keys).Order(StringComparer.Ordinal))
            {
                decimal? was = old.TryGetValue(key, out var o) ? o : null, now = inputs.TryGetValue(key, out var n) ? n : null;
                if (was != now)
                {
                    inputChanges++;
                    changed++;
                    steps.Audit(db, caller, AuditActions.NarrativeChange, $"情况说明填报项：{key}", report, department)
                        .ForField(NarrativeRules.AuditField(key), was?.ToString(System.Globalization.CultureInfo.InvariantCulture), now?.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            if (inputChanges > 0)
            {
                report.SetNarrativeInputs(inputs.Select(x => new NarrativeInputValue(x.Key, x.Value)).ToList());
            }
        }

        if (note != report.RevisionNote)
        {
            Audit("更正说明", "更正说明", report.RevisionNote, note, AuditActions.NarrativeChange);
            report.SetRevisionNote(note);
        }

        return changed;
    }
}

/// <summary>
/// 生成初稿: every section's standard sentences from the tables and named inputs (NarrativeDrafter), reasons left as
/// 【待填写主要原因】. Returned only, unless <c>overwrite</c> is asked, which replaces the stored text (version checked).
/// </summary>
public sealed class DraftNarrative(ReportSteps steps)
{
    public async Task<Result<NarrativeDraft>> ExecuteAsync(Caller caller, string code, int year, bool overwrite, int? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await steps.OpenAsync(cancellationToken);
        var loaded = await steps.LoadEditableAsync(db, caller, code, year, "生成情况说明初稿", cancellationToken);
        if (!loaded.IsSuccess)
        {
            return Result<NarrativeDraft>.Failure(loaded.Errors);
        }

        var (report, department) = loaded.Value;
        var template = steps.Reference.Narratives.Find(report.TemplateSetId);
        var set = steps.TemplateOf(report);
        if (template is null || set is null)
        {
            return Result<NarrativeDraft>.Failure(NarrativeRules.Unsupported(report));
        }

        var data = new ReconciliationData(set, steps.Reference.Catalogs, report.Cells.ToList(), ReconciliationService.FactsOf(report, department));
        var drafted = NarrativeDrafter.Draft(template, data, report.NarrativeInputMap()).Select(NarrativeText.Normalise).ToList();
        var draft = template.Sections.Select((s, i) => new NarrativeSectionText(s.Order, s.Heading, drafted[i])).ToList();
        if (!overwrite)
        {
            return Result<NarrativeDraft>.Success(new NarrativeDraft(NarrativeState.Of(report, department, template), draft, false));
        }

        if (ReportSteps.CheckVersion(report, expectedVersion, $"您载入后，他人已修改了这份决算（当前版本 {report.Version}），初稿未保存；请重新载入后再生成") is { } refused)
        {
            return Result<NarrativeDraft>.Failure(refused);
        }

        if (SaveNarrative.Apply(db, steps, caller, loaded.Value, template, drafted, null, report.RevisionNote) > 0)
        {
            report.Touch(steps.Now);
            if (await steps.SaveAsync(db, loaded.Value, reconcile: true, "report.conflict", "保存时他人已修改了这份决算，请重新载入后再生成", cancellationToken) is { } stale)
            {
                return Result<NarrativeDraft>.Failure(stale);
            }
        }

        return Result<NarrativeDraft>.Success(new NarrativeDraft(NarrativeState.Of(report, department, template), draft, true));
    }
}

/// <summary>名词解释 as the caller may see it.</summary>
public sealed class ReadGlossary(ReportSteps steps)
{
    public async Task<Result<GlossaryState>> ExecuteAsync(Caller caller, string code, int year, CancellationToken cancellationToken = default)
    {
        await using var db = await steps.OpenAsync(cancellationToken);
        var loaded = await steps.LoadReadableAsync(db, caller, code, year, cancellationToken);
        return loaded.IsSuccess
            ? Result<GlossaryState>.Success(SaveGlossary.StateOf(loaded.Value, steps.Reference.Narratives.Find(loaded.Value.Report.TemplateSetId)))
            : Result<GlossaryState>.Failure(loaded.Errors);
    }
}

/// <summary>
/// Replaces the department's own 名词解释 terms. The template's standard terms are kept whatever is sent (as stored,
/// or the template's wording when missing), first and in template order; the department's terms follow in the order sent.
/// </summary>
public sealed class SaveGlossary(ReportSteps steps)
{
    public async Task<Result<GlossaryState>> ExecuteAsync(Caller caller, string code, int year, IReadOnlyList<GlossaryWrite?>? terms, int? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await steps.OpenAsync(cancellationToken);
        var loaded = await steps.LoadEditableAsync(db, caller, code, year, "修改", cancellationToken);
        if (!loaded.IsSuccess)
        {
            return Result<GlossaryState>.Failure(loaded.Errors);
        }

        var (report, department) = loaded.Value;
        var template = steps.Reference.Narratives.Find(report.TemplateSetId);
        var standard = (template?.Glossary ?? []).Select(g => g.Term).ToHashSet(StringComparer.Ordinal);
        var errors = new List<DomainError>();
        var own = new List<(string Term, string Definition)>();
        var list = terms ?? [];
        if (list.Count > NarrativeRules.MaxTerms)
        {
            errors.Add(new("validation", $"名词解释最多 {NarrativeRules.MaxTerms} 条", "terms"));
        }

        for (var i = 0; i < list.Count && i < NarrativeRules.MaxTerms; i++)
        {
            var term = list[i]?.Term ?? "";
            var definition = list[i]?.Definition ?? "";
            if (TextRules.Check(term, "名词", $"terms[{i}].term") is { } badTerm)
            {
                errors.Add(badTerm);
                continue;
            }

            if (TextRules.Check(definition, $"“{NarrativeRules.Short(term)}”的解释", $"terms[{i}].definition", multiline: true) is { } badDefinition)
            {
                errors.Add(badDefinition);
                continue;
            }

            term = NarrativeText.Normalise(term).Trim();
            definition = NarrativeText.Normalise(definition.Replace("\r\n", "\n", StringComparison.Ordinal)).Trim();
            if (standard.Contains(term))
            {
                continue; // standard terms are the template's: kept, not edited by departments
            }

            if (term.Length == 0 || definition.Length == 0)
            {
                errors.Add(new("validation", $"第 {i + 1} 条名词解释的名词和解释都不能为空", $"terms[{i}]"));
            }
            else if (term.Length > NarrativeRules.MaxTermLength || definition.Length > NarrativeRules.MaxDefinitionLength)
            {
                errors.Add(new("validation", $"第 {i + 1} 条名词解释过长（名词不超过 {NarrativeRules.MaxTermLength} 字，解释不超过 {NarrativeRules.MaxDefinitionLength} 字）", $"terms[{i}]"));
            }
            else if (own.Any(o => o.Term == term))
            {
                errors.Add(new("validation", $"名词“{NarrativeRules.Short(term)}”重复", $"terms[{i}].term"));
            }
            else
            {
                own.Add((term, definition));
            }
        }

        if (errors.Count > 0)
        {
            return Result<GlossaryState>.Failure(errors);
        }

        if (ReportSteps.CheckVersion(report, expectedVersion, $"您载入后，他人已修改了这份决算（当前版本 {report.Version}），名词解释未保存；请重新载入后再改") is { } refused)
        {
            return Result<GlossaryState>.Failure(refused);
        }

        var kept = (template?.Glossary ?? []).Select(g => report.Glossary.FirstOrDefault(t => t.Term == g.Term) is { } stored ? (stored.Term, stored.Definition) : (g.Term, g.Definition));
        var next = kept.Concat(own).Select((t, i) => new ReportGlossaryTerm(i + 1, t.Item1, t.Item2)).ToList();
        var before = report.Glossary.Select(t => (t.Term, t.Definition)).ToList();
        if (before.SequenceEqual(next.Select(t => (t.Term, t.Definition))))
        {
            return Result<GlossaryState>.Success(StateOf(loaded.Value, template));
        }

        foreach (var removed in before.Where(b => !next.Any(n => n.Term == b.Term)))
        {
            steps.Audit(db, caller, AuditActions.GlossaryChange, $"名词解释：删除“{NarrativeRules.Short(removed.Term)}”", report, department).ForField(NarrativeRules.AuditField(removed.Term), NarrativeRules.Short(removed.Definition), null);
        }

        foreach (var term in next.Where(n => !before.Contains((n.Term, n.Definition))))
        {
            var old = before.FirstOrDefault(b => b.Term == term.Term).Definition;
            steps.Audit(db, caller, AuditActions.GlossaryChange, $"名词解释：{(old is null ? "新增" : "修改")}“{NarrativeRules.Short(term.Term)}”", report, department)
                .ForField(NarrativeRules.AuditField(term.Term), NarrativeRules.Short(old), NarrativeRules.Short(term.Definition));
        }

        report.SetGlossary(next);
        report.Touch(steps.Now);
        return await steps.SaveAsync(db, loaded.Value, reconcile: false, "report.conflict", "保存时他人已修改了这份决算，请重新载入后再改", cancellationToken) is { } stale
            ? Result<GlossaryState>.Failure(stale)
            : Result<GlossaryState>.Success(StateOf(loaded.Value, template));
    }

    internal static GlossaryState StateOf(ReportView view, NarrativeTemplate? template)
    {
        var standard = (template?.Glossary ?? []).Select(g => g.Term).ToHashSet(StringComparer.Ordinal);
        return new GlossaryState(view.Report, view.Department, view.Report.Glossary.Select(t => new GlossaryEntry(t.Term, t.Definition, standard.Contains(t.Term))).ToList());
    }
}

/// <summary>
/// The reconciliation (every rule family, N rules with their sentences) of the report the caller may read: the working
/// draft for its officers, its region's reviewers and admins; the latest published revision for everyone else.
/// </summary>
public sealed class ReadReconciliation(ReportSteps steps)
{
    public async Task<Result<ReconciliationView>> ExecuteAsync(Caller caller, string code, int year, bool strict, CancellationToken cancellationToken = default)
    {
        await using var db = await steps.OpenAsync(cancellationToken);
        var loaded = await steps.LoadReadableAsync(db, caller, code, year, cancellationToken);
        if (!loaded.IsSuccess)
        {
            return Result<ReconciliationView>.Failure(loaded.Errors);
        }

        var (report, department) = loaded.Value;
        return await steps.Reconciliation.ReadAsync(report, department, strict, cancellationToken) is { } outcome
            ? Result<ReconciliationView>.Success(new ReconciliationView(report, department, outcome))
            : ReportSteps.Fail<ReconciliationView>("report.not_found", $"模板 {report.TemplateSetId} 没有审核规则");
    }
}
