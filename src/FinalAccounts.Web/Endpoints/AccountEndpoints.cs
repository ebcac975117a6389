using System.Security.Claims;
using FinalAccounts.Application.Accounts;
using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Web.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace FinalAccounts.Web.Endpoints;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post (the form carries the antiforgery token, which binding [FromForm] validates).
        // The session record is revoked, not just the cookie deleted: a copy of the cookie stops working at once.
        app.MapPost("/account/logout", async ([FromForm] string? returnUrl, SignInManager<AppUser> signIn, SignOut useCase, HttpContext context) =>
        {
            var caller = AuthSetup.CallerOf(context);
            var session = Guid.TryParse(context.User.FindFirstValue(AccountClaims.Session), out var id) ? id : (Guid?)null;
            await signIn.SignOutAsync();
            await useCase.ExecuteAsync(caller, session, "网页退出");
            return TypedResults.LocalRedirect(returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) ? url : "/");
        }).ExcludeFromDescription();
        return app;
    }
}
