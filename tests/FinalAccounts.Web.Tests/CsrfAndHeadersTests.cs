using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FinalAccounts.Tests.Shared;
using FluentAssertions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// Issue 9: a signed-in browser must not be made to approve or publish by another site (CSRF), and every response
/// carries the browser hardening headers (CSP, nosniff, frame and referrer policy; HSTS in production).
/// </summary>
public abstract partial class CsrfAndHeadersTests(PortalFixture fixture)
{
    private const string Foreign = "https://evil.example";

    [Fact]
    public async Task A_foreign_site_cannot_approve_or_publish_with_the_sign_in_cookie()
    {
        var s = await SubmittedAsync();
        var reviewer = await SignInAsync($"reviewer-{s.Suffix}");

        var approve = await reviewer.SendAsync(Post($"{s.Base()}/approve", ("Origin", Foreign)));
        var viaReferer = await reviewer.SendAsync(Post($"{s.Base()}/approve", ("Referer", Foreign + "/attack.html")));

        approve.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await Scenario.ProblemAsync(approve)).GetProperty("detail").GetString().Should().Contain("跨站请求被拒绝").And.Contain(Foreign);
        viaReferer.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await StatusAsync(s)).Should().Be("Submitted", "the forged approval changed nothing");

        (await s.As["reviewer"].PostAsync($"{s.Base()}/approve", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var publish = await reviewer.SendAsync(Post($"{s.Base()}/publish", ("Origin", Foreign)));
        publish.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await StatusAsync(s)).Should().Be("Approved", "the forged publication changed nothing");
    }

    [Fact]
    public async Task A_cookie_request_without_origin_needs_the_antiforgery_token()
    {
        var s = await SubmittedAsync();
        var reviewer = await SignInAsync($"reviewer-{s.Suffix}");

        var bare = await reviewer.SendAsync(Post($"{s.Base()}/approve"));
        var forgedToken = await reviewer.SendAsync(Post($"{s.Base()}/approve", ("X-CSRF-TOKEN", "not-a-token")));

        bare.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await Scenario.ProblemAsync(bare)).GetProperty("detail").GetString().Should().Contain("防伪令牌").And.Contain("X-CSRF-TOKEN");
        forgedToken.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await StatusAsync(s)).Should().Be("Submitted");
    }

    [Fact]
    public async Task This_site_with_the_token_or_the_browsers_same_origin_mark_may_approve_and_publish()
    {
        var s = await SubmittedAsync();
        var reviewer = await SignInAsync($"reviewer-{s.Suffix}");
        var token = await reviewer.TokenAsync();

        var approve = await reviewer.SendAsync(Post($"{s.Base()}/approve", ("Origin", "http://localhost"), ("X-CSRF-TOKEN", token)));
        approve.StatusCode.Should().Be(HttpStatusCode.OK, await approve.Content.ReadAsStringAsync());
        var publish = await reviewer.SendAsync(Post($"{s.Base()}/publish", ("Origin", "http://localhost"), ("Sec-Fetch-Site", "same-origin")));
        publish.StatusCode.Should().Be(HttpStatusCode.OK, await publish.Content.ReadAsStringAsync());
        (await StatusAsync(s)).Should().Be("Published");
    }

    [Fact]
    public async Task Personal_access_tokens_are_not_subject_to_the_cookie_rules()
    {
        var s = await SubmittedAsync();
        using var request = Post($"{s.Base()}/approve", ("Origin", Foreign));

        var approve = await s.As["reviewer"].SendAsync(request);

        approve.StatusCode.Should().Be(HttpStatusCode.OK, "a bearer token is never sent by a browser on its own");
        (await StatusAsync(s)).Should().Be("Approved");
    }

    [Fact]
    public async Task Sign_out_still_works_from_our_form_and_not_from_a_foreign_one()
    {
        var reviewer = await SignInAsync("reviewer");
        using var workspace = new HttpRequestMessage(HttpMethod.Get, "/workspace");
        var page = await (await reviewer.SendAsync(workspace)).Content.ReadAsStringAsync();
        var form = new Dictionary<string, string> { ["__RequestVerificationToken"] = FormToken().Match(page).Groups[1].Value };

        using var foreign = new HttpRequestMessage(HttpMethod.Post, "/account/logout") { Content = new FormUrlEncodedContent(form) };
        foreign.Headers.Add("Origin", Foreign);
        (await reviewer.SendAsync(foreign)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        using var own = new HttpRequestMessage(HttpMethod.Post, "/account/logout") { Content = new FormUrlEncodedContent(form) };
        own.Headers.Add("Origin", "http://localhost");
        var signedOut = await reviewer.SendAsync(own);
        signedOut.StatusCode.Should().Be(HttpStatusCode.Redirect, await signedOut.Content.ReadAsStringAsync());
        signedOut.Headers.GetValues("Set-Cookie").Should().Contain(c => c.StartsWith("finalaccounts.auth=;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_circuit_websocket_cannot_be_opened_from_a_foreign_page()
    {
        using var client = fixture.Portal.CreateClient();
        using var foreign = new HttpRequestMessage(HttpMethod.Get, "/_blazor?id=x");
        foreign.Headers.Add("Upgrade", "websocket");
        foreign.Headers.Add("Origin", Foreign);

        var response = await client.SendAsync(foreign);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await Scenario.ProblemAsync(response)).GetProperty("detail").GetString().Should().Contain("WebSocket").And.Contain(Foreign);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/reports/jdz-zwsjglj/2023")]
    [InlineData("/api/departments")]
    [InlineData("/css/app.css")]
    [InlineData("/swagger/index.html")]
    [InlineData("/no-such-page")]
    public async Task Every_response_carries_the_hardening_headers(string path)
    {
        using var client = fixture.Portal.CreateClient();

        var response = await client.GetAsync(path);

        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.GetValues("X-Frame-Options").Should().Equal("DENY");
        response.Headers.GetValues("Referrer-Policy").Should().Equal("same-origin");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.Should().Contain("frame-ancestors 'none'");
        var script = Directive(csp, "script-src") ?? Directive(csp, "default-src")!;
        script.Should().NotContain("unsafe-inline").And.NotContain("unsafe-eval").And.NotContain("*");
        response.Headers.Contains("Strict-Transport-Security").Should().BeFalse("HSTS is for production behind HTTPS, not development");
    }

    [Fact]
    public async Task Pages_get_a_strict_content_security_policy()
    {
        using var client = fixture.Portal.CreateClient();

        var csp = (await client.GetAsync("/reports/jdz-zwsjglj/2023")).Headers.GetValues("Content-Security-Policy").Single();

        Directive(csp, "script-src").Should().Be("script-src 'self'");
        Directive(csp, "style-src").Should().Be("style-src 'self' 'unsafe-inline'", "MudBlazor's theme and components need inline styles (ADR 0012); nothing more");
        Directive(csp, "object-src").Should().Be("object-src 'none'");
        Directive(csp, "base-uri").Should().Be("base-uri 'self'");
        Directive(csp, "form-action").Should().Be("form-action 'self'");
        Directive(csp, "connect-src").Should().Be("connect-src 'self'");
    }

    private static string? Directive(string csp, string name) =>
        csp.Split(';', StringSplitOptions.TrimEntries).SingleOrDefault(d => d.StartsWith(name + " ", StringComparison.Ordinal));

    private static HttpRequestMessage Post(string url, params (string Name, string Value)[] headers)
    {
        // What a hostile page can send with an HTML form: a url-encoded body and no custom headers of its own.
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "1" }) };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return request;
    }

    private async Task<Scenario> SubmittedAsync()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        await s.SubmitAsync();
        return s;
    }

    private static async Task<string> StatusAsync(Scenario s) =>
        (await s.As["reviewer"].GetFromJsonAsync<JsonElement>($"{s.Base()}/overview")).GetProperty("status").GetString()!;

    /// <summary>Signs in through the real login form and keeps the cookies by hand, as a browser would.</summary>
    private async Task<CookieSession> SignInAsync(string user)
    {
        var session = new CookieSession(fixture.Portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }));
        var page = await session.Client.GetAsync("/account/login");
        session.Keep(page);
        using var login = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = FormToken().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value,
                ["Input.UserName"] = user,
                ["Input.Password"] = user.Contains('-') ? Scenario.Password : "Demo#2023pass",
            }),
        };
        (await session.SendAsync(login)).StatusCode.Should().Be(HttpStatusCode.Redirect, "the sign-in succeeds");
        session.Cookies.Should().ContainKey("finalaccounts.auth");
        return session;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    private sealed class CookieSession(HttpClient client)
    {
        public HttpClient Client { get; } = client;
        public Dictionary<string, string> Cookies { get; } = [];

        public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
            var response = await Client.SendAsync(request);
            Keep(response);
            return response;
        }

        public async Task<string> TokenAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/csrf");
            var response = await SendAsync(request);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        }

        public void Keep(HttpResponseMessage response)
        {
            foreach (var cookie in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = cookie.Split(';')[0].Split('=', 2);
                Cookies[pair[0]] = pair[1];
            }
        }
    }
}

public sealed class CsrfAndHeadersSqliteTests(SharedSqlitePortal fixture) : CsrfAndHeadersTests(fixture), IClassFixture<SharedSqlitePortal>;

public sealed class CsrfAndHeadersPostgresTests(SharedPostgresPortal fixture) : CsrfAndHeadersTests(fixture), IClassFixture<SharedPostgresPortal>;

/// <summary>HSTS only over HTTPS in production, and X-Forwarded-Proto believed only from the configured proxy.</summary>
public sealed class HstsTests : IAsyncLifetime
{
    private readonly string _database = TestDatabases.NewSqlite();
    private PortalFactory _portal = default!;

    public Task InitializeAsync()
    {
        _portal = new PortalFactory(_database)
        {
            Environment = "Production",
            Settings = new Dictionary<string, string>
            {
                ["FinalAccounts:AdminPassword"] = "Prod#admin2024",
                ["FinalAccounts:ForwardedHeaders:KnownProxies:0"] = "10.0.0.1",
            },
        };
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Production_over_https_sends_strict_transport_security()
    {
        using var client = _portal.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://fa.example.gov.cn") });

        var response = await client.GetAsync("/");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("Strict-Transport-Security").Single().Should().Be("max-age=31536000");
    }

    [Fact]
    public async Task X_forwarded_proto_counts_only_from_a_known_proxy()
    {
        var fromProxy = await ViaProxyAsync("10.0.0.1");
        var fromElsewhere = await ViaProxyAsync("192.0.2.7");

        fromProxy.Headers.StrictTransportSecurity.ToString().Should().Be("max-age=31536000");
        fromElsewhere.Headers.ContainsKey("Strict-Transport-Security").Should().BeFalse("anyone can claim X-Forwarded-Proto: https");
    }

    private async Task<HttpResponse> ViaProxyAsync(string address)
    {
        var context = await _portal.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Scheme = "http";
            c.Request.Host = new HostString("fa.example.gov.cn");
            c.Request.Path = "/health";
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Request.Headers["X-Forwarded-For"] = "198.51.100.20";
            c.Connection.RemoteIpAddress = IPAddress.Parse(address);
        });
        return context.Response;
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await TestDatabases.DropAsync(_database);
    }
}
