using Microsoft.Extensions.Options;

namespace FinalAccounts.Infrastructure.Accounts;

/// <summary>
/// <c>FinalAccounts:Auth</c>: token and session lifetimes, sign-in rate limits and the failed-password lock
/// (ADR 0011). The rate limits are per window of <see cref="AttemptWindowSeconds"/>.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "FinalAccounts:Auth";

    public int TokenLifetimeDays { get; set; } = 30;

    /// <summary>A browser sign-in lasts this long at most (the cookie slides within it).</summary>
    public int SessionHours { get; set; } = 8;

    /// <summary>Sign-in attempts (token requests and login form posts) per client address per window.</summary>
    public int AttemptsPerAddress { get; set; } = 600;

    /// <summary>Sign-in attempts per submitted user name per window, from all addresses together: the ceiling on distributed guessing.</summary>
    public int AttemptsPerUserName { get; set; } = 120;

    public int AttemptWindowSeconds { get; set; } = 60;

    /// <summary>Wrong passwords from one address for one user name before that pair is locked.</summary>
    public int FailuresBeforeLock { get; set; } = 5;

    /// <summary>How long a (user name, address) pair stays locked; also the window in which failures are counted.</summary>
    public int LockMinutes { get; set; } = 15;

    public TimeSpan TokenLifetime => TimeSpan.FromDays(TokenLifetimeDays);
}

/// <summary>Refuses to start with a non-positive setting, naming it.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new (string Key, int Value)[]
        {
            (nameof(options.TokenLifetimeDays), options.TokenLifetimeDays), (nameof(options.SessionHours), options.SessionHours),
            (nameof(options.AttemptsPerAddress), options.AttemptsPerAddress), (nameof(options.AttemptsPerUserName), options.AttemptsPerUserName),
            (nameof(options.AttemptWindowSeconds), options.AttemptWindowSeconds), (nameof(options.FailuresBeforeLock), options.FailuresBeforeLock),
            (nameof(options.LockMinutes), options.LockMinutes),
        }.Where(o => o.Value <= 0).Select(o => $"配置 {AuthOptions.Section}:{o.Key} 必须大于 0（当前为 {o.Value}）").ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
