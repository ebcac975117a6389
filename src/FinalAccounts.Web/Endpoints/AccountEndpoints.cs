using FinalAccounts.Domain.Auditing;
using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Web.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Web.Endpoints;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post (the form carries the antiforgery token, which binding [FromForm] validates).
        app.MapPost("/account/logout", async ([FromForm] string? returnUrl, SignInManager<AppUser> signIn, IDbContextFactory<FinalAccountsDbContext> contexts, TimeProvider clock, HttpContext context) =>
        {
            var caller = AuthSetup.CallerOf(context);
            await signIn.SignOutAsync();
            await using var db = await contexts.CreateDbContextAsync();
            db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), caller.UserName, caller.Address, AuditActions.Logout, "网页退出"));
            await db.SaveChangesAsync();
            return Results.LocalRedirect(returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) ? url : "/");
        }).ExcludeFromDescription();
        return app;
    }
}
