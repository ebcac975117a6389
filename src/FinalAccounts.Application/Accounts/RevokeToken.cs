using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reports;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Application.Accounts;

/// <summary>Revokes one of the caller's own tokens; someone else's is "not found", not "forbidden", so ids reveal nothing.</summary>
public sealed class RevokeToken(AccountService accounts, IDbContextFactory<FinalAccountsDbContext> contexts, TimeProvider clock)
{
    public async Task<Result<AccessRevoked>> ExecuteAsync(Caller caller, Guid tokenId)
    {
        var user = await accounts.UserOf(caller);
        await using var db = await contexts.CreateDbContextAsync();
        var record = user is null ? null : await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == user.Id);
        if (record is null)
        {
            return Result<AccessRevoked>.Failure(new DomainError("token.not_found", "没有这个访问令牌"));
        }

        if (record.RevokedAt is not null)
        {
            return Result<AccessRevoked>.Success(new AccessRevoked(0));
        }

        var now = clock.GetUtcNow();
        record.RevokedAt = now;
        db.AuditEntries.Add(new AuditEntry(now, caller.UserName, caller.Address, AuditActions.TokenRevoke, $"吊销访问令牌“{record.Name}”（{record.Id}）"));
        await db.SaveChangesAsync();
        return Result<AccessRevoked>.Success(new AccessRevoked(1));
    }
}
