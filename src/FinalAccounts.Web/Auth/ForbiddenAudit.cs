using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Auditing;
using FinalAccounts.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Web.Auth;

/// <summary>
/// Every refused attempt — a 403 from any endpoint (ApiProblems' <c>*forbidden</c> codes, the authorization
/// middleware's policies) or a page's redirect to the access-denied page — writes one audit row: who, from where,
/// method and path, and why. One middleware around everything, so no endpoint can forget it.
/// </summary>
public static class ForbiddenAudit
{
    private const string ReasonKey = "fa:forbidden-reason";
    private const string AuditedKey = "fa:forbidden-audited";

    /// <summary>Why a request is being refused; set where the decision is made, written by the middleware.</summary>
    public static void Note(HttpContext context, string reason) => context.Items[ReasonKey] = reason;

    public static IApplicationBuilder UseForbiddenAudit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        // Once per request: a page's 403 is re-executed through this pipeline as the error page.
        if ((context.Response.StatusCode != StatusCodes.Status403Forbidden && !context.Items.ContainsKey(ReasonKey)) || !context.Items.TryAdd(AuditedKey, true))
        {
            return;
        }

        var caller = AuthSetup.CallerOf(context);
        var reason = context.Items[ReasonKey] as string is { Length: > 0 } noted ? noted : "无权执行此操作";
        var contexts = context.RequestServices.GetRequiredService<IDbContextFactory<FinalAccountsDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        db.AuditEntries.Add(new AuditEntry(context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(), caller.UserName, caller.Address, AuditActions.Forbidden,
            $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}：{reason}"));
        await db.SaveChangesAsync(CancellationToken.None);
    });

    /// <summary>Notes which requirement the authorization middleware found unmet, then answers as usual.</summary>
    internal sealed class ResultHandler : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler _default = new();

        public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
        {
            if (authorizeResult.Forbidden)
            {
                var unmet = authorizeResult.AuthorizationFailure?.FailedRequirements.Select(r => r is RolesAuthorizationRequirement roles
                    ? "需要角色 " + string.Join("、", roles.AllowedRoles.Select(Roles.ToChinese))
                    : r.ToString()).ToList() ?? [];
                Note(context, "授权策略未满足" + (unmet.Count > 0 ? "：" + string.Join("；", unmet) : ""));
            }

            return _default.HandleAsync(next, context, policy, authorizeResult);
        }
    }
}
