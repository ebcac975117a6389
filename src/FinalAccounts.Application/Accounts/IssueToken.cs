using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FinalAccounts.Application.Accounts;

/// <summary>Exchanges a user name and password (checked like a sign-in, <see cref="LoginGuard"/>) for a personal access token; refusals are audited.</summary>
public sealed class IssueToken(LoginGuard guard, IDbContextFactory<FinalAccountsDbContext> contexts, IOptions<AuthOptions> options, TimeProvider clock)
{
    public async Task<Result<TokenIssued>> ExecuteAsync(Caller caller, string userName, string password, string? name)
    {
        if (TextRules.Check(name, "令牌名称", "name") is { } unreadable)
        {
            return Result<TokenIssued>.Failure(unreadable);
        }

        var (check, user) = await guard.CheckAsync(userName, password, caller.Address);
        await using var db = await contexts.CreateDbContextAsync();
        if (check != LoginResult.Succeeded)
        {
            db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), userName, caller.Address, AuditActions.LoginFailed, "令牌申请：" + AccountService.FailureText(check)));
            await db.SaveChangesAsync();
            return Result<TokenIssued>.Failure(AccountService.LoginError(check, options.Value));
        }

        var token = AccountService.NewToken();
        var now = clock.GetUtcNow();
        var label = string.IsNullOrWhiteSpace(name) ? "API" : name.Trim();
        var record = new ApiToken
        {
            UserId = user!.Id,
            Name = label.Length > 100 ? label[..100] : label,
            TokenHash = AccountService.Hash(token),
            CreatedAt = now,
            ExpiresAt = now + options.Value.TokenLifetime,
            SecurityStamp = user.SecurityStamp,
        };
        db.ApiTokens.Add(record);
        db.AuditEntries.Add(new AuditEntry(now, user.UserName!, caller.Address, AuditActions.TokenCreate, $"创建访问令牌“{record.Name}”（{record.Id}），有效期至 {record.ExpiresAt:yyyy-MM-dd}"));
        await db.SaveChangesAsync();
        return Result<TokenIssued>.Success(new TokenIssued(record.Id, token, record.ExpiresAt));
    }
}
