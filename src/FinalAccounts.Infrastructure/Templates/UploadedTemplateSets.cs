using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FinalAccounts.Infrastructure.Templates;

/// <summary>A template set compiled from uploaded JSON: its layout and its rules, both checked.</summary>
public sealed record CompiledTemplateSet(TemplateSet Set, ReconciliationRuleSet Rules);

/// <summary>
/// Template sets administrators upload (ADR 0019). Compiles an upload exactly as the shipped files are compiled (every
/// error named: file, table, row, rule, JSON line and byte), and puts activated sets into the running registries —
/// at start-up and, on every node, within <see cref="RefreshInterval"/> of an activation elsewhere.
/// </summary>
public sealed class UploadedTemplateSets(ReferenceData reference, IDbContextFactory<FinalAccountsDbContext> contexts, ILogger<UploadedTemplateSets> logger)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

    private int _known;

    /// <summary>The shipped sets (from the data files): never replaced by an upload.</summary>
    public IReadOnlySet<string> Shipped { get; } = reference.Templates.All.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);

    public static Result<CompiledTemplateSet> Compile(string templateJson, string rulesJson, string id)
    {
        var parsed = TemplateSetParser.Parse(templateJson, $"{id}.json");
        if (!parsed.IsSuccess)
        {
            return Result<CompiledTemplateSet>.Failure(parsed.Errors);
        }

        var set = parsed.Value;
        if (set.Id != id)
        {
            return Result<CompiledTemplateSet>.Failure(new DomainError("template.id", $"文件中的模板编号“{set.Id}”与地址中的“{id}”不一致", "id"));
        }

        var rules = RuleSetParser.Parse(rulesJson, $"{id}.rules.json", candidate => candidate == set.Id ? set : null);
        return rules.IsSuccess
            ? Result<CompiledTemplateSet>.Success(new CompiledTemplateSet(set, rules.Value))
            : Result<CompiledTemplateSet>.Failure(rules.Errors);
    }

    /// <summary>Puts every active upload not yet known here into the registries.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var active = await db.TemplateSetUploads.AsNoTracking().Where(u => u.ActivatedAt != null).CountAsync(cancellationToken);
        if (active == Volatile.Read(ref _known))
        {
            return;
        }

        foreach (var upload in await db.TemplateSetUploads.AsNoTracking().Where(u => u.ActivatedAt != null).ToListAsync(cancellationToken))
        {
            if (reference.Templates.Find(upload.Id) is null)
            {
                Register(upload);
            }
        }

        Volatile.Write(ref _known, active);
    }

    /// <summary>Makes an activated upload usable here (it compiled when it was uploaded; a failure now is logged).</summary>
    public bool Register(TemplateSetUpload upload)
    {
        var compiled = Compile(upload.TemplateJson, upload.RulesJson, upload.Id);
        if (!compiled.IsSuccess)
        {
            logger.LogError("Uploaded template set {Id} no longer compiles: {Errors}", upload.Id, string.Join("; ", compiled.Errors));
            return false;
        }

        return Register(compiled.Value);
    }

    /// <summary>Makes a compiled set usable here.</summary>
    public bool Register(CompiledTemplateSet compiled)
    {
        // Rules first: a reader that finds the set finds its rules too.
        reference.Rules.Put(compiled.Rules);
        return reference.Templates.Put(compiled.Set);
    }
}

/// <summary>Polls for sets another node activated (one cheap count per interval).</summary>
public sealed class UploadedTemplateSetRefresher(UploadedTemplateSets sets, ILogger<UploadedTemplateSetRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(UploadedTemplateSets.RefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await sets.RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not refresh uploaded template sets");
            }
        }
    }
}
