using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>The pages enforce the same rights as the API: sign-in through the real login form, then what each role sees.</summary>
public sealed class UiAccessTests(SharedSqlitePortal fixture) : IClassFixture<SharedSqlitePortal>
{
    [Fact]
    public async Task Anonymous_visitors_are_sent_to_the_login_page()
    {
        var client = fixture.Portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/workspace");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().Contain("/account/login").And.Contain("ReturnUrl=%2Fworkspace");
    }

    [Fact]
    public async Task Reviewers_see_the_performance_sheets_read_only_in_the_official_layout()
    {
        var (reviewerLogin, _) = await SignInAsync("reviewer", "Demo#2023pass");
        var reviewer = Cookie(reviewerLogin);

        var html = await reviewer.GetStringAsync("/workspace/jdz-zwsjglj/2023/performance");

        html.Should().Contain("id=\"performance-readonly\"").And.Contain("id=\"d-tree\"").And.Contain("政务服务事项受理数")
            .And.Contain("rowspan=").And.NotContain("id=\"save-performance\"").And.NotContain("id=\"d-i0-c6\"");
        html.Should().Contain("id=\"performance-findings\"").And.Contain("data-rule=\"P-01\"", "the demo's 88.27 graded 优 is listed beside the sheets");
    }

    [Fact]
    public async Task A_wrong_password_is_refused_in_chinese_and_audited()
    {
        var (response, html) = await SignInAsync("reviewer", "not-the-password");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        html.Should().Contain("用户名或密码错误");
        using var admin = await LoginApiAsync("admin");
        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/audit?user=reviewer&action=login.failed");
        audit.EnumerateArray().Should().Contain(a => a.GetProperty("detail").GetString() == "网页登录：用户名或密码错误");
    }

    [Fact]
    public async Task Officers_see_their_reports_but_not_the_audit_log_and_reviewers_see_both()
    {
        var (officerLogin, _) = await SignInAsync("officer", "Demo#2023pass");
        officerLogin.StatusCode.Should().Be(HttpStatusCode.Redirect);
        officerLogin.Headers.Location!.AbsolutePath.Should().Be("/workspace");
        var officer = Cookie(officerLogin);
        var workspace = await officer.GetStringAsync("/workspace");
        var audit = await officer.GetStringAsync("/audit");

        workspace.Should().Contain("<span class=\"report-department\">景德镇市政务服务数据管理局</span>").And.Contain("create-report");
        audit.Should().Contain("只有管理员和审核人可以查询审计日志");

        var (reviewerLogin, _) = await SignInAsync("reviewer", "Demo#2023pass");
        var reviewer = Cookie(reviewerLogin);
        var reviewerAudit = await reviewer.GetStringAsync("/audit?action=login");
        reviewerAudit.Should().Contain("<span class=\"audit-user\">reviewer</span>").And.Contain("网页登录")
            .And.NotContain("<span class=\"audit-user\">officer</span>", "others' logins carry no department: only administrators see them");
        (await reviewer.GetStringAsync("/workspace")).Should().NotContain("create-report", "reviewers do not create reports");

        var denied = await officer.GetAsync("/reconciliation/batches");
        denied.StatusCode.Should().Be(HttpStatusCode.Redirect);
        denied.Headers.Location!.AbsolutePath.Should().Be("/account/denied", "batch reconciliation is for reviewers");
        (await reviewer.GetStringAsync("/reconciliation/batches")).Should().Contain("开始批量校验");
    }

    [Fact]
    public async Task The_editor_is_editable_only_for_the_officer_of_an_editable_draft()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var (ownLogin, _) = await SignInAsync($"officer-{s.Suffix}", Scenario.Password);
        var (otherLogin, _) = await SignInAsync($"other-officer-{s.Suffix}", Scenario.Password);
        var (reviewerLogin, _) = await SignInAsync($"reviewer-{s.Suffix}", Scenario.Password);

        var own = await Cookie(ownLogin).GetStringAsync($"/workspace/{s.Code}/2023/tables/10");
        var other = await Cookie(otherLogin).GetStringAsync($"/workspace/{s.Code}/2023/tables/10");
        var reviewer = await Cookie(reviewerLogin).GetStringAsync($"/workspace/{s.Code}/2023/tables/10");

        own.Should().Contain("id=\"save\"").And.NotContain("readonly");
        other.Should().Contain("没有 2023 年度已公开的决算").And.NotContain("id=\"save\"", "a draft of another department stays invisible");
        reviewer.Should().Contain("id=\"in-10-1-1\"").And.Contain("readonly").And.NotContain("id=\"save\"");
    }

    private async Task<(HttpResponseMessage Response, string Html)> SignInAsync(string user, string password)
    {
        var client = fixture.Portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var (response, _) = await SignInClient.PostLoginAsync(client, user, password);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private HttpClient Cookie(HttpResponseMessage login)
    {
        var client = fixture.Portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var auth = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("finalaccounts.auth=", StringComparison.Ordinal));
        client.DefaultRequestHeaders.Add("Cookie", auth);
        return client;
    }

    private async Task<HttpClient> LoginApiAsync(string user)
    {
        var client = fixture.Portal.CreateClient();
        var token = await (await client.PostAsJsonAsync("/api/auth/token", new { userName = user, password = "Demo#2023pass" })).Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("token").GetString());
        return client;
    }
}
