using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Reports;

namespace FinalAccounts.Domain.Accounts;

/// <summary>Role names as used in the API and stored in Identity.</summary>
public static class Roles
{
    /// <summary>管理员: departments, users, template sets, catalogues.</summary>
    public const string Admin = "admin";

    /// <summary>填报人: edits drafts of the departments bound to the account.</summary>
    public const string Officer = "officer";

    /// <summary>审核人: reads, returns, approves and publishes the reports of a region.</summary>
    public const string Reviewer = "reviewer";

    public static readonly IReadOnlyList<string> All = [Admin, Officer, Reviewer];

    public static string ToChinese(string role) => role switch
    {
        Admin => "管理员",
        Officer => "填报人",
        Reviewer => "审核人",
        _ => role,
    };
}

/// <summary>Who is acting: roles, bound departments (officers) and reviewed regions (reviewers). Null = the public.</summary>
public sealed record Actor(string UserName, IReadOnlySet<string> Roles, IReadOnlySet<Guid> Departments, string? Region)
{
    public bool Is(string role) => Roles.Contains(role);
}

/// <summary>
/// Who may do what, as pure decisions the web layer enforces for pages and API alike. Published data is public;
/// officers work only on their own departments' drafts; reviewers act on their region (a province reviewer covers
/// its cities: regions match by prefix); administrators manage departments and users but do not edit accounts data.
/// </summary>
public static class AccessPolicy
{
    public static bool CanRead(Actor? actor, Report report, Department department) =>
        report.Status == ReportStatus.Published
        || (actor is not null && (actor.Is(Roles.Admin) || IsOwnDepartment(actor, department) || ReviewsRegionOf(actor, department)));

    public static bool CanEdit(Actor? actor, Department department) => actor is not null && IsOwnDepartment(actor, department);

    public static bool CanReview(Actor? actor, Department department) => actor is not null && ReviewsRegionOf(actor, department);

    public static bool CanManage(Actor? actor) => actor?.Is(Roles.Admin) == true;

    public static bool CanReadAudit(Actor? actor) => actor is not null && (actor.Is(Roles.Admin) || actor.Is(Roles.Reviewer));

    /// <summary>
    /// Which audit entries an actor may read: administrators all of them; reviewers the entries of departments in
    /// their region and their own entries (entries without a department — others' logins, administration — are not
    /// theirs to see); everyone else none.
    /// </summary>
    public static AuditScope AuditScopeOf(Actor? actor) =>
        actor is null || !CanReadAudit(actor) ? AuditScope.Nothing
        : actor.Is(Roles.Admin) ? AuditScope.Everything
        : new AuditScope(false, string.IsNullOrEmpty(actor.Region) ? null : actor.Region, actor.UserName);

    /// <summary>One entry against <see cref="AuditScopeOf"/>: <paramref name="departmentRegion"/> is the region of the entry's department, null without one.</summary>
    public static bool CanReadAuditEntry(Actor? actor, string entryUserName, string? departmentRegion)
    {
        var scope = AuditScopeOf(actor);
        return scope.All
            || (scope.OwnUserName is not null && scope.OwnUserName == entryUserName)
            || (scope.RegionPrefix is not null && departmentRegion is not null && departmentRegion.StartsWith(scope.RegionPrefix, StringComparison.Ordinal));
    }

    /// <summary>
    /// The region a batch job (reconciliation, export) covers: reviewers work within their own region (by default all
    /// of it), administrators anywhere (by default everywhere); nobody else starts batches.
    /// </summary>
    public static Result<string> BatchRegion(Actor? actor, string? requested)
    {
        if (actor is null || !(actor.Is(Roles.Admin) || actor.Is(Roles.Reviewer)))
        {
            return Result<string>.Failure(new DomainError("batch.forbidden", "只有审核人和管理员可以发起批量任务"));
        }

        var own = actor.Is(Roles.Admin) ? "" : actor.Region ?? "";
        var region = string.IsNullOrWhiteSpace(requested) ? own : requested.Trim();
        return region.StartsWith(own, StringComparison.Ordinal) && (own.Length > 0 || actor.Is(Roles.Admin))
            ? Result<string>.Success(region)
            : Result<string>.Failure(new DomainError("batch.forbidden", $"您只能对自己负责的区划（{own}）发起批量任务"));
    }

    /// <summary>A batch job and its results are visible to administrators and to reviewers whose region contains the job's region.</summary>
    public static bool CanSeeBatch(Actor? actor, string jobRegion) =>
        actor is not null && (actor.Is(Roles.Admin)
            || (actor.Is(Roles.Reviewer) && !string.IsNullOrEmpty(actor.Region) && jobRegion.StartsWith(actor.Region, StringComparison.Ordinal)));

    private static bool IsOwnDepartment(Actor actor, Department department) =>
        actor.Is(Roles.Officer) && actor.Departments.Contains(department.Id);

    private static bool ReviewsRegionOf(Actor actor, Department department) =>
        actor.Is(Roles.Reviewer) && !string.IsNullOrEmpty(actor.Region) && department.Region.StartsWith(actor.Region, StringComparison.Ordinal);
}

/// <summary>
/// The audit entries an actor may read: all, or those of departments whose region starts with
/// <see cref="RegionPrefix"/> plus those written by <see cref="OwnUserName"/>. Neither set = nothing.
/// </summary>
public sealed record AuditScope(bool All, string? RegionPrefix, string? OwnUserName)
{
    public static readonly AuditScope Everything = new(true, null, null);
    public static readonly AuditScope Nothing = new(false, null, null);
}
