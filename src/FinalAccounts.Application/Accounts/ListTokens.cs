using FinalAccounts.Domain.Common;
using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reports;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Application.Accounts;

/// <summary>The caller's own personal access tokens, newest first (never the tokens themselves).</summary>
public sealed class ListTokens(AccountService accounts, IDbContextFactory<FinalAccountsDbContext> contexts)
{
    public async Task<Result<IReadOnlyList<TokenInfo>>> ExecuteAsync(Caller caller)
    {
        if (await accounts.UserOf(caller) is not { } user)
        {
            return Result<IReadOnlyList<TokenInfo>>.Success([]);
        }

        await using var db = await contexts.CreateDbContextAsync();
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == user.Id).ToListAsync();
        return Result<IReadOnlyList<TokenInfo>>.Success(tokens.OrderByDescending(t => t.CreatedAt)
            .Select(t => new TokenInfo(t.Id, t.Name, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt)).ToList());
    }
}
