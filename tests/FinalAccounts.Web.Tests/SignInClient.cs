using System.Net;
using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FinalAccounts.Web.Tests;

/// <summary>Signs in through the real login form and keeps the cookies by hand, so a test can replay an old cookie.</summary>
public static partial class SignInClient
{
    /// <summary>Posts the login form; the response and the cookies to send afterwards (auth + antiforgery).</summary>
    public static Task<(HttpResponseMessage Response, string Cookies)> PostLoginAsync(HttpClient client, string user, string password, string? address = null) =>
        PostLoginAsync(client, client, user, password, address);

    /// <summary>The form from one server, the post to another (several nodes behind a load balancer).</summary>
    public static async Task<(HttpResponseMessage Response, string Cookies)> PostLoginAsync(HttpClient formClient, HttpClient client, string user, string password, string? address = null)
    {
        var page = await Send(formClient, HttpMethod.Get, "/account/login", null, null, address);
        var token = Antiforgery().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        var cookies = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var response = await Send(client, HttpMethod.Post, "/account/login", cookies, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = user,
            ["Input.Password"] = password,
        }), address);
        var auth = response.Headers.TryGetValues("Set-Cookie", out var set) ? set.Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith("finalaccounts.auth=", StringComparison.Ordinal)) : null;
        return (response, auth is null ? cookies : $"{cookies}; {auth}");
    }

    /// <summary>A client that sends exactly these cookies and follows no redirects.</summary>
    public static HttpClient WithCookies(WebApplicationFactory<Program> portal, string cookies)
    {
        var client = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookies);
        return client;
    }

    public static async Task<HttpClient> SignInAsync(WebApplicationFactory<Program> portal, string user, string password)
    {
        var client = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var (response, cookies) = await PostLoginAsync(client, user, password);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return WithCookies(portal, cookies);
    }

    /// <summary>The antiforgery token of a page's form (e.g. the logout form in the layout).</summary>
    public static string FormToken(string html) => Antiforgery().Match(html).Groups[1].Value;

    public static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, string? cookies, HttpContent? content, string? address)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (cookies is not null)
        {
            request.Headers.Add("Cookie", cookies);
        }

        if (address is not null)
        {
            request.Headers.Add(ClientAddressFromHeader.Header, address);
        }

        return client.SendAsync(request);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}

/// <summary>
/// Test-only: takes the client address from a request header, so one in-process server can see several addresses.
/// Registered by the tests (<c>ConfigureTestServices</c>), never by the product.
/// </summary>
public sealed class ClientAddressFromHeader : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var value) && IPAddress.TryParse(value, out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
