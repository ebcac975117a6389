using System.Security.Cryptography;
using FinalAccounts.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FinalAccounts.Infrastructure.Accounts;

public enum LoginResult
{
    Succeeded,
    Invalid,

    /// <summary>Too many wrong passwords for this user name from this address.</summary>
    LockedOut,

    /// <summary>The right password for a disabled account.</summary>
    Disabled,
}

/// <summary>
/// The one password check for the login page, the token endpoint and password changes. Unknown user names cost the
/// same hashing as known ones (no enumeration by timing); wrong passwords are counted per (user name, address) in the
/// database, so all nodes agree and a flood from one address locks only that address out of that account; the account
/// itself is never locked by failures (ADR 0011).
/// </summary>
public sealed class LoginGuard(
    UserManager<AppUser> users,
    IPasswordHasher<AppUser> hasher,
    IDbContextFactory<FinalAccountsDbContext> contexts,
    IOptions<AuthOptions> options,
    DummyPasswordHash dummy,
    TimeProvider clock)
{
    public async Task<(LoginResult Result, AppUser? User)> CheckAsync(string userName, string password, string address, CancellationToken cancellationToken = default)
    {
        var key = Key(userName);
        address = address.Length > 64 ? address[..64] : address;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pair = await db.LoginFailures.AsNoTracking().SingleOrDefaultAsync(f => f.UserName == key && f.Address == address, cancellationToken);
        if (pair is not null && pair.LockedUntil > now)
        {
            return (LoginResult.LockedOut, null);
        }

        var user = string.IsNullOrEmpty(userName) ? null : await users.FindByNameAsync(userName);
        bool correct;
        if (user?.PasswordHash is null)
        {
            // Same work as for a real account; the result is ignored.
            hasher.VerifyHashedPassword(new AppUser(), dummy.Get(hasher), password);
            correct = false;
        }
        else
        {
            correct = await users.CheckPasswordAsync(user, password);
        }

        if (!correct)
        {
            await RecordFailureAsync(db, key, address, now, cancellationToken);
            return (LoginResult.Invalid, null);
        }

        if (pair is not null)
        {
            await db.LoginFailures.Where(f => f.UserName == key && f.Address == address).ExecuteDeleteAsync(cancellationToken);
        }

        // Disabled is only revealed to someone who knows the password.
        return user!.Disabled ? (LoginResult.Disabled, user) : (LoginResult.Succeeded, user);
    }

    private async Task RecordFailureAsync(FinalAccountsDbContext db, string key, string address, long now, CancellationToken cancellationToken)
    {
        var window = (long)TimeSpan.FromMinutes(options.Value.LockMinutes).TotalMilliseconds;
        var windowStart = now - window;
        // Atomic increments, so concurrent failures on several nodes all count.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var counted = await db.LoginFailures.Where(f => f.UserName == key && f.Address == address && f.FirstFailureAt > windowStart)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.Failures, f => f.Failures + 1), cancellationToken);
            if (counted == 0)
            {
                counted = await db.LoginFailures.Where(f => f.UserName == key && f.Address == address)
                    .ExecuteUpdateAsync(s => s.SetProperty(f => f.Failures, 1).SetProperty(f => f.FirstFailureAt, now).SetProperty(f => f.LockedUntil, 0L), cancellationToken);
            }

            if (counted == 0)
            {
                db.LoginFailures.Add(new LoginFailure { UserName = key, Address = address, Failures = 1, FirstFailureAt = now });
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    db.ChangeTracker.Clear();
                }
                catch (DbUpdateException)
                {
                    db.ChangeTracker.Clear(); // another node inserted the pair first: count again
                    continue;
                }
            }

            break;
        }

        await db.LoginFailures.Where(f => f.UserName == key && f.Address == address && f.Failures >= options.Value.FailuresBeforeLock && f.LockedUntil <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.LockedUntil, now + window), cancellationToken);
        // Forget pairs whose window and lock have both passed, so the table stays small.
        await db.LoginFailures.Where(f => f.FirstFailureAt <= windowStart && f.LockedUntil <= now).ExecuteDeleteAsync(cancellationToken);
    }

    private string Key(string userName)
    {
        var key = users.NormalizeName(userName) ?? "";
        return key.Length > 256 ? key[..256] : key;
    }
}

/// <summary>A hash of a random password made with the configured hasher, verified for unknown user names.</summary>
public sealed class DummyPasswordHash
{
    private string? _hash;

    public string Get(IPasswordHasher<AppUser> hasher) =>
        _hash ??= hasher.HashPassword(new AppUser(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
}
