using FinalAccounts.Domain.Common;

namespace FinalAccounts.Domain.Templates;

/// <summary>
/// A template set an administrator uploaded (its layout and its 审核规则 as the JSON files the application ships):
/// validated on upload, previewed, then activated. Once active it is in use and never changes; a corrected set is a
/// new set with an id of its own.
/// </summary>
public sealed class TemplateSetUpload
{
    private TemplateSetUpload()
    {
    }

    public TemplateSetUpload(string id, string version, string name, string templateJson, string rulesJson, string uploadedBy, DateTimeOffset at)
    {
        Id = id;
        Fill(version, name, templateJson, rulesJson, uploadedBy, at);
    }

    public string Id { get; private set; } = "";
    public string Version { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string TemplateJson { get; private set; } = "";
    public string RulesJson { get; private set; } = "";
    public string UploadedBy { get; private set; } = "";
    public DateTimeOffset UploadedAt { get; private set; }
    public string? ActivatedBy { get; private set; }
    public DateTimeOffset? ActivatedAt { get; private set; }

    public bool IsActive => ActivatedAt is not null;

    /// <summary>An upload not yet active may be replaced by a corrected one; an active set is in use.</summary>
    public Result<TemplateSetUpload> Replace(string version, string name, string templateJson, string rulesJson, string uploadedBy, DateTimeOffset at)
    {
        if (IsActive)
        {
            return Result<TemplateSetUpload>.Failure(new DomainError("template.active_conflict", $"模板“{Id}”已启用，不能再修改；请以新的模板编号上传修订后的模板"));
        }

        Fill(version, name, templateJson, rulesJson, uploadedBy, at);
        return Result<TemplateSetUpload>.Success(this);
    }

    private void Fill(string version, string name, string templateJson, string rulesJson, string uploadedBy, DateTimeOffset at)
    {
        Version = version;
        Name = name;
        TemplateJson = templateJson;
        RulesJson = rulesJson;
        UploadedBy = uploadedBy;
        UploadedAt = at;
    }

    public Result<TemplateSetUpload> Activate(string by, DateTimeOffset at)
    {
        if (IsActive)
        {
            return Result<TemplateSetUpload>.Failure(new DomainError("template.active_conflict", $"模板“{Id}”已于 {ActivatedAt:yyyy-MM-dd HH:mm} 启用"));
        }

        ActivatedBy = by;
        ActivatedAt = at;
        return Result<TemplateSetUpload>.Success(this);
    }
}
