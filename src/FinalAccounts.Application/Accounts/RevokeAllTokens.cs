using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Infrastructure.Reports;

namespace FinalAccounts.Application.Accounts;

/// <summary>Revokes all of the caller's own tokens (their browser sessions stay).</summary>
public sealed class RevokeAllTokens(AccountService accounts)
{
    public async Task<Result<AccessRevoked>> ExecuteAsync(Caller caller)
    {
        if (await accounts.UserOf(caller) is not { } user)
        {
            return Result<AccessRevoked>.Success(new AccessRevoked(0));
        }

        var count = await accounts.RevokeAsync(user.Id, exceptSession: null, exceptToken: null, tokens: true, sessions: false);
        await accounts.AuditAsync(caller, AuditActions.TokenRevoke, $"吊销自己的全部访问令牌（{count} 个）");
        return Result<AccessRevoked>.Success(new AccessRevoked(count));
    }
}
