using Microsoft.AspNetCore.Identity;

namespace FinalAccounts.Infrastructure.Accounts;

/// <summary>An account: Identity's user plus the departments an officer works for and the region a reviewer covers.</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>The region a reviewer covers (matched by prefix: 江西省 covers 江西省景德镇市).</summary>
    public string? Region { get; set; }

    /// <summary>
    /// Disabled by an administrator: no sign-in, no token, no session. Separate from failed-password throttling,
    /// which never locks the account itself (see <see cref="LoginGuard"/>).
    /// </summary>
    public bool Disabled { get; set; }

    public List<UserDepartment> Departments { get; } = [];
}

/// <summary>An officer (填报人) bound to a department.</summary>
public sealed class UserDepartment
{
    public string UserId { get; set; } = "";
    public Guid DepartmentId { get; set; }
}

/// <summary>
/// A personal access token for the API. Only its SHA-256 is stored; the token itself is shown once, at creation.
/// </summary>
public sealed class ApiToken
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The user's security stamp when the token was issued: a password change or disabling changes the stamp and so ends the token.</summary>
    public string? SecurityStamp { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Last authenticated use, recorded at most once a minute.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }
}

/// <summary>
/// A browser sign-in. The auth cookie carries only its id (claim <see cref="AccountClaims.Session"/>); every request
/// checks the record, so logging out, a password change or disabling ends the cookie at once on every node.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string UserId { get; set; } = "";
    public string Address { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>
/// Failed passwords for one (normalised user name, client address) pair. Too many lock that pair only, so a flood
/// from one address cannot lock the real user out elsewhere. Times are Unix milliseconds so that old rows can be
/// deleted by a query on every provider (SQLite cannot compare DateTimeOffset columns).
/// </summary>
public sealed class LoginFailure
{
    public string UserName { get; set; } = "";
    public string Address { get; set; } = "";
    public int Failures { get; set; }
    public long FirstFailureAt { get; set; }
    public long LockedUntil { get; set; }
}
