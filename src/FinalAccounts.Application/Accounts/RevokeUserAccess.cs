using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Infrastructure.Reports;
using Microsoft.AspNetCore.Identity;

namespace FinalAccounts.Application.Accounts;

/// <summary>An administrator ends all of a user's tokens and browser sessions at once.</summary>
public sealed class RevokeUserAccess(AccountService accounts, UserManager<AppUser> users)
{
    public async Task<Result<AccessRevoked>> ExecuteAsync(Caller caller, string userName)
    {
        if (!AccessPolicy.CanManage(caller.Actor))
        {
            return Result<AccessRevoked>.Failure(new DomainError("user.forbidden", "只有管理员才能吊销他人的令牌和登录"));
        }

        if (await users.FindByNameAsync(userName) is not { } user)
        {
            return Result<AccessRevoked>.Failure(new DomainError("user.not_found", $"用户“{userName}”不存在"));
        }

        var count = await accounts.RevokeAsync(user.Id, null, null, tokens: true, sessions: true);
        await accounts.AuditAsync(caller, AuditActions.SessionsRevoke, $"吊销用户 {user.UserName} 的全部访问令牌和网页登录（{count} 个）");
        return Result<AccessRevoked>.Success(new AccessRevoked(count));
    }
}
