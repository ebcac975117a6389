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
/// The mechanics of accounts that the account use cases (FinalAccounts.Application/Accounts) and the authentication
/// handlers share: checking a bearer token or a cookie's session, starting sessions, revoking tokens and sessions,
/// audit entries, the texts of refused sign-ins.
/// </summary>
public sealed class AccountService(
    UserManager<AppUser> users,
    IDbContextFactory<FinalAccountsDbContext> contexts,
    IOptions<AuthOptions> options,
    TimeProvider clock)
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

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

    /// <summary>Revokes a user's tokens and/or browser sessions, except the ones given; how many ended.</summary>
    public async Task<int> RevokeAsync(string userId, Guid? exceptSession, Guid? exceptToken, bool tokens, bool sessions)
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

    /// <summary>The caller's own user record, if signed in.</summary>
    public async Task<AppUser?> UserOf(Caller caller) => caller.Actor is null ? null : await users.FindByNameAsync(caller.Actor.UserName);

    /// <summary>An audit entry by the caller, in its own unit of work (account changes are not about a report).</summary>
    public async Task AuditAsync(Caller caller, string action, string detail)
    {
        await using var db = await contexts.CreateDbContextAsync();
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), caller.UserName, caller.Address, action, detail));
        await db.SaveChangesAsync();
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A new personal access token (shown once; only its hash is stored).</summary>
    public static string NewToken() => "fa_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
