using System.Net;
using FinalAccounts.Infrastructure.Configuration;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace FinalAccounts.Web.Security;

/// <summary>
/// Browser hardening on every response (pages, API, static files, error pages), HSTS outside Development, and the
/// reverse proxy's <c>X-Forwarded-For/Proto</c> trusted only from the configured proxies. See docs/adr/0012.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Pages: scripts only from this site (blazor.web.js, MudBlazor.min.js, js/grid.js) — no inline script, no eval.
    /// Styles from this site plus inline styles: MudBlazor's theme provider writes its CSS variables in a &lt;style&gt;
    /// element and its components set style attributes (popover positions, grid columns), and Blazor cannot give them a
    /// nonce. One policy for every page, because enhanced navigation keeps the first document's policy (ADR 0012).
    /// connect-src 'self' covers Blazor's same-origin WebSocket.
    /// </summary>
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Swagger UI (Swashbuckle 10): its index.html carries an inline &lt;style&gt; block and the React UI sets style
    /// attributes, so styles need 'unsafe-inline' here — scripts stay 'self' only. Its logo and icons are data: images.
    /// </summary>
    public const string SwaggerPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>JSON, files and downloads are never documents to run anything in.</summary>
    public const string DataPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public static IServiceCollection AddFinalAccountsSecurity(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<FinalAccountsOptions>>((options, settings) =>
        {
            // Host is not taken from the proxy: the proxy passes the browser's Host header through (README, 部署).
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            var (proxies, networks) = (settings.Value.ForwardedHeaders.KnownProxies, settings.Value.ForwardedHeaders.KnownNetworks);
            if (proxies.Length + networks.Length == 0)
            {
                return; // ASP.NET Core's default: only a proxy on the same machine (loopback) is believed.
            }

            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = false; // the portal may share a parent domain with sites it does not control
        });
        services.AddAntiforgery(options => options.HeaderName = CsrfProtection.HeaderName);
        return services;
    }

    /// <summary>First in the pipeline: the scheme is known (proxy), then every response gets the headers.</summary>
    public static IApplicationBuilder UseFinalAccountsSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        return app.Use((context, next) =>
        {
            // On starting, so error pages and re-executed status pages (which clear the headers) carry them too.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin"; // other sites learn nothing, not even that a link came from here
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers.ContentSecurityPolicy = PolicyFor(context);
                return Task.CompletedTask;
            });
            return next(context);
        });
    }

    private static string PolicyFor(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/swagger"))
        {
            return SwaggerPolicy;
        }

        var type = context.Response.ContentType;
        return type is null || type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) ? PagePolicy : DataPolicy;
    }
}
