using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reports;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Application.Accounts;

/// <summary>
/// Logout: the caller's session record is revoked (not just the cookie deleted, so a copy of the cookie stops working
/// at once) and the logout is audited.
/// </summary>
public sealed class SignOut(AccountService accounts, IDbContextFactory<FinalAccountsDbContext> contexts, TimeProvider clock)
{
    public async Task<Result<AccessRevoked>> ExecuteAsync(Caller caller, Guid? sessionId, string how)
    {
        var count = 0;
        if (sessionId is { } id)
        {
            await using var db = await contexts.CreateDbContextAsync();
            var now = clock.GetUtcNow();
            count = await db.UserSessions.Where(s => s.Id == id && s.RevokedAt == null).ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now));
        }

        await accounts.AuditAsync(caller, AuditActions.Logout, how);
        return Result<AccessRevoked>.Success(new AccessRevoked(count));
    }
}
