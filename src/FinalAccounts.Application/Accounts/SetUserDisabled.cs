using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Infrastructure.Reports;
using Microsoft.AspNetCore.Identity;

namespace FinalAccounts.Application.Accounts;

/// <summary>An administrator disables a user (all sessions and tokens end, no new sign-in) or enables one again.</summary>
public sealed class SetUserDisabled(AccountService accounts, UserManager<AppUser> users)
{
    public async Task<Result<UserState>> ExecuteAsync(Caller caller, string userName, bool disabled)
    {
        if (!AccessPolicy.CanManage(caller.Actor))
        {
            return Result<UserState>.Failure(new DomainError("user.forbidden", "只有管理员才能停用或启用用户"));
        }

        if (await users.FindByNameAsync(userName) is not { } user)
        {
            return Result<UserState>.Failure(new DomainError("user.not_found", $"用户“{userName}”不存在"));
        }

        if (disabled && user.UserName == caller.Actor!.UserName)
        {
            return Result<UserState>.Failure(new DomainError("user.cannot_disable_self", "不能停用自己的账户", "userName"));
        }

        user.Disabled = disabled;
        if (disabled)
        {
            // A new stamp ends every cookie and token even on a node that has not seen the revocation below yet.
            await users.UpdateSecurityStampAsync(user);
            await accounts.RevokeAsync(user.Id, null, null, tokens: true, sessions: true);
        }
        else
        {
            await users.UpdateAsync(user);
        }

        await accounts.AuditAsync(caller, disabled ? AuditActions.UserDisable : AuditActions.UserEnable, disabled ? $"停用用户 {user.UserName}，其全部令牌和网页登录已结束" : $"启用用户 {user.UserName}");
        return Result<UserState>.Success(new UserState(userName, disabled));
    }
}
