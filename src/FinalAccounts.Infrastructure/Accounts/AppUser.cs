using Microsoft.AspNetCore.Identity;

namespace FinalAccounts.Infrastructure.Accounts;

/// <summary>An account: Identity's user plus the departments an officer works for and the region a reviewer covers.</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>The region a reviewer covers (matched by prefix: 江西省 covers 江西省景德镇市).</summary>
    public string? Region { get; set; }

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
}
