using System.Text.RegularExpressions;
using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reports;
using FinalAccounts.Infrastructure.Templates;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Application.Templates;

/// <summary>A template set as the list shows it: shipped with the application, uploaded (not yet in use) or active.</summary>
public sealed record TemplateSetSummary(string Id, string Version, string Name, string Locality, int FirstYear, int LastYear, int Tables, string State, string? UploadedBy, DateTimeOffset? UploadedAt, DateTimeOffset? ActivatedAt)
{
    public const string ShippedState = "shipped";
    public const string UploadedState = "uploaded";
    public const string ActiveState = "active";

    public static TemplateSetSummary Of(TemplateSet s, string state, string? uploadedBy, DateTimeOffset? uploadedAt, DateTimeOffset? activatedAt) =>
        new(s.Id, s.Version, s.Name, s.Locality, s.FirstYear, s.LastYear, s.Tables.Count, state, uploadedBy, uploadedAt, activatedAt);
}

/// <summary>Every template set: the shipped and activated ones that serve reports, and uploads awaiting activation.</summary>
public sealed class ListTemplateSets(TemplateSetRegistry templates, UploadedTemplateSets uploaded, IDbContextFactory<FinalAccountsDbContext> contexts)
{
    public async Task<IReadOnlyList<TemplateSetSummary>> ExecuteAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var uploads = await db.TemplateSetUploads.AsNoTracking().ToListAsync(cancellationToken);
        var list = templates.All.Select(s =>
        {
            var upload = uploads.FirstOrDefault(u => u.Id == s.Id);
            return Summary(s, uploaded.Shipped.Contains(s.Id) ? TemplateSetSummary.ShippedState : TemplateSetSummary.ActiveState, upload);
        }).ToList();
        if (AccessPolicy.CanManage(caller.Actor))
        {
            // Uploads not yet active are the administrators' business only.
            foreach (var upload in uploads.Where(u => !u.IsActive))
            {
                if (UploadedTemplateSets.Compile(upload.TemplateJson, upload.RulesJson, upload.Id) is { IsSuccess: true } compiled)
                {
                    list.Add(Summary(compiled.Value.Set, TemplateSetSummary.UploadedState, upload));
                }
            }
        }

        return list.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    private static TemplateSetSummary Summary(TemplateSet s, string state, TemplateSetUpload? upload) =>
        TemplateSetSummary.Of(s, state, upload?.UploadedBy, upload?.UploadedAt, upload?.ActivatedAt);
}

/// <summary>
/// An administrator uploads a template set (layout + rules JSON). It is compiled as the shipped files are; any error
/// refuses the whole upload, each named. A set not yet active may be replaced; a shipped or active set may not.
/// </summary>
public sealed partial class UploadTemplateSet(UploadedTemplateSets uploaded, TemplateSetRegistry templates, IDbContextFactory<FinalAccountsDbContext> contexts, TimeProvider clock)
{
    /// <summary>Each file at most this long (the shipped jiangxi-2023 layout is about 60 KB).</summary>
    public const int MaxLength = 2 * 1024 * 1024;

    public async Task<Result<TemplateSetSummary>> ExecuteAsync(Caller caller, string id, string? templateJson, string? rulesJson, CancellationToken cancellationToken = default)
    {
        if (!AccessPolicy.CanManage(caller.Actor))
        {
            return Result<TemplateSetSummary>.Failure(new DomainError("template.forbidden", "只有管理员才能上传模板"));
        }

        if (!IdPattern().IsMatch(id))
        {
            return Result<TemplateSetSummary>.Failure(new DomainError("template.id", $"模板编号“{id}”无效：只能用小写字母、数字和连字符，2–64 个字符", "id"));
        }

        var missing = new List<DomainError>();
        foreach (var (text, name) in new[] { (templateJson, "template"), (rulesJson, "rules") })
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                missing.Add(new DomainError("template.file", $"缺少{(name == "template" ? "表样" : "审核规则")}文件（{name}）", name));
            }
            else if (text.Length > MaxLength)
            {
                missing.Add(new DomainError("template.file", $"{(name == "template" ? "表样" : "审核规则")}文件超过 {MaxLength / 1024 / 1024} MB", name));
            }
        }

        if (missing.Count > 0)
        {
            return Result<TemplateSetSummary>.Failure(missing);
        }

        if (uploaded.Shipped.Contains(id))
        {
            return Result<TemplateSetSummary>.Failure(new DomainError("template.active_conflict", $"“{id}”是随程序提供的模板，不能覆盖；请以新的模板编号上传"));
        }

        var compiled = UploadedTemplateSets.Compile(templateJson!, rulesJson!, id);
        if (!compiled.IsSuccess)
        {
            return Result<TemplateSetSummary>.Failure(compiled.Errors);
        }

        var set = compiled.Value.Set;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var existing = await db.TemplateSetUploads.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (existing is not null)
        {
            var replaced = existing.Replace(set.Version, set.Name, templateJson!, rulesJson!, caller.UserName, now);
            if (!replaced.IsSuccess)
            {
                return Result<TemplateSetSummary>.Failure(replaced.Errors);
            }
        }
        else if (templates.Find(id) is not null)
        {
            return Result<TemplateSetSummary>.Failure(new DomainError("template.active_conflict", $"模板“{id}”已在使用，不能覆盖；请以新的模板编号上传"));
        }
        else
        {
            db.TemplateSetUploads.Add(new TemplateSetUpload(id, set.Version, set.Name, templateJson!, rulesJson!, caller.UserName, now));
        }

        db.AuditEntries.Add(new AuditEntry(now, caller.UserName, caller.Address, AuditActions.TemplateUpload,
            $"上传模板 {id}（{set.Name}，版本 {set.Version}，{set.YearsText} 年度，{set.Tables.Count} 张表，{compiled.Value.Rules.Rules.Count} 条审核规则），待启用"));
        await db.SaveChangesAsync(cancellationToken);
        return Result<TemplateSetSummary>.Success(TemplateSetSummary.Of(set, TemplateSetSummary.UploadedState, caller.UserName, now, null));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
    private static partial Regex IdPattern();
}

/// <summary>An administrator activates an uploaded set: from then on reports can use it, on every node, with no restart.</summary>
public sealed class ActivateTemplateSet(UploadedTemplateSets uploaded, IDbContextFactory<FinalAccountsDbContext> contexts, TimeProvider clock)
{
    public async Task<Result<TemplateSetSummary>> ExecuteAsync(Caller caller, string id, CancellationToken cancellationToken = default)
    {
        if (!AccessPolicy.CanManage(caller.Actor))
        {
            return Result<TemplateSetSummary>.Failure(new DomainError("template.forbidden", "只有管理员才能启用模板"));
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.TemplateSetUploads.FirstOrDefaultAsync(u => u.Id == id, cancellationToken) is not { } upload)
        {
            return Result<TemplateSetSummary>.Failure(new DomainError("template.not_found", $"没有上传过模板“{id}”"));
        }

        var now = clock.GetUtcNow();
        var activated = upload.Activate(caller.UserName, now);
        if (!activated.IsSuccess)
        {
            return Result<TemplateSetSummary>.Failure(activated.Errors);
        }

        var compiled = UploadedTemplateSets.Compile(upload.TemplateJson, upload.RulesJson, upload.Id);
        if (!compiled.IsSuccess)
        {
            return Result<TemplateSetSummary>.Failure(compiled.Errors);
        }

        db.AuditEntries.Add(new AuditEntry(now, caller.UserName, caller.Address, AuditActions.TemplateActivate, $"启用模板 {id}（{upload.Name}，版本 {upload.Version}）"));
        await db.SaveChangesAsync(cancellationToken);
        uploaded.Register(compiled.Value);
        return Result<TemplateSetSummary>.Success(TemplateSetSummary.Of(compiled.Value.Set, TemplateSetSummary.ActiveState, upload.UploadedBy, upload.UploadedAt, now));
    }
}

/// <summary>A set for preview: an active one to anyone, an upload not yet active to administrators only.</summary>
public sealed class ReadTemplateSet(TemplateSetRegistry templates, IDbContextFactory<FinalAccountsDbContext> contexts)
{
    public async Task<Result<TemplateSet>> ExecuteAsync(Caller caller, string id, CancellationToken cancellationToken = default)
    {
        if (templates.Find(id) is { } active)
        {
            return Result<TemplateSet>.Success(active);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var upload = AccessPolicy.CanManage(caller.Actor) ? await db.TemplateSetUploads.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken) : null;
        if (upload is null)
        {
            return Result<TemplateSet>.Failure(new DomainError("template.not_found", $"模板“{id}”不存在"));
        }

        var compiled = UploadedTemplateSets.Compile(upload.TemplateJson, upload.RulesJson, upload.Id);
        return compiled.IsSuccess ? Result<TemplateSet>.Success(compiled.Value.Set) : Result<TemplateSet>.Failure(compiled.Errors);
    }
}
