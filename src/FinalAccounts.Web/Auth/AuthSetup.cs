using System.Security.Claims;
using System.Text.Encodings.Web;
using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reports;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FinalAccounts.Web.Auth;

/// <summary>
/// People sign in with a cookie (login page); programs send <c>Authorization: Bearer fa_…</c> personal access tokens
/// from <c>POST /api/auth/token</c>. One policy scheme picks the right one per request.
/// </summary>
public static class AuthSetup
{
    public const string TokenScheme = "Bearer";

    /// <summary>Reviewers and administrators: batch reconciliation and batch export run over many departments.</summary>
    public const string ReviewingPolicy = "reviewing";
    private const string Selector = "cookie-or-token";

    public static IServiceCollection AddFinalAccountsAuth(this IServiceCollection services)
    {
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = Selector;
                options.DefaultChallengeScheme = Selector;
                options.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(Selector, "Cookie or personal access token", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? TokenScheme : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, PersonalAccessTokenHandler>(TokenScheme, null)
            .AddIdentityCookies();

        services.AddIdentityCore<AppUser>(options =>
            {
                options.Password.RequiredLength = 10;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = true;
                // Wrong passwords lock a (user name, address) pair, never the account: LoginGuard, ADR 0011.
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<FinalAccountsDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AppClaimsFactory>()
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddDefaultTokenProviders();

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "finalaccounts.auth";
            options.LoginPath = "/account/login";
            options.AccessDeniedPath = "/account/denied";
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            // The API answers 401/403; only pages redirect to the login page.
            options.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden);
            options.Events.OnValidatePrincipal = ValidateSessionAsync;
        });
        services.Configure<SecurityStampValidatorOptions>(options =>
        {
            // Every request: a password change or disabling (new stamp) ends the cookie at once, on every node.
            options.ValidationInterval = TimeSpan.Zero;
            options.OnRefreshingPrincipal = context =>
            {
                if (context.CurrentPrincipal?.FindFirst(AccountClaims.Session) is { } session && context.NewPrincipal?.Identity is ClaimsIdentity identity)
                {
                    identity.AddClaim(new Claim(AccountClaims.Session, session.Value));
                }

                return Task.CompletedTask;
            };
        });
        // AuthOptions is FinalAccounts:Auth of the one validated FinalAccountsOptions (Infrastructure DependencyInjection).
        services.AddSingleton<DummyPasswordHash>();
        services.AddScoped<LoginGuard>();
        services.AddSingleton<AuditQueries>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ForbiddenAudit.ResultHandler>();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, SessionRevalidatingStateProvider>();
        services.AddSignInThrottling();
        services.AddOptions<ProblemDetailsOptions>().PostConfigure(options =>
        {
            var inner = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                inner?.Invoke(context);
                if (context.ProblemDetails.Status == StatusCodes.Status403Forbidden)
                {
                    ForbiddenAudit.Note(context.HttpContext, context.ProblemDetails.Detail ?? context.ProblemDetails.Title ?? "");
                }
            };
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(ReviewingPolicy, policy => policy.RequireRole(Domain.Accounts.Roles.Admin, Domain.Accounts.Roles.Reviewer));
        services.AddCascadingAuthenticationState();
        services.AddScoped<CallerAccessor>();
        services.AddScoped<ICallerAccessor>(sp => sp.GetRequiredService<CallerAccessor>());
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, CallerCircuitHandler>();
        services.AddScoped<AccountService>();
        services.AddScoped<AccountSeeder>();
        return services;
    }

    /// <summary>Who is calling, and from which address (for the audit log).</summary>
    public static Caller CallerOf(HttpContext context) =>
        new(AccountClaims.ActorOf(context.User), context.Connection.RemoteIpAddress?.ToString() ?? "");

    /// <summary>
    /// A cookie is good only while its session record is active (not logged out, not revoked, user enabled) and the
    /// user's security stamp is unchanged; otherwise the request continues anonymous and the cookie is removed.
    /// </summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var accounts = context.HttpContext.RequestServices.GetRequiredService<AccountService>();
        var userId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null || !Guid.TryParse(context.Principal!.FindFirstValue(AccountClaims.Session), out var session)
            || !await accounts.IsSessionActiveAsync(session, userId, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    private static Task Answer(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Open interactive pages (circuits) re-check their sign-in every minute, so a revoked session stops there too.</summary>
internal sealed class SessionRevalidatingStateProvider(ILoggerFactory logger, IServiceScopeFactory scopes, IOptions<IdentityOptions> identity)
    : Microsoft.AspNetCore.Components.Server.RevalidatingServerAuthenticationStateProvider(logger)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(Microsoft.AspNetCore.Components.Authorization.AuthenticationState state, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var principal = state.User;
        if (principal.Identity?.IsAuthenticated != true)
        {
            return true;
        }

        var user = await users.GetUserAsync(principal);
        return user is not null
            && Guid.TryParse(principal.FindFirstValue(AccountClaims.Session), out var session)
            && await accounts.IsSessionActiveAsync(session, user.Id, cancellationToken)
            && principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType) == await users.GetSecurityStampAsync(user);
    }
}

/// <summary>Authenticates <c>Authorization: Bearer fa_…</c> against the stored hashes of personal access tokens.</summary>
public sealed class PersonalAccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccountService accounts,
    IUserClaimsPrincipalFactory<AppUser> principals) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        if (await accounts.FindByTokenAsync(header["Bearer ".Length..].Trim()) is not { } found)
        {
            return AuthenticateResult.Fail("访问令牌无效、已过期或已吊销");
        }

        var (user, tokenId) = found;

        var principal = await principals.CreateAsync(user);
        var identity = new ClaimsIdentity(principal.Claims, Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(AccountClaims.Token, tokenId.ToString()));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
