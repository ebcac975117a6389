using System.Security.Claims;
using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Web.Auth;
using Microsoft.AspNetCore.Identity;

namespace FinalAccounts.Web.Endpoints;

/// <summary>
/// The caller's own tokens and password, and the administrator's revocation, disabling and enabling of users.
/// Each ends sessions and tokens at once (ADR 0011) and is audited.
/// </summary>
public static class AccountApi
{
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        var own = app.MapGroup("/api/auth").WithTags("账户 Accounts").RequireAuthorization();
        own.MapGet("/tokens", ListTokens).WithSummary("列出自己的访问令牌 / List your own personal access tokens");
        own.MapDelete("/tokens/{id:guid}", RevokeToken).WithSummary("吊销自己的一个访问令牌 / Revoke one of your tokens");
        own.MapDelete("/tokens", RevokeAllTokens).WithSummary("吊销自己的全部访问令牌 / Revoke all your tokens");
        own.MapPost("/password", ChangePassword).WithSummary("修改密码并结束其他登录和令牌 / Change your password; ends your other sessions and tokens");

        var admin = app.MapGroup("/api/users/{userName}").WithTags("管理 Administration").RequireAuthorization();
        admin.MapDelete("/tokens", RevokeUserAccess).WithSummary("吊销用户的全部令牌和网页登录（管理员）/ Revoke all of a user's tokens and sessions (admin)");
        admin.MapPost("/disable", Disable).WithSummary("停用用户，立即结束其登录和令牌（管理员）/ Disable a user (admin)");
        admin.MapPost("/enable", Enable).WithSummary("启用用户（管理员）/ Enable a user (admin)");
        return app;
    }

    private static async Task<IResult> ListTokens(AccountService accounts, HttpContext context)
    {
        var tokens = await accounts.ListTokensAsync(AuthSetup.CallerOf(context));
        var current = CurrentToken(context);
        return Results.Ok(tokens.Select(t => new
        {
            id = t.Id,
            name = t.Name,
            created = t.CreatedAt,
            expires = t.ExpiresAt,
            lastUsed = t.LastUsedAt,
            revoked = t.RevokedAt,
            current = t.Id == current,
        }));
    }

    private static async Task<IResult> RevokeToken(Guid id, AccountService accounts, HttpContext context)
    {
        var result = await accounts.RevokeTokenAsync(AuthSetup.CallerOf(context), id);
        return result.IsSuccess ? Results.NoContent() : ApiProblems.From(result.Errors);
    }

    private static async Task<IResult> RevokeAllTokens(AccountService accounts, HttpContext context) =>
        Results.Ok(new { revoked = await accounts.RevokeAllTokensAsync(AuthSetup.CallerOf(context)) });

    private static async Task<IResult> ChangePassword(PasswordChangeRequest request, AccountService accounts, SignInManager<AppUser> signIn, HttpContext context)
    {
        var session = Guid.TryParse(context.User.FindFirstValue(AccountClaims.Session), out var s) ? s : (Guid?)null;
        var result = await accounts.ChangePasswordAsync(AuthSetup.CallerOf(context), request.CurrentPassword ?? "", request.NewPassword ?? "", session, CurrentToken(context));
        if (!result.IsSuccess)
        {
            return ApiProblems.From(result.Errors);
        }

        if (session is { } kept)
        {
            // The new security stamp ends every cookie, this one too: re-issue it for the same session.
            await signIn.SignInWithClaimsAsync(result.Value, isPersistent: false, [new Claim(AccountClaims.Session, kept.ToString())]);
        }

        return Results.NoContent();
    }

    private static async Task<IResult> RevokeUserAccess(string userName, AccountService accounts, HttpContext context)
    {
        var result = await accounts.RevokeUserAccessAsync(AuthSetup.CallerOf(context), userName);
        return result.IsSuccess ? Results.Ok(new { revoked = result.Value }) : ApiProblems.From(result.Errors);
    }

    private static Task<IResult> Disable(string userName, AccountService accounts, HttpContext context) => SetDisabled(userName, true, accounts, context);

    private static Task<IResult> Enable(string userName, AccountService accounts, HttpContext context) => SetDisabled(userName, false, accounts, context);

    private static async Task<IResult> SetDisabled(string userName, bool disabled, AccountService accounts, HttpContext context)
    {
        var result = await accounts.SetDisabledAsync(AuthSetup.CallerOf(context), userName, disabled);
        return result.IsSuccess ? Results.Ok(new { userName, disabled = result.Value }) : ApiProblems.From(result.Errors);
    }

    private static Guid? CurrentToken(HttpContext context) =>
        Guid.TryParse(context.User.FindFirstValue(AccountClaims.Token), out var id) ? id : null;
}

public sealed record PasswordChangeRequest(string? CurrentPassword, string? NewPassword);
