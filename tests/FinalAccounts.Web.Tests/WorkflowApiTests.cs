using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Web.Tests;

public abstract class WorkflowApiTests(PortalFixture fixture)
{
    [Fact]
    public async Task Draft_submit_return_fix_resubmit_approve_publish_and_correct_as_a_new_revision()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        await s.AddWarningAsync();
        var officer = s.As["officer"];
        var reviewer = s.As["reviewer"];

        var unexplained = await officer.PostAsJsonAsync($"{s.Base()}/submit", new { });
        unexplained.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Scenario.ProblemAsync(unexplained)).GetProperty("detail").GetString().Should().Contain("T09-05").And.Contain("出错说明");
        await s.SubmitAsync();

        var locked = await s.PutTableAsync(officer, "01", Array.Empty<object>(), clear: true);
        locked.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await reviewer.PostAsJsonAsync($"{s.Base()}/return", new { comments = new[] { new { text = "请核对三公经费", table = "09", row = "6", col = 3 } } }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var fix = await s.PutTableAsync(officer, "10", Enumerable.Range(1, 10).Select(r => new { row = $"{r}", col = 1, value = "0" }));
        fix.StatusCode.Should().Be(HttpStatusCode.OK);
        await s.SubmitAsync();
        (await reviewer.PostAsync($"{s.Base()}/approve", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await s.As["public"].GetAsync($"/api/reports/{s.Code}/2023")).StatusCode.Should().Be(HttpStatusCode.NotFound, "not published yet");
        (await reviewer.PostAsync($"{s.Base()}/publish", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        var published = await s.As["public"].GetFromJsonAsync<JsonElement>($"/api/reports/{s.Code}/2023");
        published.GetProperty("revision").GetInt32().Should().Be(1);
        Cell(published, "01", "31", 1).Should().Be("3737.09");
        (await s.PutTableAsync(officer, "01", Array.Empty<object>(), clear: true)).StatusCode.Should().Be(HttpStatusCode.Conflict, "published data is immutable");

        var revision = await officer.PostAsJsonAsync(s.Base(), new { templateSet = "jiangxi-2023" });
        revision.StatusCode.Should().Be(HttpStatusCode.Created);
        (await revision.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revision").GetInt32().Should().Be(2);
        var table01 = await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/tables/01");
        table01.GetProperty("status").GetString().Should().Be("Draft");
        table01.GetProperty("cells").GetArrayLength().Should().Be(GoldenReport.Cells.Count(c => c.TableNo == "01"), "the new revision starts from the published content");
        (await s.As["public"].GetFromJsonAsync<JsonElement>($"/api/reports/{s.Code}/2023")).GetProperty("revision").GetInt32().Should().Be(1, "the public keeps seeing the published revision");

        var audit = await s.As["admin"].GetFromJsonAsync<JsonElement>($"/api/audit?department={s.Code}&take=1000");
        var actions = audit.EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
        actions.Should().Contain(["report.create", "cell.change", "report.submit", "report.return", "report.approve", "report.publish"]);
        audit.EnumerateArray().Should().Contain(a => a.GetProperty("action").GetString() == "cell.change"
            && a.GetProperty("table").GetString() == "01" && a.GetProperty("row").GetString() == "31" && a.GetProperty("new").GetString() == "3737.09"
            && a.GetProperty("old").ValueKind == JsonValueKind.Null && a.GetProperty("user").GetString() == $"officer-{s.Suffix}");
        audit.EnumerateArray().Should().Contain(a => a.GetProperty("action").GetString() == "report.publish" && a.GetProperty("detail").GetString()!.Contains("已审核 → 已公开"));
    }

    [Fact]
    public async Task A_report_takes_a_template_set_that_serves_its_year_and_a_year_no_set_serves_is_refused_with_the_reason()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        var officer = s.As["officer"];

        // 2024 on the form first published for 2023: the set says it serves 2022–2026, so no S-02 header error.
        var created = await officer.PostAsJsonAsync(s.Base(2024), new { });
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("templateSet").GetString().Should().Be("jiangxi-2023");
        var version = await s.VersionAsync(officer, 2024);
        var table01 = GoldenReport.Cells.Where(c => c.TableNo == "01").Select(c => new { row = c.Row, col = c.Col, value = c.Value });
        (await officer.PutAsJsonAsync($"{s.Base(2024)}/tables/01", new { cells = table01, version })).StatusCode.Should().Be(HttpStatusCode.OK);
        var findings = await officer.GetFromJsonAsync<JsonElement>($"{s.Base(2024)}/reconciliation");
        findings.GetProperty("rules").EnumerateArray().Should().Contain(r => r.GetProperty("id").GetString() == "S-02" && r.GetProperty("status").GetString() == "pass");

        // 2031: no set serves it, named or not; nothing is created.
        foreach (var body in new object[] { new { }, new { templateSet = "jiangxi-2023" } })
        {
            var refused = await officer.PostAsJsonAsync(s.Base(2031), body);
            refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            var detail = (await Scenario.ProblemAsync(refused)).GetProperty("detail").GetString();
            detail.Should().Contain("2031").And.Contain("2022–2026");
        }

        (await officer.GetAsync($"{s.Base(2031)}/tables/01")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var template = await s.As["public"].GetFromJsonAsync<JsonElement>("/api/templates/jiangxi-2023");
        template.GetProperty("years").GetProperty("from").GetInt32().Should().Be(2022);
        template.GetProperty("years").GetProperty("to").GetInt32().Should().Be(2026);
    }

    [Fact]
    public async Task Bad_cells_are_refused_with_chinese_messages_and_nothing_is_saved()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var officer = s.As["officer"];

        var response = await officer.PutAsJsonAsync($"{s.Base()}/tables/03", new
        {
            cells = new object[]
            {
                new { row = "合计", col = 1, value = "3732.08" },
                new { row = "201", col = 1, value = "一千" },
                new { row = "201", col = 2, value = "1.234" },
                new { row = "201", col = 3, value = "-5.00" },
                new { row = "201", col = 4, value = "99999999999999" },
                new { row = "2019999", col = 1, value = "1.00" },
                new { row = "20103", col = 9, value = "1.00" },
            },
        });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await Scenario.ProblemAsync(response);
        problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("code").GetString(), e.GetProperty("target").GetString())).Should().BeEquivalentTo(new[]
        {
            ("cell.not_a_number", "公开03表[201,1]"), ("cell.too_many_decimals", "公开03表[201,2]"), ("cell.negative", "公开03表[201,3]"),
            ("cell.too_large", "公开03表[201,4]"), ("cell.unknown_code", "公开03表[2019999,1]"), ("cell.unknown_column", "公开03表[20103,9]"),
        });
        var table = await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/tables/03");
        table.GetProperty("cells").GetArrayLength().Should().Be(GoldenReport.Cells.Count(c => c.TableNo == "03"), "nothing was saved in part");
    }

    [Fact]
    public async Task Full_width_digits_from_a_chinese_input_method_are_stored_as_ordinary_numbers()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var officer = s.As["officer"];
        var version = (await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/tables/09")).GetProperty("version").GetInt32();

        var response = await officer.PutAsJsonAsync($"{s.Base()}/tables/09", new
        {
            version,
            cells = new[] { new { row = "2", col = 1, value = "\u3000１，２３４．５\u3000" }, new { row = "11", col = 3, value = "１２" } },
        });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var table = await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/tables/09");
        table.GetProperty("cells").EnumerateArray().Select(c => (c.GetProperty("row").GetString(), c.GetProperty("col").GetInt32(), c.GetProperty("value").GetString()))
            .Should().BeEquivalentTo([("2", 1, "1234.50"), ("11", 3, "12")]);
    }

    [Fact]
    public async Task A_stale_save_is_a_conflict_that_shows_their_changes()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var officer = s.As["officer"];
        var loaded = await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/tables/10");
        var version = loaded.GetProperty("version").GetInt32();

        var theirs = await officer.PutAsJsonAsync($"{s.Base()}/tables/10", new { version, cells = new[] { new { row = "10", col = 1, value = "2" } } });
        var mine = await officer.PutAsJsonAsync($"{s.Base()}/tables/10", new { version, cells = new[] { new { row = "10", col = 1, value = "3" } } });

        theirs.StatusCode.Should().Be(HttpStatusCode.OK);
        mine.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = await Scenario.ProblemAsync(mine);
        problem.GetProperty("differences").EnumerateArray().Should().ContainSingle(d =>
            d.GetProperty("row").GetString() == "10" && d.GetProperty("yours").GetDecimal() == 3 && d.GetProperty("theirs").GetDecimal() == 2);
        var now = await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/tables/10");
        now.GetProperty("cells").EnumerateArray().Single().GetProperty("value").GetString().Should().Be("2", "the stale edit overwrote nothing");
    }

    [Fact]
    public async Task Tokens_lockout_and_account_validation_speak_chinese()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        var anonymous = fixture.Portal.CreateClient();

        var wrong = await anonymous.PostAsJsonAsync("/api/auth/token", new { userName = $"officer-{s.Suffix}", password = "wrong" });
        wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Scenario.ProblemAsync(wrong)).GetProperty("detail").GetString().Should().Be("用户名或密码错误");
        for (var i = 0; i < 4; i++)
        {
            await anonymous.PostAsJsonAsync("/api/auth/token", new { userName = $"officer-{s.Suffix}", password = "wrong" });
        }

        var locked = await anonymous.PostAsJsonAsync("/api/auth/token", new { userName = $"officer-{s.Suffix}", password = Scenario.Password });
        (await Scenario.ProblemAsync(locked)).GetProperty("detail").GetString().Should().Contain("已临时锁定");
        var forged = fixture.Portal.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new("Bearer", "fa_not-a-real-token");
        (await forged.PostAsJsonAsync($"/api/reports/{s.Code}/2023", new { templateSet = "jiangxi-2023" })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var weak = await s.As["admin"].PostAsJsonAsync("/api/users", new { userName = $"weak-{s.Suffix}", password = "abc", roles = new[] { "officer" }, departments = new[] { s.Code } });
        weak.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Scenario.ProblemAsync(weak)).GetProperty("detail").GetString().Should().Contain("密码至少需要 10 个字符");
        var duplicate = await s.As["admin"].PostAsJsonAsync("/api/departments", new { code = s.Code, name = "重复", region = "江西省", level = "市级" });
        duplicate.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var badRole = await s.As["admin"].PostAsJsonAsync("/api/users", new { userName = $"x-{s.Suffix}", password = Scenario.Password, roles = new[] { "superuser" } });
        (await Scenario.ProblemAsync(badRole)).GetProperty("detail").GetString().Should().Contain("角色无效：superuser");
    }

    [Fact]
    public async Task Publishing_a_correction_supersedes_the_old_revision_which_stays_listed_with_a_cell_diff()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        await PublishAsync(s);
        (await s.As["officer"].PostAsJsonAsync(s.Base(), new { templateSet = "jiangxi-2023" })).StatusCode.Should().Be(HttpStatusCode.Created);
        var changed = await s.PutTableAsync(s.As["officer"], "10", Enumerable.Range(1, 10).Select(r => new { row = $"{r}", col = 1, value = r == 10 ? "1" : "0" }));
        changed.StatusCode.Should().Be(HttpStatusCode.OK);
        await PublishAsync(s);

        var diff = await s.As["public"].GetFromJsonAsync<JsonElement>($"/api/reports/{s.Code}/2023/diff?from=1&to=2");
        var page = await s.As["public"].GetStringAsync($"/reports/{s.Code}/2023");
        var diffPage = await s.As["public"].GetStringAsync($"/reports/{s.Code}/2023/diff?from=1&to=2");

        diff.GetProperty("changes").EnumerateArray().Select(c => (c.GetProperty("table").GetString(), c.GetProperty("row").GetString(), c.GetProperty("from").GetString(), c.GetProperty("to").GetString()))
            .Should().Equal(("10", "10", "0", "1"));
        page.Should().Contain("本页为最新公开的第 2 版").And.Contain($"/reports/{s.Code}/2023/diff?from=1&amp;to=2");
        diffPage.Should().Contain("共 1 个单元格不同").And.Contain("二、单价 100 万元（含）以上设备");
        (await s.As["public"].GetAsync($"/api/reports/{s.Code}/2023/diff?from=1&to=3")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private static async Task PublishAsync(Scenario s)
    {
        await s.SubmitAsync();
        (await s.As["reviewer"].PostAsync($"{s.Base()}/approve", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await s.As["reviewer"].PostAsync($"{s.Base()}/publish", null)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static string Cell(JsonElement report, string table, string row, int col) =>
        report.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("tableNo").GetString() == table)
            .GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("row").GetString() == row && c.GetProperty("col").GetInt32() == col)
            .GetProperty("value").GetString()!;
}

public sealed class SqliteWorkflowApiTests(SharedSqlitePortal fixture) : WorkflowApiTests(fixture), IClassFixture<SharedSqlitePortal>;

public sealed class PostgresWorkflowApiTests(SharedPostgresPortal fixture) : WorkflowApiTests(fixture), IClassFixture<SharedPostgresPortal>;
