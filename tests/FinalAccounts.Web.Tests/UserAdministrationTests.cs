using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// Administrators list, search and edit users (roles, departments, region), and reset passwords: bad input is refused
/// with a Chinese message and changes nothing; a change ends the user's tokens at once; each change is audited.
/// </summary>
public abstract class UserAdministrationTests(PortalFixture fixture)
{
    [Fact]
    public async Task An_administrator_finds_users_and_changes_their_bindings_which_takes_effect_at_once()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        var admin = s.As["admin"];

        var found = await admin.GetFromJsonAsync<JsonElement>($"/api/users?q={s.Suffix}");
        found.EnumerateArray().Select(u => u.GetProperty("userName").GetString()).Should()
            .BeEquivalentTo([$"officer-{s.Suffix}", $"other-officer-{s.Suffix}", $"reviewer-{s.Suffix}", $"other-reviewer-{s.Suffix}"]);
        var officer = found.EnumerateArray().Single(u => u.GetProperty("userName").GetString() == $"officer-{s.Suffix}");
        officer.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal("officer");
        officer.GetProperty("departments").EnumerateArray().Select(r => r.GetString()).Should().Equal(s.Code);
        (await admin.GetFromJsonAsync<JsonElement>($"/api/users?q=测试局{s.Suffix}")).EnumerateArray().Select(u => u.GetProperty("userName").GetString())
            .Should().Equal([$"officer-{s.Suffix}"], "a department's name finds its officers");

        // The foreign officer may not touch this department until bound to it; the binding ends their old token.
        var before = s.As["other-officer"];
        (await before.PostAsJsonAsync(s.Base(), new { })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var updated = await admin.PutAsJsonAsync($"/api/users/other-officer-{s.Suffix}", new { roles = new[] { "officer" }, departments = new[] { s.OtherCode, s.Code }, displayName = "外省填报人" });
        updated.StatusCode.Should().Be(HttpStatusCode.OK, await updated.Content.ReadAsStringAsync());
        (await updated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("departments").EnumerateArray().Select(d => d.GetString()).Should().BeEquivalentTo([s.OtherCode, s.Code]);
        (await before.GetAsync("/api/auth/tokens")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "rights changed: the old token is void");
        var after = await s.LoginAsync($"other-officer-{s.Suffix}", Scenario.Password);
        (await after.PostAsJsonAsync(s.Base(), new { })).StatusCode.Should().Be(HttpStatusCode.Created);

        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/audit?action=user.change&take=1000");
        audit.EnumerateArray().Select(a => a.GetProperty("detail").GetString()).Should()
            .Contain(d => d!.Contains($"other-officer-{s.Suffix}") && d.Contains($"部门 {s.OtherCode} → ") && d.Contains(s.Code) && d.Contains("姓名"));
    }

    [Fact]
    public async Task The_year_overview_shows_each_departments_stage_within_the_callers_scope()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        var region = $"江西省测试市{s.Suffix}";
        async Task<JsonElement> ProgressAsync(string who, string? where = null) =>
            await s.As[who].GetFromJsonAsync<JsonElement>($"/api/progress/2023?region={Uri.EscapeDataString(where ?? region)}");
        static string? StateOf(JsonElement view, string code) =>
            view.GetProperty("departments").EnumerateArray().SingleOrDefault(d => d.GetProperty("code").GetString() == code) is { ValueKind: JsonValueKind.Object } d
                ? d.GetProperty("stateText").GetString() : null;

        StateOf(await ProgressAsync("admin"), s.Code).Should().Be("未开始");
        await s.FillAsync();
        StateOf(await ProgressAsync("reviewer"), s.Code).Should().Be("草稿");
        await s.PublishAsync();
        var published = await ProgressAsync("admin");
        StateOf(published, s.Code).Should().Be("已公开");
        published.GetProperty("counts").GetProperty("已公开").GetInt32().Should().Be(1);
        published.GetProperty("departments")[0].GetProperty("revision").GetInt32().Should().Be(1);

        StateOf(await ProgressAsync("other-reviewer", "江西省"), s.Code).Should().BeNull("a reviewer sees only the departments of the region they review");
        StateOf(await ProgressAsync("other-reviewer", "浙江省"), s.OtherCode).Should().Be("未开始");
        (await s.As["officer"].GetAsync("/api/progress/2023")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await s.As["admin"].GetAsync("/api/progress/1800")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_deactivated_department_starts_no_report_and_keeps_what_it_published()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        await s.PublishAsync();
        var admin = s.As["admin"];
        object Body(bool active) => new { name = $"测试局{s.Suffix}", region = $"江西省测试市{s.Suffix}", level = "市级", aliases = Array.Empty<string>(), active };

        var off = await admin.PutAsJsonAsync($"/api/departments/{s.Code}", Body(false));
        off.StatusCode.Should().Be(HttpStatusCode.OK);
        (await off.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("active").GetBoolean().Should().BeFalse();
        var refused = await s.As["officer"].PostAsJsonAsync(s.Base(2024), new { templateSet = "jiangxi-2023" });
        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await Scenario.ProblemAsync(refused)).GetProperty("detail").GetString().Should().Contain("已停用");
        (await s.As["public"].GetAsync($"/api/reports/{s.Code}/2023")).StatusCode.Should().Be(HttpStatusCode.OK, "what it published stays public");
        (await admin.GetFromJsonAsync<JsonElement>("/api/audit?take=1000")).EnumerateArray()
            .Should().Contain(a => a.GetProperty("action").GetString() == "department.change" && a.GetProperty("detail").GetString()!.Contains(s.Code) && a.GetProperty("detail").GetString()!.Contains("在用 → ") && a.GetProperty("detail").GetString()!.Contains("停用"));

        (await admin.PutAsJsonAsync($"/api/departments/{s.Code}", Body(true))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await s.As["officer"].PostAsJsonAsync(s.Base(2024), new { templateSet = "jiangxi-2023" })).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Bad_edits_are_refused_in_chinese_and_change_nothing()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        var admin = s.As["admin"];
        var url = $"/api/users/officer-{s.Suffix}";

        async Task RefusedAsync(HttpResponseMessage response, HttpStatusCode status, string message)
        {
            response.StatusCode.Should().Be(status);
            (await Scenario.ProblemAsync(response)).GetProperty("detail").GetString().Should().Contain(message);
        }

        await RefusedAsync(await admin.PutAsJsonAsync(url, new { roles = new[] { "officer" }, departments = new[] { "no-such" } }), HttpStatusCode.BadRequest, "部门不存在：no-such");
        await RefusedAsync(await admin.PutAsJsonAsync(url, new { roles = new[] { "officer" }, departments = Array.Empty<string>() }), HttpStatusCode.BadRequest, "填报人必须绑定至少一个部门");
        await RefusedAsync(await admin.PutAsJsonAsync(url, new { roles = new[] { "auditor" } }), HttpStatusCode.BadRequest, "角色无效：auditor");
        await RefusedAsync(await admin.PutAsJsonAsync(url, new { roles = new[] { "reviewer" } }), HttpStatusCode.BadRequest, "审核人必须指定审核的地区");
        await RefusedAsync(await admin.PutAsJsonAsync($"/api/users/nobody-{s.Suffix}", new { roles = new[] { "reviewer" }, region = "江西省" }), HttpStatusCode.NotFound, "不存在");
        await RefusedAsync(await admin.PutAsJsonAsync("/api/users/admin", new { roles = new[] { "reviewer" }, region = "江西省" }), HttpStatusCode.BadRequest, "不能取消自己的管理员角色");
        await RefusedAsync(await admin.PostAsJsonAsync($"{url}/password", new { newPassword = "short" }), HttpStatusCode.BadRequest, "密码");

        // Nothing changed: the officer still works with the old password and token.
        var user = await admin.GetFromJsonAsync<JsonElement>(url);
        user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal("officer");
        user.GetProperty("departments").EnumerateArray().Select(r => r.GetString()).Should().Equal(s.Code);
        (await s.As["officer"].GetAsync("/api/auth/tokens")).StatusCode.Should().Be(HttpStatusCode.OK);
        await s.LoginAsync($"officer-{s.Suffix}", Scenario.Password);
    }

    [Fact]
    public async Task An_administrator_corrects_a_department_and_its_reviewers_follow_its_region()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        var admin = s.As["admin"];
        (await s.As["officer"].PostAsJsonAsync(s.Base(), new { })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await s.As["other-reviewer"].GetAsync($"{s.Base()}/tables/01")).StatusCode.Should().Be(HttpStatusCode.NotFound, "a 浙江省 reviewer does not see a 江西省 draft");

        var bad = await admin.PutAsJsonAsync($"/api/departments/{s.Code}", new { name = "", region = "浙江省", level = "市级" });
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Scenario.ProblemAsync(bad)).GetProperty("detail").GetString().Should().Contain("部门名称不能为空");
        (await admin.PutAsJsonAsync($"/api/departments/no-such-{s.Suffix}", new { name = "某局", region = "浙江省", level = "市级" })).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var moved = await admin.PutAsJsonAsync($"/api/departments/{s.Code}", new { name = $"测试局{s.Suffix}（更名）", region = $"浙江省测试市{s.Suffix}", level = "市级", aliases = new[] { $"测试{s.Suffix}", $"测试{s.Suffix}" } });
        moved.StatusCode.Should().Be(HttpStatusCode.OK, await moved.Content.ReadAsStringAsync());
        var body = await moved.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()).Should().Equal($"测试{s.Suffix}");
        (await s.As["other-reviewer"].GetAsync($"{s.Base()}/tables/01")).StatusCode.Should().Be(HttpStatusCode.OK, "the department is now in 浙江省");
        (await s.As["reviewer"].GetAsync($"{s.Base()}/tables/01")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // Aliases kept and dropped in a second edit; the audit log has old → new.
        (await admin.PutAsJsonAsync($"/api/departments/{s.Code}", new { name = $"测试局{s.Suffix}（更名）", region = $"浙江省测试市{s.Suffix}", level = "市级", aliases = new[] { $"测试{s.Suffix}", "又名" } }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/audit?action=department.change&take=1000");
        audit.EnumerateArray().Select(a => a.GetProperty("detail").GetString()).Should().Contain(d => d!.Contains($"修改部门 {s.Code}") && d.Contains($"江西省测试市{s.Suffix}") && d.Contains("→"));
    }

    [Fact]
    public async Task A_reset_password_replaces_the_old_one_and_ends_every_token()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        var before = s.As["officer"];
        var reset = await s.As["admin"].PostAsJsonAsync($"/api/users/officer-{s.Suffix}/password", new { newPassword = "Reset#pass2024" });
        reset.StatusCode.Should().Be(HttpStatusCode.OK, await reset.Content.ReadAsStringAsync());

        (await before.GetAsync("/api/auth/tokens")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var old = await fixture.Portal.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = $"officer-{s.Suffix}", password = Scenario.Password });
        old.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await s.LoginAsync($"officer-{s.Suffix}", "Reset#pass2024");
        var audit = await s.As["admin"].GetFromJsonAsync<JsonElement>("/api/audit?action=password.reset&take=1000");
        audit.EnumerateArray().Should().Contain(a => a.GetProperty("detail").GetString()!.Contains($"officer-{s.Suffix}") && !a.GetProperty("detail").GetString()!.Contains("Reset#pass2024"));
    }

    [Fact]
    public async Task The_region_tree_is_public_and_administrators_add_and_rename_regions_with_every_refusal_named()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        var admin = s.As["admin"];
        var tree = await s.As["public"].GetFromJsonAsync<JsonElement>("/api/regions");
        var jiangxi = Node(tree, "江西省景德镇市");
        jiangxi.GetProperty("code").GetString().Should().Be("360200");
        jiangxi.GetProperty("level").GetString().Should().Be("市");
        jiangxi.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("fullName").GetString()).Should().Contain("江西省景德镇市浮梁县");
        Node(tree, "演示省西山市北坡县").GetProperty("synthetic").GetBoolean().Should().BeTrue();
        Node(tree, "江西省南昌市").GetProperty("synthetic").GetBoolean().Should().BeFalse();

        var city = Node(tree, $"江西省测试市{s.Suffix}").GetProperty("code").GetString()!;
        (await s.As["public"].PutAsJsonAsync($"/api/regions/{city[..4]}01", new { name = "某县" })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await s.As["officer"].PutAsJsonAsync($"/api/regions/{city[..4]}01", new { name = "某县" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        await RefusedWithAsync(await admin.PutAsJsonAsync("/api/regions/3602x1", new { name = "某县" }), HttpStatusCode.BadRequest, "6 位数字");
        await RefusedWithAsync(await admin.PutAsJsonAsync($"/api/regions/{city[..4]}01", new { name = "某县", level = "市" }), HttpStatusCode.BadRequest, "与区划代码");
        await RefusedWithAsync(await admin.PutAsJsonAsync("/api/regions/339901", new { name = "某县" }), HttpStatusCode.NotFound, "上级区划 339900 不存在");
        await RefusedWithAsync(await admin.PutAsJsonAsync("/api/regions/360299", new { name = "浮梁县" }), HttpStatusCode.Conflict, "已有名为“浮梁县”");
        (await admin.GetFromJsonAsync<JsonElement>("/api/regions")).GetRawText().Should().Be(tree.GetRawText(), "nothing refused was written");

        var county = await admin.PutAsJsonAsync($"/api/regions/{city[..4]}01", new { name = $"新县{s.Suffix}", level = "县" });
        county.StatusCode.Should().Be(HttpStatusCode.Created, await county.Content.ReadAsStringAsync());
        (await county.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("region").GetProperty("fullName").GetString().Should().Be($"江西省测试市{s.Suffix}新县{s.Suffix}");

        // A rename carries the path to the county below and to the scenario's department; the audit has old → new.
        var renamed = await admin.PutAsJsonAsync($"/api/regions/{city}", new { name = $"改名市{s.Suffix}" });
        renamed.StatusCode.Should().Be(HttpStatusCode.OK, await renamed.Content.ReadAsStringAsync());
        var saved = await renamed.Content.ReadFromJsonAsync<JsonElement>();
        saved.GetProperty("regionsRenamed").GetInt32().Should().Be(2);
        saved.GetProperty("departmentsMoved").GetInt32().Should().Be(1);
        var after = await s.As["public"].GetFromJsonAsync<JsonElement>("/api/regions");
        Node(after, $"江西省改名市{s.Suffix}新县{s.Suffix}").GetProperty("code").GetString().Should().Be($"{city[..4]}01");
        (await s.As["public"].GetFromJsonAsync<JsonElement>($"/api/departments?q={s.Code}")).EnumerateArray().Single(d => d.GetProperty("code").GetString() == s.Code)
            .GetProperty("region").GetString().Should().Be($"江西省改名市{s.Suffix}");
        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/audit?action=region.rename&take=1000");
        audit.EnumerateArray().Select(a => a.GetProperty("detail").GetString()).Should().Contain(d => d!.Contains($"江西省测试市{s.Suffix} → 江西省改名市{s.Suffix}"));
        (await admin.GetFromJsonAsync<JsonElement>("/api/audit?action=region.add&take=1000")).EnumerateArray()
            .Select(a => a.GetProperty("detail").GetString()).Should().Contain(d => d!.Contains($"新县{s.Suffix}"));
    }

    [Fact]
    public async Task A_department_must_name_a_region_of_the_tree()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        var admin = s.As["admin"];
        var unknown = await admin.PostAsJsonAsync("/api/departments", new { code = $"nr-{s.Suffix}", name = "无区划局", region = "江西省不存在市", level = "市级" });
        await RefusedWithAsync(unknown, HttpStatusCode.BadRequest, "地区“江西省不存在市”不在区划树中");
        (await admin.GetFromJsonAsync<JsonElement>($"/api/departments?q=nr-{s.Suffix}")).EnumerateArray().Should().BeEmpty("nothing refused is created");

        var county = await admin.PostAsJsonAsync("/api/departments", new { code = $"fl-{s.Suffix}", name = "浮梁县某局", region = "江西省景德镇市浮梁县", level = "县级" });
        county.StatusCode.Should().Be(HttpStatusCode.Created, await county.Content.ReadAsStringAsync());
        await RefusedWithAsync(await admin.PutAsJsonAsync($"/api/departments/fl-{s.Suffix}", new { name = "浮梁县某局", region = "江西省景德镇市浮梁", level = "县级" }), HttpStatusCode.BadRequest, "不在区划树中");
        (await admin.PutAsJsonAsync($"/api/departments/fl-{s.Suffix}", new { name = "浮梁县某局", region = "演示省东湖市南岸县", level = "县级" })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>A refusal: its status, and its ProblemDetails naming what is wrong in Chinese.</summary>
    private static async Task RefusedWithAsync(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        response.StatusCode.Should().Be(status, await response.Content.ReadAsStringAsync());
        (await Scenario.ProblemAsync(response)).GetProperty("detail").GetString().Should().Contain(message);
    }

    /// <summary>The node of the region tree with this full path.</summary>
    private static JsonElement Node(JsonElement nodes, string fullName)
    {
        foreach (var node in nodes.EnumerateArray())
        {
            if (node.GetProperty("fullName").GetString() == fullName)
            {
                return node;
            }

            if (fullName.StartsWith(node.GetProperty("fullName").GetString()!, StringComparison.Ordinal) && Node(node.GetProperty("children"), fullName) is { ValueKind: JsonValueKind.Object } found)
            {
                return found;
            }
        }

        return default;
    }
}

public sealed class SqliteUserAdministrationTests(SqlitePortal fixture) : UserAdministrationTests(fixture), IClassFixture<SqlitePortal>;

public sealed class PostgresUserAdministrationTests(PostgresPortal fixture) : UserAdministrationTests(fixture), IClassFixture<PostgresPortal>;
