using System.Security.Claims;
using FinalAccounts.Application.Accounts;
using FinalAccounts.Domain.Common;
using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
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
        own.MapDelete("/tokens/{id:guid}", RevokeToken).WithSummary("吊销自己的一个访问令牌 / Revoke one of your tokens")
            .ProducesProblem(StatusCodes.Status404NotFound);
        own.MapDelete("/tokens", RevokeAllTokens).WithSummary("吊销自己的全部访问令牌 / Revoke all your tokens");
        own.MapPost("/password", ChangePassword).WithSummary("修改密码并结束其他登录和令牌 / Change your password; ends your other sessions and tokens");

        app.MapGroup("/api/users").WithTags("管理 Administration").RequireAuthorization()
            .MapGet("", ListUsers).WithSummary("列出和查找用户（管理员；q 按用户名、姓名、部门、地区查找）/ List and search users (admin)");
        var admin = app.MapGroup("/api/users/{userName}").WithTags("管理 Administration").RequireAuthorization();
        admin.MapGet("", GetUser).WithSummary("读取一个用户（管理员）/ Read a user (admin)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPut("", UpdateUser).WithSummary("修改用户的姓名、角色、部门和地区，立即结束其登录和令牌（管理员）/ Change a user's roles and bindings (admin)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/password", ResetPassword).WithSummary("重置用户密码，结束其全部登录和令牌（管理员）/ Reset a user's password (admin)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapDelete("/tokens", RevokeUserAccess).WithSummary("吊销用户的全部令牌和网页登录（管理员）/ Revoke all of a user's tokens and sessions (admin)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/disable", Disable).WithSummary("停用用户，立即结束其登录和令牌（管理员）/ Disable a user (admin)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/enable", Enable).WithSummary("启用用户（管理员）/ Enable a user (admin)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<List<TokenDto>>> ListTokens(ListTokens useCase, HttpContext context)
    {
        var tokens = (await useCase.ExecuteAsync(AuthSetup.CallerOf(context))).Value;
        var current = CurrentToken(context);
        return TypedResults.Ok(tokens.Select(t => new TokenDto(t.Id, t.Name, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt, t.Id == current)).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeToken(Guid id, RevokeToken useCase, HttpContext context)
    {
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), id);
        return result.IsSuccess ? TypedResults.NoContent() : ApiProblems.From(result.Errors);
    }

    private static async Task<Ok<RevokedDto>> RevokeAllTokens(RevokeAllTokens useCase, HttpContext context) =>
        TypedResults.Ok(new RevokedDto((await useCase.ExecuteAsync(AuthSetup.CallerOf(context))).Value.Count));

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangePassword(PasswordChangeRequest request, ChangePassword useCase, SignInManager<AppUser> signIn, HttpContext context)
    {
        var session = Guid.TryParse(context.User.FindFirstValue(AccountClaims.Session), out var s) ? s : (Guid?)null;
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), request.CurrentPassword ?? "", request.NewPassword ?? "", session, CurrentToken(context));
        if (!result.IsSuccess)
        {
            return ApiProblems.From(result.Errors);
        }

        if (session is { } kept)
        {
            // The new security stamp ends every cookie, this one too: re-issue it for the same session.
            await signIn.SignInWithClaimsAsync(result.Value, isPersistent: false, [new Claim(AccountClaims.Session, kept.ToString())]);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<RevokedDto>, ProblemHttpResult>> RevokeUserAccess(string userName, RevokeUserAccess useCase, HttpContext context)
    {
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), userName);
        return result.IsSuccess ? TypedResults.Ok(new RevokedDto(result.Value.Count)) : ApiProblems.From(result.Errors);
    }

    private static Task<Results<Ok<UserStateDto>, ProblemHttpResult>> Disable(string userName, SetUserDisabled useCase, HttpContext context) => SetDisabled(userName, true, useCase, context);

    private static Task<Results<Ok<UserStateDto>, ProblemHttpResult>> Enable(string userName, SetUserDisabled useCase, HttpContext context) => SetDisabled(userName, false, useCase, context);

    private static async Task<Results<Ok<UserStateDto>, ProblemHttpResult>> SetDisabled(string userName, bool disabled, SetUserDisabled useCase, HttpContext context)
    {
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), userName, disabled);
        return result.IsSuccess ? TypedResults.Ok(new UserStateDto(result.Value.UserName, result.Value.Disabled)) : ApiProblems.From(result.Errors);
    }

    private static async Task<Results<Ok<List<UserSummaryDto>>, ProblemHttpResult>> ListUsers(string? q, ListUsers useCase, HttpContext context)
    {
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), q, context.RequestAborted);
        return result.IsSuccess ? TypedResults.Ok(result.Value.Select(UserSummaryDto.From).ToList()) : ApiProblems.From(result.Errors);
    }

    private static async Task<Results<Ok<UserSummaryDto>, ProblemHttpResult>> GetUser(string userName, ListUsers useCase, HttpContext context)
    {
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), userName, context.RequestAborted);
        if (!result.IsSuccess)
        {
            return ApiProblems.From(result.Errors);
        }

        return result.Value.FirstOrDefault(u => u.UserName == userName) is { } user
            ? TypedResults.Ok(UserSummaryDto.From(user))
            : ApiProblems.From([new DomainError("user.not_found", $"用户“{userName}”不存在")]);
    }

    private static async Task<Results<Ok<UserSummaryDto>, ProblemHttpResult>> UpdateUser(string userName, UserUpdateRequest request, UpdateUser useCase, HttpContext context)
    {
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), userName, request.Roles ?? [], request.Departments, request.Region, request.DisplayName, context.RequestAborted);
        return result.IsSuccess ? TypedResults.Ok(UserSummaryDto.From(result.Value)) : ApiProblems.From(result.Errors);
    }

    private static async Task<Results<Ok<UserStateDto>, ProblemHttpResult>> ResetPassword(string userName, PasswordResetRequest request, ResetPassword useCase, HttpContext context)
    {
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), userName, request.NewPassword ?? "");
        return result.IsSuccess ? TypedResults.Ok(new UserStateDto(result.Value.UserName, result.Value.Disabled)) : ApiProblems.From(result.Errors);
    }

    private static Guid? CurrentToken(HttpContext context) =>
        Guid.TryParse(context.User.FindFirstValue(AccountClaims.Token), out var id) ? id : null;
}

public sealed record PasswordChangeRequest(string? CurrentPassword, string? NewPassword);

/// <summary>One of the caller's tokens (never the token itself); <c>current</c> marks the one this request came with.</summary>
public sealed record TokenDto(Guid Id, string Name, DateTimeOffset Created, DateTimeOffset Expires, DateTimeOffset? LastUsed, DateTimeOffset? Revoked, bool Current);

/// <summary>How many tokens and sessions a revocation ended.</summary>
public sealed record RevokedDto(int Revoked);

/// <summary>A user after being disabled or enabled.</summary>
public sealed record UserStateDto(string UserName, bool Disabled);

/// <summary>A user as administrators see them.</summary>
public sealed record UserSummaryDto(string UserName, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Departments, string? Region, bool Disabled)
{
    public static UserSummaryDto From(UserSummary user) => new(user.UserName, user.DisplayName, user.Roles, user.Departments, user.Region, user.Disabled);
}

/// <summary>What an administrator may change of a user: every field is replaced (roles, departments, region).</summary>
public sealed record UserUpdateRequest(IReadOnlyList<string>? Roles, IReadOnlyList<string>? Departments, string? Region, string? DisplayName);

/// <summary>The new password an administrator sets for a user.</summary>
public sealed record PasswordResetRequest(string? NewPassword);
