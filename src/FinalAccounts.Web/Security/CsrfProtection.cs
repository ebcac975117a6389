using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FinalAccounts.Web.Security;

/// <summary>
/// Cross-site request forgery defence for everything a sign-in cookie can do. A state-changing request (not
/// GET/HEAD/OPTIONS/TRACE) that carries the auth cookie and no <c>Authorization: Bearer</c> header must
/// (1) come from this site if the browser says where it comes from (<c>Origin</c>, else <c>Referer</c>), and
/// (2) prove it: a valid antiforgery token (header <see cref="HeaderName"/> or the form field of our own forms), or the
/// browser's own <c>Sec-Fetch-Site: same-origin</c>, which no page can forge. Bearer tokens are never sent by a
/// browser on its own, so token clients are untouched. A WebSocket (Blazor's circuit) must open from this site.
/// See docs/adr/0012.
/// </summary>
public static class CsrfProtection
{
    public const string HeaderName = "X-CSRF-TOKEN";

    public static IApplicationBuilder UseCsrfProtection(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var refusal = await RefusalAsync(context);
        if (refusal is null)
        {
            await next(context);
            return;
        }

        await Results.Problem(title: "跨站请求被拒绝", detail: refusal, statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
    });

    /// <summary>
    /// <c>GET /api/auth/csrf</c>: the token for scripts and tools that call the API with the sign-in cookie. Only a
    /// page of this site can read it (no CORS), and it is bound to the signed-in user.
    /// </summary>
    public static IEndpointRouteBuilder MapCsrfToken(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/auth/csrf", (IAntiforgery antiforgery, HttpContext context) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(context);
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(new CsrfTokenDto(HeaderName, tokens.RequestToken));
        }).WithSummary("防伪令牌（用登录 Cookie 调用写接口时放在 X-CSRF-TOKEN 请求头）/ Antiforgery token for cookie callers");
        return app;
    }

    private static async Task<string?> RefusalAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.Upgrade.Any(u => string.Equals(u, "websocket", StringComparison.OrdinalIgnoreCase)))
        {
            return ForeignSource(request) is { } foreign ? $"不接受来自 {foreign} 的 WebSocket 连接" : null;
        }

        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method)
            || request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var cookie = context.RequestServices.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme).Cookie.Name!;
        if (!request.Cookies.ContainsKey(cookie))
        {
            return null; // nothing a forged request could ride on
        }

        if (ForeignSource(request) is { } source)
        {
            return $"跨站请求被拒绝：请求来自 {source}，不是本站页面。";
        }

        var sameOrigin = string.Equals(request.Headers["Sec-Fetch-Site"], "same-origin", StringComparison.OrdinalIgnoreCase);
        // Blazor's own circuit handshake (negotiate, disconnect) sends no token; from a page of this site it is fine.
        var circuit = request.Path.StartsWithSegments("/_blazor") && request.Headers.Origin.Count > 0;
        if (sameOrigin || circuit || await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            return null;
        }

        return $"跨站请求被拒绝：用登录 Cookie 修改数据时须带有效的防伪令牌（请求头 {HeaderName}，可从 GET /api/auth/csrf 取得）；程序调用请改用个人访问令牌（Authorization: Bearer）。";
    }

    /// <summary>The origin the browser names for this request when it is not this site; null when same or unnamed.</summary>
    private static string? ForeignSource(HttpRequest request)
    {
        var named = request.Headers.Origin.ToString() is { Length: > 0 } origin ? origin : request.Headers.Referer.ToString();
        if (named.Length == 0)
        {
            return null;
        }

        if (!Uri.TryCreate(named, UriKind.Absolute, out var uri))
        {
            return named.Length > 100 ? named[..100] : named; // "null" (sandboxed frames, privacy redirects) included
        }

        var port = request.Host.Port ?? (request.IsHttps ? 443 : 80);
        var same = string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
            && uri.Port == port;
        return same ? null : uri.GetLeftPart(UriPartial.Authority);
    }
}

/// <summary>The antiforgery token and the request header to send it in.</summary>
public sealed record CsrfTokenDto(string HeaderName, string? Token);
