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

    /// <summary>The browser sign-in (<see cref="UserSession"/>) a cookie belongs to.</summary>
    public const string Session = "fa:session";

    /// <summary>The personal access token a request was authenticated with.</summary>
    public const string Token = "fa:token";

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

/// <summary>One of a user's personal access tokens as listed to its owner (never the token itself).</summary>
public sealed record TokenInfo(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>
/// Personal access tokens and browser sessions (issue, check, revoke), password changes, disabling, and the
/// administrator's management of departments and users. Every change is audited.
/// </summary>
public sealed class AccountService(
    UserManager<AppUser> users,
    LoginGuard guard,
    IDbContextFactory<FinalAccountsDbContext> contexts,
    IOptions<AuthOptions> options,
    TimeProvider clock)
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>Checks the password (see <see cref="LoginGuard"/>) and issues a token, shown once.</summary>
    public async Task<Result<(Guid Id, string Token, DateTimeOffset ExpiresAt)>> CreateTokenAsync(string userName, string password, string? name, string address)
    {
        var (check, user) = await guard.CheckAsync(userName, password, address);
        await using var db = await contexts.CreateDbContextAsync();
        if (check != LoginResult.Succeeded)
        {
            db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), userName, address, AuditActions.LoginFailed, "令牌申请：" + FailureText(check)));
            await db.SaveChangesAsync();
            return Result<(Guid, string, DateTimeOffset)>.Failure(LoginError(check, options.Value));
        }

        var token = "fa_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var record = new ApiToken
        {
            UserId = user!.Id,
            Name = string.IsNullOrWhiteSpace(name) ? "API" : name.Trim(),
            TokenHash = Hash(token),
            CreatedAt = now,
            ExpiresAt = now + options.Value.TokenLifetime,
            SecurityStamp = user.SecurityStamp,
        };
        record.Name = record.Name.Length > 100 ? record.Name[..100] : record.Name;
        db.ApiTokens.Add(record);
        db.AuditEntries.Add(new AuditEntry(now, user.UserName!, address, AuditActions.TokenCreate, $"创建访问令牌“{record.Name}”（{record.Id}），有效期至 {record.ExpiresAt:yyyy-MM-dd}"));
        await db.SaveChangesAsync();
        return Result<(Guid, string, DateTimeOffset)>.Success((record.Id, token, record.ExpiresAt));
    }

    /// <summary>How the login page and the token endpoint describe a refused sign-in, in the audit log.</summary>
    public static string FailureText(LoginResult result) => result switch
    {
        LoginResult.LockedOut => "失败次数过多，该地址已临时锁定",
        LoginResult.Disabled => "账户已停用",
        _ => "用户名或密码错误",
    };

    public static DomainError LoginError(LoginResult result, AuthOptions options) => result switch
    {
        LoginResult.LockedOut => new DomainError("auth.locked_out", $"登录失败次数过多，已临时锁定，请 {options.LockMinutes} 分钟后再试"),
        LoginResult.Disabled => new DomainError("auth.disabled", "账户已停用，请联系管理员"),
        _ => new DomainError("auth.invalid", "用户名或密码错误"),
    };

    /// <summary>
    /// The user and token id for a bearer token, if the token exists, is neither expired nor revoked, its user is
    /// enabled and the user's security stamp is still the one the token was issued under.
    /// </summary>
    public async Task<(AppUser User, Guid TokenId)?> FindByTokenAsync(string token)
    {
        var hash = Hash(token);
        await using var db = await contexts.CreateDbContextAsync();
        var record = await db.ApiTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash);
        var now = clock.GetUtcNow();
        if (record is null || record.ExpiresAt <= now || record.RevokedAt is not null)
        {
            return null;
        }

        var user = await users.FindByIdAsync(record.UserId);
        if (user is null || user.Disabled || record.SecurityStamp is null || record.SecurityStamp != user.SecurityStamp)
        {
            return null;
        }

        if (record.LastUsedAt is not { } used || now - used >= LastUsedResolution)
        {
            await db.ApiTokens.Where(t => t.Id == record.Id).ExecuteUpdateAsync(u => u.SetProperty(t => t.LastUsedAt, now));
        }

        return (user, record.Id);
    }

    public async Task<IReadOnlyList<TokenInfo>> ListTokensAsync(Caller caller)
    {
        if (await UserOf(caller) is not { } user)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync();
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == user.Id).ToListAsync();
        return tokens.OrderByDescending(t => t.CreatedAt).Select(t => new TokenInfo(t.Id, t.Name, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt)).ToList();
    }

    /// <summary>Revokes one of the caller's own tokens; someone else's is "not found", not "forbidden", so ids reveal nothing.</summary>
    public async Task<Result<int>> RevokeTokenAsync(Caller caller, Guid tokenId)
    {
        var user = await UserOf(caller);
        await using var db = await contexts.CreateDbContextAsync();
        var record = user is null ? null : await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == user.Id);
        if (record is null)
        {
            return Result<int>.Failure(new DomainError("token.not_found", "没有这个访问令牌"));
        }

        var now = clock.GetUtcNow();
        if (record.RevokedAt is null)
        {
            record.RevokedAt = now;
            db.AuditEntries.Add(new AuditEntry(now, caller.UserName, caller.Address, AuditActions.TokenRevoke, $"吊销访问令牌“{record.Name}”（{record.Id}）"));
            await db.SaveChangesAsync();
        }

        return Result<int>.Success(1);
    }

    /// <summary>Revokes all of the caller's own tokens.</summary>
    public async Task<int> RevokeAllTokensAsync(Caller caller)
    {
        if (await UserOf(caller) is not { } user)
        {
            return 0;
        }

        var count = await RevokeAsync(user.Id, exceptSession: null, exceptToken: null, tokens: true, sessions: false);
        await AuditAsync(caller, AuditActions.TokenRevoke, $"吊销自己的全部访问令牌（{count} 个）");
        return count;
    }

    /// <summary>Administrator: ends all of a user's tokens and browser sessions at once.</summary>
    public async Task<Result<int>> RevokeUserAccessAsync(Caller caller, string userName)
    {
        if (!AccessPolicy.CanManage(caller.Actor))
        {
            return Result<int>.Failure(new DomainError("user.forbidden", "只有管理员才能吊销他人的令牌和登录"));
        }

        if (await users.FindByNameAsync(userName) is not { } user)
        {
            return Result<int>.Failure(new DomainError("user.not_found", $"用户“{userName}”不存在"));
        }

        var count = await RevokeAsync(user.Id, null, null, tokens: true, sessions: true);
        await AuditAsync(caller, AuditActions.SessionsRevoke, $"吊销用户 {user.UserName} 的全部访问令牌和网页登录（{count} 个）");
        return Result<int>.Success(count);
    }

    /// <summary>Administrator: disables (all sessions and tokens end, no new sign-in) or re-enables a user.</summary>
    public async Task<Result<bool>> SetDisabledAsync(Caller caller, string userName, bool disabled)
    {
        if (!AccessPolicy.CanManage(caller.Actor))
        {
            return Result<bool>.Failure(new DomainError("user.forbidden", "只有管理员才能停用或启用用户"));
        }

        if (await users.FindByNameAsync(userName) is not { } user)
        {
            return Result<bool>.Failure(new DomainError("user.not_found", $"用户“{userName}”不存在"));
        }

        if (disabled && user.UserName == caller.Actor!.UserName)
        {
            return Result<bool>.Failure(new DomainError("user.cannot_disable_self", "不能停用自己的账户", "userName"));
        }

        user.Disabled = disabled;
        if (disabled)
        {
            // A new stamp ends every cookie and token even on a node that has not seen the revocation below yet.
            await users.UpdateSecurityStampAsync(user);
            await RevokeAsync(user.Id, null, null, tokens: true, sessions: true);
        }
        else
        {
            await users.UpdateAsync(user);
        }

        await AuditAsync(caller, disabled ? AuditActions.UserDisable : AuditActions.UserEnable, disabled ? $"停用用户 {user.UserName}，其全部令牌和网页登录已结束" : $"启用用户 {user.UserName}");
        return Result<bool>.Success(disabled);
    }

    /// <summary>
    /// Changes the caller's password after checking the current one (counted like a sign-in), and ends every other
    /// session and token; the session or token the request came with stays valid.
    /// </summary>
    public async Task<Result<AppUser>> ChangePasswordAsync(Caller caller, string currentPassword, string newPassword, Guid? keepSession, Guid? keepToken)
    {
        if (caller.Actor is null)
        {
            return Result<AppUser>.Failure(new DomainError("auth.required", "请先登录"));
        }

        var (check, user) = await guard.CheckAsync(caller.Actor.UserName, currentPassword, caller.Address);
        if (check != LoginResult.Succeeded)
        {
            await AuditAsync(caller, AuditActions.LoginFailed, "修改密码：" + (check == LoginResult.Invalid ? "当前密码不正确" : FailureText(check)));
            return Result<AppUser>.Failure(check == LoginResult.Invalid
                ? new DomainError("password.wrong_current", "当前密码不正确", "currentPassword")
                : LoginError(check, options.Value));
        }

        var changed = await users.ChangePasswordAsync(user!, currentPassword, newPassword);
        if (!changed.Succeeded)
        {
            return Result<AppUser>.Failure(changed.Errors.Select(e => new DomainError("password." + e.Code, e.Description, "newPassword")).ToList());
        }

        var count = await RevokeAsync(user!.Id, keepSession, keepToken, tokens: true, sessions: true);
        if (keepToken is { } token)
        {
            await using var db = await contexts.CreateDbContextAsync();
            await db.ApiTokens.Where(t => t.Id == token).ExecuteUpdateAsync(u => u.SetProperty(t => t.SecurityStamp, user.SecurityStamp));
        }

        await AuditAsync(caller, AuditActions.PasswordChange, $"修改密码，结束其他访问令牌和网页登录（{count} 个）");
        return Result<AppUser>.Success(user);
    }

    /// <summary>Records a browser sign-in; its id goes into the cookie.</summary>
    public async Task<UserSession> StartSessionAsync(AppUser user, string address)
    {
        var now = clock.GetUtcNow();
        var session = new UserSession { UserId = user.Id, Address = address.Length > 64 ? address[..64] : address, CreatedAt = now, ExpiresAt = now + TimeSpan.FromHours(options.Value.SessionHours) };
        await using var db = await contexts.CreateDbContextAsync();
        db.UserSessions.Add(session);
        await db.SaveChangesAsync();
        return session;
    }

    /// <summary>Whether a cookie's session is still on: not revoked, not expired, its user enabled.</summary>
    public async Task<bool> IsSessionActiveAsync(Guid sessionId, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var session = await db.UserSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId, cancellationToken);
        return session is { RevokedAt: null } && session.ExpiresAt > clock.GetUtcNow()
            && await db.Users.AnyAsync(u => u.Id == userId && !u.Disabled, cancellationToken);
    }

    /// <summary>Logout: ends one session (the caller's own).</summary>
    public async Task EndSessionAsync(Caller caller, Guid? sessionId, string how)
    {
        if (sessionId is { } id)
        {
            await using var db = await contexts.CreateDbContextAsync();
            var now = clock.GetUtcNow();
            await db.UserSessions.Where(s => s.Id == id && s.RevokedAt == null).ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now));
        }

        await AuditAsync(caller, AuditActions.Logout, how);
    }

    private async Task<int> RevokeAsync(string userId, Guid? exceptSession, Guid? exceptToken, bool tokens, bool sessions)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync();
        var count = 0;
        if (tokens)
        {
            count += await db.ApiTokens.Where(t => t.UserId == userId && t.RevokedAt == null && t.Id != exceptToken).ExecuteUpdateAsync(u => u.SetProperty(t => t.RevokedAt, now));
        }

        if (sessions)
        {
            count += await db.UserSessions.Where(s => s.UserId == userId && s.RevokedAt == null && s.Id != exceptSession).ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now));
        }

        return count;
    }

    private async Task<AppUser?> UserOf(Caller caller) => caller.Actor is null ? null : await users.FindByNameAsync(caller.Actor.UserName);

    private async Task AuditAsync(Caller caller, string action, string detail)
    {
        await using var db = await contexts.CreateDbContextAsync();
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), caller.UserName, caller.Address, action, detail));
        await db.SaveChangesAsync();
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
