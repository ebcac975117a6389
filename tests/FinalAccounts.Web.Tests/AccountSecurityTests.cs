using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FinalAccounts.Infrastructure.Accounts;
using FluentAssertions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>Issue 9: audit scoping, revocation of sessions and tokens, sign-in throttling and 403 auditing.</summary>
public abstract class AccountSecurityTests(PortalFixture fixture)
{
    private const string AdminPassword = "Demo#2023pass";

    [Fact]
    public async Task A_reviewer_reads_only_the_audit_of_their_region_and_their_own_entries()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var foreign = s.As["other-reviewer"]; // 浙江省, the 江西省 draft is not theirs

        var filtered = await foreign.GetAsync($"/api/audit?department={s.Code}&take=1000");
        var everything = await foreign.GetFromJsonAsync<JsonElement>("/api/audit?take=1000");
        var own = await s.As["reviewer"].GetFromJsonAsync<JsonElement>($"/api/audit?department={s.Code}&take=1000");
        var admin = await s.As["admin"].GetFromJsonAsync<JsonElement>($"/api/audit?user=officer-{s.Suffix}&take=1000");

        filtered.StatusCode.Should().Be(HttpStatusCode.OK);
        (await filtered.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength().Should().Be(0, "an out-of-scope filter finds nothing");
        everything.EnumerateArray().Should().NotBeEmpty().And.OnlyContain(a =>
            a.GetProperty("user").GetString() == $"other-reviewer-{s.Suffix}" || (a.GetProperty("department").GetString() ?? "").StartsWith("o-"),
            "a 浙江省 reviewer sees 浙江省 departments (all named o-…) and their own entries, not others' logins or 江西省 cells");
        everything.EnumerateArray().Should().Contain(a => a.GetProperty("action").GetString() == "token.create" && a.GetProperty("user").GetString() == $"other-reviewer-{s.Suffix}");
        own.EnumerateArray().Should().Contain(a => a.GetProperty("action").GetString() == "cell.change", "the 江西省 reviewer reads the 江西省 draft's changes");
        admin.EnumerateArray().Should().Contain(a => a.GetProperty("action").GetString() == "token.create", "administrators see everything");

        var page = await (await SignInClient.SignInAsync(fixture.Portal, $"other-reviewer-{s.Suffix}", Scenario.Password)).GetStringAsync($"/audit?department={s.Code}");
        // The page shows the first page of its grid (newest first): the draft's cell changes, as "d-… 2023" rows.
        page.Should().Contain("最近 0 条").And.NotContain($">{s.Code} 2023<");
        var ownPage = await (await SignInClient.SignInAsync(fixture.Portal, $"reviewer-{s.Suffix}", Scenario.Password)).GetStringAsync($"/audit?department={s.Code}&action=cell.change");
        ownPage.Should().Contain($">{s.Code} 2023<").And.Contain("cell.change").And.NotContain("最近 0 条")
            .And.MatchRegex(@"公开\d{2}表\[[^\],]+,\d+\]", "a cell is named in its own set's words (jiangxi-2023's 公开NN表)");
    }

    [Fact]
    public async Task Logging_out_ends_the_cookie_at_once_even_for_a_copy_of_it()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        var cookie = await SignInClient.SignInAsync(fixture.Portal, $"officer-{s.Suffix}", Scenario.Password);
        (await cookie.GetAsync("/api/auth/tokens")).StatusCode.Should().Be(HttpStatusCode.OK);
        var workspace = await cookie.GetStringAsync("/workspace");

        var logout = await cookie.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = SignInClient.FormToken(workspace) }));
        logout.StatusCode.Should().Be(HttpStatusCode.Redirect);

        (await cookie.GetAsync("/api/auth/tokens")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the same cookie, replayed after logout");
        var page = await cookie.GetAsync("/workspace");
        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().Should().Contain("/account/login");
        await ExpectAuditAsync(s, "logout", $"officer-{s.Suffix}", "网页退出");
    }

    [Fact]
    public async Task Tokens_are_listed_and_revoked_by_their_owner_only()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        var (first, firstId) = await TokenAsync($"officer-{s.Suffix}", Scenario.Password, "脚本一");
        var (second, _) = await TokenAsync($"officer-{s.Suffix}", Scenario.Password, "脚本二");

        var listed = await first.GetFromJsonAsync<JsonElement>("/api/auth/tokens");
        listed.EnumerateArray().Select(t => t.GetProperty("name").GetString()).Should().Contain(["脚本一", "脚本二"]);
        var entry = listed.EnumerateArray().Single(t => t.GetProperty("id").GetGuid() == firstId);
        entry.GetProperty("expires").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow.AddDays(30), TimeSpan.FromMinutes(5), "tokens live 30 days by default");
        entry.GetProperty("lastUsed").ValueKind.Should().Be(JsonValueKind.String);
        entry.GetProperty("revoked").ValueKind.Should().Be(JsonValueKind.Null);

        (await s.As["other-officer"].DeleteAsync($"/api/auth/tokens/{firstId}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "someone else's token");
        (await first.GetAsync("/api/auth/tokens")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await second.DeleteAsync($"/api/auth/tokens/{firstId}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await first.GetAsync("/api/auth/tokens")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "revoked at once");
        (await second.GetFromJsonAsync<JsonElement>("/api/auth/tokens")).EnumerateArray().Single(t => t.GetProperty("id").GetGuid() == firstId)
            .GetProperty("revoked").ValueKind.Should().Be(JsonValueKind.String);

        (await second.DeleteAsync("/api/auth/tokens")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await second.GetAsync("/api/auth/tokens")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await s.As["officer"].GetAsync("/api/auth/tokens")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "all of the caller's tokens, the scenario's too");
        await ExpectAuditAsync(s, "token.revoke", $"officer-{s.Suffix}", "脚本一");
    }

    [Fact]
    public async Task Changing_the_password_ends_every_other_session_and_token()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        var user = $"officer-{s.Suffix}";
        var (current, _) = await TokenAsync(user, Scenario.Password, "当前");
        var (other, _) = await TokenAsync(user, Scenario.Password, "其他");
        var cookie = await SignInClient.SignInAsync(fixture.Portal, user, Scenario.Password);

        var wrong = await current.PostAsJsonAsync("/api/auth/password", new { currentPassword = "not-it", newPassword = "New#pass2025x" });
        wrong.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Scenario.ProblemAsync(wrong)).GetProperty("detail").GetString().Should().Contain("当前密码不正确");
        (await current.PostAsJsonAsync("/api/auth/password", new { currentPassword = Scenario.Password, newPassword = "New#pass2025x" })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await current.GetAsync("/api/auth/tokens")).StatusCode.Should().Be(HttpStatusCode.OK, "the token that changed the password stays");
        (await other.GetAsync("/api/auth/tokens")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await cookie.GetAsync("/api/auth/tokens")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await fixture.Portal.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = user, password = Scenario.Password })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await TokenAsync(user, "New#pass2025x", "新密码");
        await ExpectAuditAsync(s, "password.change", user, "修改密码");
    }

    [Fact]
    public async Task Disabling_a_user_ends_their_sessions_and_tokens_and_enabling_lets_them_back()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        var user = $"officer-{s.Suffix}";
        var cookie = await SignInClient.SignInAsync(fixture.Portal, user, Scenario.Password);
        var admin = s.As["admin"];

        (await s.As["reviewer"].PostAsync($"/api/users/{user}/disable", null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await admin.PostAsync("/api/users/nobody-at-all/disable", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await admin.PostAsync($"/api/users/{user}/disable", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await s.As["officer"].GetAsync("/api/auth/tokens")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await cookie.GetAsync("/api/auth/tokens")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var refused = await fixture.Portal.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = user, password = Scenario.Password });
        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Scenario.ProblemAsync(refused)).GetProperty("detail").GetString().Should().Contain("账户已停用");

        (await admin.PostAsync($"/api/users/{user}/enable", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var (again, _) = await TokenAsync(user, Scenario.Password, "恢复");
        (await admin.DeleteAsync($"/api/users/{user}/tokens")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await again.GetAsync("/api/auth/tokens")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the administrator revoked every token of the user");
        await ExpectAuditAsync(s, "user.disable", "admin", user);
        await ExpectAuditAsync(s, "user.enable", "admin", user);
        await ExpectAuditAsync(s, "session.revoke", "admin", user);
    }

    [Fact]
    public async Task Every_forbidden_attempt_is_audited_with_what_was_attempted_and_why()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var officer = s.As["officer"];

        (await officer.PostAsJsonAsync("/api/reconciliation/batches", new { fiscalYear = 2023 })).StatusCode.Should().Be(HttpStatusCode.Forbidden, "the reviewing policy");
        (await officer.PostAsync($"{s.Base()}/approve", null)).StatusCode.Should().Be(HttpStatusCode.Forbidden, "a domain rule (ApiProblems)");

        var rows = await s.As["admin"].GetFromJsonAsync<JsonElement>($"/api/audit?user=officer-{s.Suffix}&action=forbidden");
        var details = rows.EnumerateArray().Select(a => a.GetProperty("detail").GetString()!).ToList();
        details.Should().HaveCount(2);
        details.Should().Contain(d => d.StartsWith("POST /api/reconciliation/batches") && d.Contains("需要角色 管理员、审核人"));
        details.Should().Contain(d => d.StartsWith($"POST {s.Base()}/approve") && d.Contains("审核"));
    }

    [Fact]
    public async Task Wrong_passwords_from_one_address_lock_only_that_address_not_the_user()
    {
        await using var portal = Portal();
        var anonymous = portal.CreateClient();
        for (var i = 0; i < 6; i++)
        {
            var wrong = await Post(anonymous, "admin", "wrong-password", "203.0.113.7");
            wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            (await Scenario.ProblemAsync(wrong)).GetProperty("detail").GetString().Should().Be(i < 5 ? "用户名或密码错误" : "登录失败次数过多，已临时锁定，请 15 分钟后再试");
        }

        (await Post(anonymous, "admin", AdminPassword, "203.0.113.7")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "that address stays locked for admin");
        (await Post(anonymous, "admin", AdminPassword, "198.51.100.20")).StatusCode.Should().Be(HttpStatusCode.OK, "the real administrator, elsewhere, still signs in");
        var (page, _) = await SignInClient.PostLoginAsync(portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }), "admin", AdminPassword, "198.51.100.21");
        page.StatusCode.Should().Be(HttpStatusCode.Redirect, "and through the login page");
    }

    [Fact]
    public async Task Sign_in_attempts_are_rate_limited_per_user_name_and_per_address_and_throttled_ones_are_not_audited()
    {
        await using var portal = Portal(("FinalAccounts:Auth:AttemptsPerUserName", "3"), ("FinalAccounts:Auth:AttemptsPerAddress", "4"), ("FinalAccounts:Auth:AttemptWindowSeconds", "3600"));
        var client = portal.CreateClient();
        var name = $"flood-{Guid.NewGuid():N}";
        for (var i = 1; i <= 3; i++)
        {
            (await Post(client, name, "wrong-password", $"192.0.2.{i}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        var byName = await Post(client, name, "wrong-password", "192.0.2.4");
        byName.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "a fourth attempt for the name, from a fresh address");
        byName.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BePositive();
        (await Scenario.ProblemAsync(byName)).GetProperty("detail").GetString().Should().Contain("登录尝试过于频繁").And.Contain("秒后再试");

        for (var i = 1; i <= 4; i++)
        {
            (await Post(client, $"{name}-{i}", "wrong-password", "192.0.2.50")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        (await Post(client, $"{name}-5", "wrong-password", "192.0.2.50")).StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "a fifth attempt from the address");
        var form = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        for (var i = 1; i <= 3; i++)
        {
            (await SignInClient.PostLoginAsync(form, $"{name}-page", "wrong-password", $"192.0.2.{100 + i}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var (page, _) = await SignInClient.PostLoginAsync(form, $"{name}-page", "wrong-password", "192.0.2.104");
        page.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        page.Headers.RetryAfter.Should().NotBeNull();
        (await page.Content.ReadAsStringAsync()).Should().Contain("登录尝试过于频繁");

        var admin = portal.CreateClient();
        var token = await (await Post(admin, "admin", AdminPassword, "198.51.100.30")).Content.ReadFromJsonAsync<JsonElement>();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("token").GetString());
        var audited = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?user={name}&action=login.failed");
        audited.GetArrayLength().Should().Be(3, "the throttled attempt wrote nothing");
    }

    [Fact]
    public async Task An_unknown_user_name_costs_the_same_password_hashing_as_a_known_one()
    {
        var counter = new HashCounter();
        await using var portal = Portal(configure: services =>
        {
            services.AddSingleton(counter);
            services.AddScoped<IPasswordHasher<AppUser>, CountingHasher>();
        });
        var client = portal.CreateClient();
        _ = await Post(client, "nobody-warms-up", "wrong-password", "192.0.2.200"); // the dummy hash is made once

        var before = counter.Verifications;
        (await Post(client, "admin", "wrong-password", "192.0.2.201")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var known = counter.Verifications - before;
        before = counter.Verifications;
        (await Post(client, $"nobody-{Guid.NewGuid():N}", "wrong-password", "192.0.2.202")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var unknown = counter.Verifications - before;

        known.Should().Be(1);
        unknown.Should().Be(known, "both answers cost one password hash verification");
    }

    [Fact]
    public void Auth_settings_must_be_positive()
    {
        using var portal = Portal(("FinalAccounts:Auth:TokenLifetimeDays", "0"));

        var start = () => portal.CreateClient();

        start.Should().Throw<OptionsValidationException>().WithMessage("*FinalAccounts:Auth:TokenLifetimeDays 必须大于 0*");
    }

    private WebApplicationFactory<Program> Portal(params (string Key, string Value)[] settings) => Portal(null, settings);

    private WebApplicationFactory<Program> Portal(Action<IServiceCollection>? configure, params (string Key, string Value)[] settings) =>
        fixture.Portal.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services =>
            {
                services.AddTransient<IStartupFilter, ClientAddressFromHeader>();
                configure?.Invoke(services);
            });
        });

    private static Task<HttpResponseMessage> Post(HttpClient client, string userName, string password, string address) =>
        SignInClient.Send(client, HttpMethod.Post, "/api/auth/token", null, JsonContent.Create(new { userName, password }), address);

    private async Task<(HttpClient Client, Guid Id)> TokenAsync(string userName, string password, string name)
    {
        var client = fixture.Portal.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password, name });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("token").GetString());
        return (client, body.GetProperty("id").GetGuid());
    }

    private async Task ExpectAuditAsync(Scenario s, string action, string user, string detail)
    {
        var (admin, _) = await TokenAsync("admin", AdminPassword, "审计");
        var rows = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?user={user}&action={action}");
        rows.EnumerateArray().Should().Contain(a => a.GetProperty("detail").GetString()!.Contains(detail), $"{action} by {user} is audited ({s.Suffix})");
    }

    public sealed class HashCounter
    {
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public void Count() => Interlocked.Increment(ref _verifications);
    }

    /// <summary>The product's hasher, counting verifications.</summary>
    public sealed class CountingHasher(HashCounter counter, IOptions<PasswordHasherOptions> options) : IPasswordHasher<AppUser>
    {
        private readonly PasswordHasher<AppUser> _inner = new(options);

        public string HashPassword(AppUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            counter.Count();
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

public sealed class SqliteAccountSecurityTests(SqlitePortal fixture) : AccountSecurityTests(fixture), IClassFixture<SqlitePortal>;

public sealed class PostgresAccountSecurityTests(PostgresPortal fixture) : AccountSecurityTests(fixture), IClassFixture<PostgresPortal>;
