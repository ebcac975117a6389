using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Threading.RateLimiting;
using FinalAccounts.Infrastructure.Accounts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FinalAccounts.Web.Auth;

/// <summary>Marks an endpoint (the token endpoint, the login page) whose POSTs are sign-in attempts.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SignInAttemptAttribute : Attribute;

/// <summary>
/// Rate limits on sign-in attempts, per client address and per submitted user name (ADR 0011): over either limit the
/// request is answered 429 with <c>Retry-After</c> before any password is hashed or anything audited.
/// Limits: <c>FinalAccounts:Auth:AttemptsPerAddress</c>, <c>AttemptsPerUserName</c>, <c>AttemptWindowSeconds</c>.
/// </summary>
public static class SignInThrottling
{
    private const string UserNameKey = "fa:sign-in-user";
    private const int MaxBodyToRead = 16 * 1024;

    public static IServiceCollection AddSignInThrottling(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AuthOptions>>((options, auth) =>
        {
            var window = TimeSpan.FromSeconds(auth.Value.AttemptWindowSeconds);
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                Partitioned(context => "address:" + AuthSetup.CallerOf(context).Address, auth.Value.AttemptsPerAddress, window),
                Partitioned(context => "user:" + (context.Items[UserNameKey] as string ?? ""), auth.Value.AttemptsPerUserName, window));
            options.OnRejected = (rejected, _) => RejectAsync(rejected, window);
        });
        return services;
    }

    /// <summary>Reads the submitted user name of a sign-in attempt, then applies the limits. After routing.</summary>
    public static IApplicationBuilder UseSignInThrottling(this IApplicationBuilder app) => app
        .Use(async (context, next) =>
        {
            if (IsAttempt(context))
            {
                context.Items[UserNameKey] = (await SubmittedUserNameAsync(context.Request)).Trim().ToUpperInvariant();
            }

            await next(context);
        })
        .UseRateLimiter();

    private static PartitionedRateLimiter<HttpContext> Partitioned(Func<HttpContext, string> key, int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context => IsAttempt(context)
            ? RateLimitPartition.GetFixedWindowLimiter(key(context), _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 })
            : RateLimitPartition.GetNoLimiter(""));

    private static bool IsAttempt(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.GetEndpoint()?.Metadata.GetMetadata<SignInAttemptAttribute>() is not null;

    private static async Task<string> SubmittedUserNameAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted); // cached: the page reads it again
            return form["Input.UserName"].FirstOrDefault() ?? form["userName"].FirstOrDefault() ?? "";
        }

        if (request.ContentLength is > MaxBodyToRead)
        {
            return "";
        }

        request.EnableBuffering();
        try
        {
            using var json = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, "userName", StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.String } name
                ? name.Value.GetString() ?? ""
                : "";
        }
        catch (JsonException)
        {
            return ""; // the endpoint answers the malformed body itself
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, TimeSpan window)
    {
        var context = rejected.HttpContext;
        var seconds = (int)Math.Ceiling((rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : window).TotalSeconds);
        seconds = Math.Max(seconds, 1);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var detail = $"登录尝试过于频繁，请 {seconds} 秒后再试。";
        if (ErrorResponses.IsApi(context))
        {
            await Results.Problem(title: "请求过于频繁", detail: detail, statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context);
            return;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>请求过于频繁 - 部门决算公开平台</title></head>" +
            $"<body><main><h1>请求过于频繁</h1><p role=\"alert\">{WebUtility.HtmlEncode(detail)}</p><p><a href=\"/account/login\">返回登录页</a></p></main></body></html>",
            context.RequestAborted);
    }
}
