using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reports;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Application.Accounts;

/// <summary>A user as administrators see them in the list and after an edit.</summary>
public sealed record UserSummary(string UserName, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Departments, string? Region, bool Disabled);

/// <summary>
/// Administrators list and search users: by user name, display name, department code or region (one query, case
/// insensitive), in user-name order.
/// </summary>
public sealed class ListUsers(IDbContextFactory<FinalAccountsDbContext> contexts)
{
    public async Task<Result<IReadOnlyList<UserSummary>>> ExecuteAsync(Caller caller, string? query, CancellationToken cancellationToken = default)
    {
        if (!AccessPolicy.CanManage(caller.Actor))
        {
            return Result<IReadOnlyList<UserSummary>>.Failure(new DomainError("user.forbidden", "只有管理员才能查看用户列表"));
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        var departments = await (from ud in db.UserDepartments join d in db.Departments on ud.DepartmentId equals d.Id select new { ud.UserId, d.Code, d.Name }).ToListAsync(cancellationToken);
        var text = query?.Trim() ?? "";
        var list = users.Select(u => new
        {
            Summary = new UserSummary(u.UserName!, u.DisplayName, roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).OrderBy(r => r, StringComparer.Ordinal).ToList(),
                departments.Where(d => d.UserId == u.Id).Select(d => d.Code).OrderBy(c => c, StringComparer.Ordinal).ToList(), u.Region, u.Disabled),
            DepartmentNames = departments.Where(d => d.UserId == u.Id).Select(d => d.Name),
        })
            .Where(u => text.Length == 0
                || u.Summary.UserName.Contains(text, StringComparison.OrdinalIgnoreCase)
                || u.Summary.DisplayName.Contains(text, StringComparison.OrdinalIgnoreCase)
                || (u.Summary.Region?.Contains(text, StringComparison.Ordinal) ?? false)
                || u.Summary.Departments.Any(c => c.Contains(text, StringComparison.OrdinalIgnoreCase))
                || u.DepartmentNames.Any(n => n.Contains(text, StringComparison.Ordinal)))
            .Select(u => u.Summary)
            .ToList();
        return Result<IReadOnlyList<UserSummary>>.Success(list);
    }
}

/// <summary>
/// An administrator changes a user's display name, roles, departments and region. The user's sessions and tokens end
/// at once (a new security stamp), so the new rights — fewer or more — apply from the next request.
/// </summary>
public sealed class UpdateUser(UserManager<AppUser> users, AccountService accounts, IDbContextFactory<FinalAccountsDbContext> contexts, TimeProvider clock)
{
    public async Task<Result<UserSummary>> ExecuteAsync(Caller caller, string userName, IReadOnlyList<string> roles, IReadOnlyList<string>? departmentCodes, string? region, string? displayName, CancellationToken cancellationToken = default)
    {
        if (!AccessPolicy.CanManage(caller.Actor))
        {
            return Result<UserSummary>.Failure(new DomainError("user.forbidden", "只有管理员才能修改用户"));
        }

        if ((TextRules.Check(displayName, "姓名", "displayName") ?? TextRules.Check(region, "审核地区", "region")) is { } unreadable)
        {
            return Result<UserSummary>.Failure(unreadable);
        }

        if (await users.FindByNameAsync(userName) is not { } user)
        {
            return Result<UserSummary>.Failure(new DomainError("user.not_found", $"用户“{userName}”不存在"));
        }

        if (user.UserName == caller.Actor!.UserName && !roles.Contains(Roles.Admin))
        {
            return Result<UserSummary>.Failure(new DomainError("user.cannot_demote_self", "不能取消自己的管理员角色", "roles"));
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var bindings = await UserBindings.CheckAsync(db, roles, departmentCodes, region, cancellationToken);
        if (!bindings.IsSuccess)
        {
            return Result<UserSummary>.Failure(bindings.Errors);
        }

        var before = await users.GetRolesAsync(user);
        var oldCodes = await (from ud in db.UserDepartments join d in db.Departments on ud.DepartmentId equals d.Id where ud.UserId == user.Id select d.Code).ToListAsync(cancellationToken);
        var newRegion = roles.Contains(Roles.Reviewer) ? region?.Trim() : null;
        var changes = new List<string>();
        if (!before.OrderBy(r => r, StringComparer.Ordinal).SequenceEqual(roles.Distinct().OrderBy(r => r, StringComparer.Ordinal)))
        {
            changes.Add($"角色 {Describe(before.Select(Roles.ToChinese))} → {Describe(roles.Distinct().Select(Roles.ToChinese))}");
        }

        var newCodes = bindings.Value.Select(d => d.Code).ToList();
        if (!oldCodes.OrderBy(c => c, StringComparer.Ordinal).SequenceEqual(newCodes.OrderBy(c => c, StringComparer.Ordinal)))
        {
            changes.Add($"部门 {Describe(oldCodes)} → {Describe(newCodes)}");
        }

        if (user.Region != newRegion)
        {
            changes.Add($"地区 {user.Region ?? "（无）"} → {newRegion ?? "（无）"}");
        }

        if (displayName is not null && displayName.Trim() != user.DisplayName)
        {
            changes.Add($"姓名 {user.DisplayName} → {displayName.Trim()}");
            user.DisplayName = displayName.Trim();
        }

        if (changes.Count > 0)
        {
            user.Region = newRegion;
            await users.RemoveFromRolesAsync(user, before.Except(roles));
            await users.AddToRolesAsync(user, roles.Distinct().Except(before));
            db.UserDepartments.RemoveRange(db.UserDepartments.Where(ud => ud.UserId == user.Id));
            db.UserDepartments.AddRange(bindings.Value.Select(d => new UserDepartment { UserId = user.Id, DepartmentId = d.Id }));
            db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), caller.UserName, caller.Address, AuditActions.UserChange, $"修改用户 {user.UserName}：{string.Join("；", changes)}"));
            await db.SaveChangesAsync(cancellationToken);

            // Rights changed: what the user's cookies and tokens carried is void now, on every node.
            await users.UpdateSecurityStampAsync(user);
            await accounts.RevokeAsync(user.Id, null, null, tokens: true, sessions: true);
        }

        return Result<UserSummary>.Success(new UserSummary(user.UserName!, user.DisplayName, roles.Distinct().OrderBy(r => r, StringComparer.Ordinal).ToList(), newCodes.OrderBy(c => c, StringComparer.Ordinal).ToList(), newRegion, user.Disabled));
    }

    private static string Describe(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "（无）" : string.Join("、", list);
    }
}

/// <summary>
/// An administrator sets a new password for a user who lost theirs: Identity's password rules apply, every session and
/// token of the user ends, and the audit log records who reset it (never the password).
/// </summary>
public sealed class ResetPassword(UserManager<AppUser> users, AccountService accounts)
{
    public async Task<Result<UserState>> ExecuteAsync(Caller caller, string userName, string newPassword)
    {
        if (!AccessPolicy.CanManage(caller.Actor))
        {
            return Result<UserState>.Failure(new DomainError("user.forbidden", "只有管理员才能重置密码"));
        }

        if (await users.FindByNameAsync(userName) is not { } user)
        {
            return Result<UserState>.Failure(new DomainError("user.not_found", $"用户“{userName}”不存在"));
        }

        // Check the new password before removing the old one, so a refused password changes nothing.
        foreach (var validator in users.PasswordValidators)
        {
            var valid = await validator.ValidateAsync(users, user, newPassword);
            if (!valid.Succeeded)
            {
                return Result<UserState>.Failure(valid.Errors.Select(e => new DomainError("user." + e.Code, e.Description, "password")).ToList());
            }
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, newPassword);
        if (!reset.Succeeded)
        {
            return Result<UserState>.Failure(reset.Errors.Select(e => new DomainError("user." + e.Code, e.Description, "password")).ToList());
        }

        await accounts.RevokeAsync(user.Id, null, null, tokens: true, sessions: true);
        await accounts.AuditAsync(caller, AuditActions.PasswordReset, $"重置用户 {user.UserName} 的密码，其全部令牌和网页登录已结束");
        return Result<UserState>.Success(new UserState(user.UserName!, user.Disabled));
    }
}
