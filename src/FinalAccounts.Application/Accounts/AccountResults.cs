using FinalAccounts.Infrastructure.Accounts;

namespace FinalAccounts.Application.Accounts;

/// <summary>A personal access token just issued: the token itself is in here once and never again.</summary>
public sealed record TokenIssued(Guid Id, string Token, DateTimeOffset ExpiresAt);

/// <summary>A browser sign-in recorded: the user to sign in and the server-side session the cookie will carry.</summary>
public sealed record SignedIn(AppUser User, Guid SessionId);

/// <summary>How many tokens and sessions a revocation ended.</summary>
public sealed record AccessRevoked(int Count);

/// <summary>A user after being disabled or enabled.</summary>
public sealed record UserState(string UserName, bool Disabled);

/// <summary>A user created by an administrator, with the roles, departments and region given.</summary>
public sealed record UserCreated(AppUser User, IReadOnlyList<string> Roles, IReadOnlyList<string> Departments, string? Region);
