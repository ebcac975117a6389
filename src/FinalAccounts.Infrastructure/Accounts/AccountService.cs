using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Departments;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reports;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FinalAccounts.Infrastructure.Accounts;

/// <summary>Claims added to every signed-in principal: bound departments and the reviewed region.</summary>
public static class AccountClaims
{
    public const string Department = "fa:department";
    public const string Region = "fa:region";
    public const string DisplayName = "fa:name";

    /// <summary>The actor a principal stands for, or null for the anonymous public.</summary>
    public static Actor? ActorOf(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true || principal.Identity.Name is not { } name)
        {
            return null;
        }

        return new Actor(
            name,
            principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(),
            principal.FindAll(Department).Select(c => Guid.TryParse(c.Value, out var id) ? id : Guid.Empty).ToHashSet(),
            principal.FindFirst(Region)?.Value);
    }
}

/// <summary>Adds the department bindings and region to the principal Identity builds at sign-in (cookie or token).</summary>
public sealed class AppClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options, IDbContextFactory<FinalAccountsDbContext> contexts)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        await using var db = await contexts.CreateDbContextAsync();
        foreach (var departmentId in await db.UserDepartments.Where(d => d.UserId == user.Id).Select(d => d.DepartmentId).ToListAsync())
        {
            identity.AddClaim(new Claim(AccountClaims.Department, departmentId.ToString()));
        }

        if (!string.IsNullOrEmpty(user.Region))
        {
            identity.AddClaim(new Claim(AccountClaims.Region, user.Region));
        }

        identity.AddClaim(new Claim(AccountClaims.DisplayName, string.IsNullOrEmpty(user.DisplayName) ? user.UserName ?? "" : user.DisplayName));
        return identity;
    }
}

/// <summary>Personal access tokens, and the administrator's management of departments and users.</summary>
public sealed class AccountService(
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    IDbContextFactory<FinalAccountsDbContext> contexts,
    TimeProvider clock)
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromDays(90);

    /// <summary>Checks the password (counting failures towards lockout) and issues a token, shown once.</summary>
    public async Task<Result<(string Token, DateTimeOffset ExpiresAt)>> CreateTokenAsync(string userName, string password, string? name, string address)
    {
        var user = await users.FindByNameAsync(userName);
        var check = user is null ? SignInResult.Failed : await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        await using var db = await contexts.CreateDbContextAsync();
        if (!check.Succeeded)
        {
            db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), userName, address, AuditActions.LoginFailed, check.IsLockedOut ? "令牌申请：账户已锁定" : "令牌申请：用户名或密码错误"));
            await db.SaveChangesAsync();
            return Result<(string, DateTimeOffset)>.Failure(check.IsLockedOut
                ? new DomainError("auth.locked_out", "登录失败次数过多，账户已临时锁定，请稍后再试")
                : new DomainError("auth.invalid", "用户名或密码错误"));
        }

        var token = "fa_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var record = new ApiToken { UserId = user!.Id, Name = string.IsNullOrWhiteSpace(name) ? "API" : name.Trim(), TokenHash = Hash(token), CreatedAt = now, ExpiresAt = now + TokenLifetime };
        db.ApiTokens.Add(record);
        db.AuditEntries.Add(new AuditEntry(now, user.UserName!, address, AuditActions.TokenCreate, $"创建访问令牌“{record.Name}”，有效期至 {record.ExpiresAt:yyyy-MM-dd}"));
        await db.SaveChangesAsync();
        return Result<(string, DateTimeOffset)>.Success((token, record.ExpiresAt));
    }

    /// <summary>The user a bearer token belongs to, if the token exists, has not expired and the user is not locked out.</summary>
    public async Task<AppUser?> FindByTokenAsync(string token)
    {
        var hash = Hash(token);
        await using var db = await contexts.CreateDbContextAsync();
        var record = await db.ApiTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash);
        if (record is null || record.ExpiresAt <= clock.GetUtcNow())
        {
            return null;
        }

        var user = await users.FindByIdAsync(record.UserId);
        return user is null || await users.IsLockedOutAsync(user) ? null : user;
    }

    public async Task<Result<Department>> CreateDepartmentAsync(Caller caller, string code, string name, string region, string level, IReadOnlyList<string>? aliases)
    {
        if (!AccessPolicy.CanManage(caller.Actor))
        {
            return Result<Department>.Failure(new DomainError("department.forbidden", "只有管理员才能新增部门"));
        }

        var errors = new List<DomainError>();
        if (string.IsNullOrWhiteSpace(code) || code.Length > 64 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            errors.Add(new DomainError("department.bad_code", "部门编码只能由字母、数字和连字符组成，且不超过 64 个字符", "code"));
        }

        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            errors.Add(new DomainError("department.bad_name", "部门名称不能为空，且不超过 200 个字符", "name"));
        }

        if (string.IsNullOrWhiteSpace(region) || string.IsNullOrWhiteSpace(level))
        {
            errors.Add(new DomainError("department.bad_region", "地区和级次不能为空", "region"));
        }

        TextRules.Check(errors, name, "部门名称", "name");
        TextRules.Check(errors, region, "地区", "region");
        TextRules.Check(errors, level, "级次", "level");
        foreach (var alias in aliases ?? [])
        {
            TextRules.Check(errors, alias, "部门别名", "aliases");
        }

        if (errors.Count > 0)
        {
            return Result<Department>.Failure(errors);
        }

        await using var db = await contexts.CreateDbContextAsync();
        if (await db.Departments.AnyAsync(d => d.Code == code))
        {
            return Result<Department>.Failure(new DomainError("department.conflict", $"部门编码“{code}”已存在", "code"));
        }

        var department = new Department(code, name.Trim(), region.Trim(), level.Trim());
        foreach (var alias in aliases ?? [])
        {
            department.AddAlias(alias);
        }

        db.Departments.Add(department);
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), caller.UserName, caller.Address, AuditActions.DepartmentCreate, $"新增部门 {code} {name}"));
        await db.SaveChangesAsync();
        return Result<Department>.Success(department);
    }

    public async Task<Result<AppUser>> CreateUserAsync(Caller caller, string userName, string password, IReadOnlyList<string> roles, IReadOnlyList<string>? departmentCodes, string? region, string? displayName)
    {
        if (!AccessPolicy.CanManage(caller.Actor))
        {
            return Result<AppUser>.Failure(new DomainError("user.forbidden", "只有管理员才能新增用户"));
        }

        if ((TextRules.Check(displayName, "姓名", "displayName") ?? TextRules.Check(region, "审核地区", "region")) is { } unreadable)
        {
            return Result<AppUser>.Failure(unreadable);
        }

        var unknownRoles = roles.Where(r => !Roles.All.Contains(r)).ToList();
        if (roles.Count == 0 || unknownRoles.Count > 0)
        {
            return Result<AppUser>.Failure(new DomainError("user.bad_roles", $"角色无效：{string.Join("、", unknownRoles.DefaultIfEmpty("（未指定）"))}；可用角色为 admin、officer、reviewer", "roles"));
        }

        await using var db = await contexts.CreateDbContextAsync();
        var codes = departmentCodes ?? [];
        var departments = await db.Departments.Where(d => codes.Contains(d.Code)).ToListAsync();
        var missing = codes.Except(departments.Select(d => d.Code)).ToList();
        if (missing.Count > 0)
        {
            return Result<AppUser>.Failure(new DomainError("user.unknown_department", $"部门不存在：{string.Join("、", missing)}", "departments"));
        }

        if (roles.Contains(Roles.Officer) && departments.Count == 0)
        {
            return Result<AppUser>.Failure(new DomainError("user.officer_needs_department", "填报人必须绑定至少一个部门", "departments"));
        }

        if (roles.Contains(Roles.Reviewer) && string.IsNullOrWhiteSpace(region))
        {
            return Result<AppUser>.Failure(new DomainError("user.reviewer_needs_region", "审核人必须指定审核的地区", "region"));
        }

        if (await users.FindByNameAsync(userName) is not null)
        {
            return Result<AppUser>.Failure(new DomainError("user.conflict", $"用户名“{userName}”已存在", "userName"));
        }

        var user = new AppUser { UserName = userName, DisplayName = displayName ?? userName, Region = region, LockoutEnabled = true };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return Result<AppUser>.Failure(created.Errors.Select(e => new DomainError("user." + e.Code, e.Description, e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "userName")).ToList());
        }

        await users.AddToRolesAsync(user, roles);
        db.UserDepartments.AddRange(departments.Select(d => new UserDepartment { UserId = user.Id, DepartmentId = d.Id }));
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), caller.UserName, caller.Address, AuditActions.UserCreate,
            $"新增用户 {userName}（{string.Join("、", roles.Select(Roles.ToChinese))}{(departments.Count > 0 ? "；部门 " + string.Join("、", departments.Select(d => d.Code)) : "")}{(region is null ? "" : "；地区 " + region)}）"));
        await db.SaveChangesAsync();
        return Result<AppUser>.Success(user);
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
