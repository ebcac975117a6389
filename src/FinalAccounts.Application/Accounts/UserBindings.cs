using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Departments;
using FinalAccounts.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Application.Accounts;

/// <summary>
/// What a user may do, as an administrator assigns it (on creation and on every edit): known roles only, officers bound
/// to at least one existing department, reviewers given a region.
/// </summary>
internal static class UserBindings
{
    public static async Task<Result<List<Department>>> CheckAsync(FinalAccountsDbContext db, IReadOnlyList<string> roles, IReadOnlyList<string>? departmentCodes, string? region, CancellationToken cancellationToken = default)
    {
        var unknownRoles = roles.Where(r => !Roles.All.Contains(r)).ToList();
        if (roles.Count == 0 || unknownRoles.Count > 0)
        {
            return Result<List<Department>>.Failure(new DomainError("user.bad_roles", $"角色无效：{string.Join("、", unknownRoles.DefaultIfEmpty("（未指定）"))}；可用角色为 admin、officer、reviewer", "roles"));
        }

        var codes = departmentCodes ?? [];
        var departments = await db.Departments.Where(d => codes.Contains(d.Code)).ToListAsync(cancellationToken);
        var missing = codes.Except(departments.Select(d => d.Code)).ToList();
        if (missing.Count > 0)
        {
            return Result<List<Department>>.Failure(new DomainError("user.unknown_department", $"部门不存在：{string.Join("、", missing)}", "departments"));
        }

        if (roles.Contains(Roles.Officer) && departments.Count == 0)
        {
            return Result<List<Department>>.Failure(new DomainError("user.officer_needs_department", "填报人必须绑定至少一个部门", "departments"));
        }

        if (roles.Contains(Roles.Reviewer) && string.IsNullOrWhiteSpace(region))
        {
            return Result<List<Department>>.Failure(new DomainError("user.reviewer_needs_region", "审核人必须指定审核的地区", "region"));
        }

        return Result<List<Department>>.Success(departments);
    }
}
