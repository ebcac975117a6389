using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reports;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Application.Accounts;

/// <summary>
/// An administrator adds a user: bindings as <see cref="UserBindings"/> checks them, a unique user name and a password
/// Identity accepts.
/// </summary>
public sealed class CreateUser(UserManager<AppUser> users, IDbContextFactory<FinalAccountsDbContext> contexts, TimeProvider clock)
{
    public async Task<Result<UserCreated>> ExecuteAsync(Caller caller, string userName, string password, IReadOnlyList<string> roles, IReadOnlyList<string>? departmentCodes, string? region, string? displayName)
    {
        if (!AccessPolicy.CanManage(caller.Actor))
        {
            return Result<UserCreated>.Failure(new DomainError("user.forbidden", "只有管理员才能新增用户"));
        }

        if ((TextRules.Check(displayName, "姓名", "displayName") ?? TextRules.Check(region, "审核地区", "region")) is { } unreadable)
        {
            return Result<UserCreated>.Failure(unreadable);
        }

        await using var db = await contexts.CreateDbContextAsync();
        var bindings = await UserBindings.CheckAsync(db, roles, departmentCodes, region);
        if (!bindings.IsSuccess)
        {
            return Result<UserCreated>.Failure(bindings.Errors);
        }

        var departments = bindings.Value;
        if (await users.FindByNameAsync(userName) is not null)
        {
            return Result<UserCreated>.Failure(new DomainError("user.conflict", $"用户名“{userName}”已存在", "userName"));
        }

        var user = new AppUser { UserName = userName, DisplayName = displayName ?? userName, Region = region, LockoutEnabled = true };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return Result<UserCreated>.Failure(created.Errors.Select(e => new DomainError("user." + e.Code, e.Description, e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "userName")).ToList());
        }

        await users.AddToRolesAsync(user, roles);
        db.UserDepartments.AddRange(departments.Select(d => new UserDepartment { UserId = user.Id, DepartmentId = d.Id }));
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), caller.UserName, caller.Address, AuditActions.UserCreate,
            $"新增用户 {userName}（{string.Join("、", roles.Select(Roles.ToChinese))}{(departments.Count > 0 ? "；部门 " + string.Join("、", departments.Select(d => d.Code)) : "")}{(region is null ? "" : "；地区 " + region)}）"));
        await db.SaveChangesAsync();
        return Result<UserCreated>.Success(new UserCreated(user, roles, departmentCodes ?? [], region));
    }
}
