using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reports;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FinalAccounts.Application.Accounts;

/// <summary>
/// Changes the caller's password after checking the current one (counted like a sign-in), and ends every other
/// session and token; the session or token the request came with stays valid.
/// </summary>
public sealed class ChangePassword(AccountService accounts, LoginGuard guard, UserManager<AppUser> users, IDbContextFactory<FinalAccountsDbContext> contexts, IOptions<AuthOptions> options)
{
    public async Task<Result<AppUser>> ExecuteAsync(Caller caller, string currentPassword, string newPassword, Guid? keepSession, Guid? keepToken)
    {
        if (caller.Actor is null)
        {
            return Result<AppUser>.Failure(new DomainError("auth.required", "请先登录"));
        }

        var (check, user) = await guard.CheckAsync(caller.Actor.UserName, currentPassword, caller.Address);
        if (check != LoginResult.Succeeded)
        {
            await accounts.AuditAsync(caller, AuditActions.LoginFailed, "修改密码：" + (check == LoginResult.Invalid ? "当前密码不正确" : AccountService.FailureText(check)));
            return Result<AppUser>.Failure(check == LoginResult.Invalid
                ? new DomainError("password.wrong_current", "当前密码不正确", "currentPassword")
                : AccountService.LoginError(check, options.Value));
        }

        var changed = await users.ChangePasswordAsync(user!, currentPassword, newPassword);
        if (!changed.Succeeded)
        {
            return Result<AppUser>.Failure(changed.Errors.Select(e => new DomainError("password." + e.Code, e.Description, "newPassword")).ToList());
        }

        var count = await accounts.RevokeAsync(user!.Id, keepSession, keepToken, tokens: true, sessions: true);
        if (keepToken is { } token)
        {
            await using var db = await contexts.CreateDbContextAsync();
            await db.ApiTokens.Where(t => t.Id == token).ExecuteUpdateAsync(u => u.SetProperty(t => t.SecurityStamp, user.SecurityStamp));
        }

        await accounts.AuditAsync(caller, AuditActions.PasswordChange, $"修改密码，结束其他访问令牌和网页登录（{count} 个）");
        return Result<AppUser>.Success(user);
    }
}
