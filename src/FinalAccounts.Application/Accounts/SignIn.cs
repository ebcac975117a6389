using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FinalAccounts.Application.Accounts;

/// <summary>
/// A browser sign-in: checks the password (<see cref="LoginGuard"/>: throttling, lockout per user name and address),
/// starts the server-side session the cookie will carry, and audits success or failure. The page issues the cookie.
/// </summary>
public sealed class SignIn(LoginGuard guard, AccountService accounts, IDbContextFactory<FinalAccountsDbContext> contexts, IOptions<AuthOptions> options, TimeProvider clock)
{
    public async Task<Result<SignedIn>> ExecuteAsync(Caller caller, string userName, string password)
    {
        var (result, user) = await guard.CheckAsync(userName, password, caller.Address);
        var session = result == LoginResult.Succeeded ? await accounts.StartSessionAsync(user!, caller.Address) : null;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), userName, caller.Address,
                session is null ? AuditActions.LoginFailed : AuditActions.Login,
                session is null ? "网页登录：" + AccountService.FailureText(result) : "网页登录"));
            await db.SaveChangesAsync();
        }

        return session is null
            ? Result<SignedIn>.Failure(AccountService.LoginError(result, options.Value))
            : Result<SignedIn>.Success(new SignedIn(user!, session.Id));
    }
}
