using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// 绩效 through the API (issue 12, ADR 0017): written whole by the department's officer against the version loaded,
/// read back at the precision sent, audited; the P and D rules run wherever the report is reconciled.
/// </summary>
public abstract class PerformanceApiTests(PortalFixture fixture)
{
    private static object Document(string otherFundsGrade) => new
    {
        department = new
        {
            name = "测试局",
            subordinateUnits = 4,
            funds = new { total = new { name = "年度资金总额", fullYearBudget = "3935.011", executed = "3708.489", executionRate = 94.24m, weight = 10, score = 7 } },
            indicators = new[] { new { level1 = "产出指标", level2 = "数量指标", name = "政务服务事项受理数", target = "≥140万件", actual = "277", weight = 90, score = 90 } },
            totalWeight = 100,
            totalScore = 97,
        },
        // Seed 001's 综合评价结论: 91 graded 中 (defect 001-2); the others are consistent.
        projects = new[]
        {
            new { name = "拨付采购工作经费", totalScore = 93.61m, grade = "优" },
            new { name = "其他资金", totalScore = 91m, grade = otherFundsGrade },
        },
    };

    [Fact]
    public async Task The_officer_enters_the_tables_and_seed_001s_91_graded_中_is_caught_by_P01()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var officer = s.As["officer"];
        var loaded = await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/performance");
        loaded.GetProperty("projects").GetArrayLength().Should().Be(0);
        loaded.GetProperty("gradeSchemes").EnumerateArray().Select(g => g.GetProperty("id").GetString()).Should().Contain(["four-band", "shanghai", "five-band"]);
        var version = loaded.GetProperty("version").GetInt32();

        var body = JsonSerializer.SerializeToNode(Document("中"))!.AsObject();
        body["version"] = version;
        var saved = await officer.PutAsJsonAsync($"{s.Base()}/performance", body);

        saved.StatusCode.Should().Be(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        var read = await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/performance");
        read.GetProperty("department").GetProperty("funds").GetProperty("total").GetProperty("fullYearBudget").GetRawText().Should().Be("3935.011");
        read.GetProperty("department").GetProperty("indicators")[0].GetProperty("target").GetString().Should().Be("≥140万件");
        read.GetProperty("projects")[1].GetProperty("grade").GetString().Should().Be("中");
        read.GetProperty("version").GetInt32().Should().BeGreaterThan(version);

        var findings = await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/reconciliation");
        var p01 = findings.GetProperty("results").EnumerateArray().Where(r => r.GetProperty("rule").GetString() == "P-01" && r.GetProperty("status").GetString() == "fail").ToList();
        p01.Should().ContainSingle();
        var cell = p01[0].GetProperty("cells").EnumerateArray().First(c => c.GetProperty("performance").GetProperty("column").GetString() == "等级");
        cell.GetProperty("table").GetString().Should().Be("P");
        cell.GetProperty("performance").GetProperty("project").GetString().Should().Be("其他资金");
        findings.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "P-05").GetProperty("status").GetString().Should().BeOneOf("pass", "tail");
        var submit = await officer.PostAsJsonAsync($"{s.Base()}/submit", new { explanations = new Dictionary<string, string>() });
        submit.StatusCode.Should().Be(HttpStatusCode.Conflict, "P-01 is an error");

        var audit = await s.As["admin"].GetFromJsonAsync<JsonElement>($"/api/audit?department={s.Code}&action=performance.change");
        audit.EnumerateArray().Should().ContainSingle().Which.GetProperty("detail").GetString().Should().Contain("2 个项目");

        var current = read.GetProperty("version").GetInt32();
        var fixedBody = JsonSerializer.SerializeToNode(Document("优"))!.AsObject();
        fixedBody["version"] = current;
        (await officer.PutAsJsonAsync($"{s.Base()}/performance", fixedBody)).StatusCode.Should().Be(HttpStatusCode.OK);
        var after = await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/reconciliation");
        after.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "P-01").GetProperty("status").GetString().Should().Be("pass");

        var stale = JsonSerializer.SerializeToNode(Document("良"))!.AsObject();
        stale["version"] = current;
        (await officer.PutAsJsonAsync($"{s.Base()}/performance", stale)).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await officer.PutAsJsonAsync($"{s.Base()}/performance", Document("良"))).StatusCode.Should().Be(HttpStatusCode.PreconditionRequired);
        (await s.As["other-officer"].PutAsJsonAsync($"{s.Base()}/performance", new { version = current + 1 })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await s.As["public"].GetAsync($"{s.Base()}/performance")).StatusCode.Should().Be(HttpStatusCode.NotFound, "a draft is invisible to the public");
    }

    [Fact]
    public async Task Bad_input_names_each_field_and_an_empty_document_removes_it()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var officer = s.As["officer"];
        var version = (await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/performance")).GetProperty("version").GetInt32();

        var bad = await officer.PutAsJsonAsync($"{s.Base()}/performance", new
        {
            department = new { name = "测试局", indicators = new[] { new { name = "受理数", target = "≥" } } },
            projects = new[] { new { totalScore = 90 } },
            version,
        });
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var targets = (await Scenario.ProblemAsync(bad)).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("target").GetString()).ToList();
        targets.Should().BeEquivalentTo(["绩效 department.indicators[0].target", "绩效 projects[0]"]);
        (await officer.PutAsJsonAsync($"{s.Base()}/performance", new { gradeScheme = "seven-band", version })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await officer.PutAsJsonAsync($"{s.Base()}/performance", new { projects = new[] { new { name = "甲", score = 1 } }, version })).StatusCode
            .Should().Be(HttpStatusCode.BadRequest, "unknown fields are refused");

        var body = JsonSerializer.SerializeToNode(Document("优"))!.AsObject();
        body["version"] = version;
        var saved = await officer.PutAsJsonAsync($"{s.Base()}/performance", body);
        saved.StatusCode.Should().Be(HttpStatusCode.OK);
        var emptied = await officer.PutAsJsonAsync($"{s.Base()}/performance", new { version = (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32() });
        emptied.StatusCode.Should().Be(HttpStatusCode.OK);
        (await emptied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("department").ValueKind.Should().Be(JsonValueKind.Null);
        var findings = await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/reconciliation");
        findings.GetProperty("rules").EnumerateArray().Where(r => r.GetProperty("id").GetString()![0] is 'P' or 'D')
            .Should().HaveCount(25).And.OnlyContain(r => r.GetProperty("status").GetString() == "n/a");
    }

    [Fact]
    public async Task The_published_demo_serves_its_绩效_and_its_certificate_lists_the_seeds_defects()
    {
        using var client = fixture.Portal.CreateClient();

        var performance = await client.GetFromJsonAsync<JsonElement>("/api/reports/jdz-zwsjglj/2023/performance");
        var findings = await client.GetFromJsonAsync<JsonElement>("/api/reports/jdz-zwsjglj/2023/reconciliation");

        performance.GetProperty("department").GetProperty("indicators").GetArrayLength().Should().Be(25);
        performance.GetProperty("projects").GetArrayLength().Should().Be(14);
        performance.GetProperty("financeFeedbacks")[0].GetProperty("score").GetRawText().Should().Be("81.47");
        var failing = findings.GetProperty("rules").EnumerateArray().Where(r => r.GetProperty("status").GetString() == "fail").Select(r => r.GetProperty("id").GetString()).ToList();
        failing.Should().Contain(["P-01", "P-11", "P-13", "D-02", "D-03", "D-05", "D-06", "D-07", "D-08"]);
        failing.Should().NotContain(["P-02", "P-03", "P-04", "P-05", "P-06", "P-07", "P-09", "P-10", "P-12", "D-01", "D-04", "D-09", "D-10", "D-11"]);
    }

    [Fact]
    public async Task Seed_004s_2022_draft_is_its_officers_and_never_public()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        var officer = await s.LoginAsync("officer-nc", "Demo#2023pass");
        const string report = "/api/reports/nc-zwfwsjglj/2022";

        var performance = await officer.GetFromJsonAsync<JsonElement>($"{report}/performance");
        performance.GetProperty("department").GetProperty("name").GetString().Should().Be("南昌市政务服务数据管理局");
        performance.GetProperty("department").GetProperty("indicators").GetArrayLength().Should().Be(44);
        var findings = await officer.GetFromJsonAsync<JsonElement>($"{report}/reconciliation");
        string Status(string rule) => findings.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == rule).GetProperty("status").GetString()!;
        Status("P-03").Should().Be("tail", "the printed total 94 is 94.44 as a whole number");
        Status("P-09").Should().BeOneOf("pass", "tail");
        Status("S-01").Should().Be("fail", "the seed has no tables: the draft cannot be submitted until they are entered");

        (await s.As["public"].GetAsync($"{report}/performance")).StatusCode.Should().Be(HttpStatusCode.NotFound, "a draft is never public");
        (await officer.PostAsJsonAsync("/api/reports/jdz-zwsjglj/2024", new { templateSet = "jiangxi-2023" })).StatusCode.Should().Be(HttpStatusCode.Forbidden, "its officer edits only its own department");
    }
    [Fact]
    public async Task The_workbook_carries_the_performance_sheets_and_an_import_replaces_it_or_names_the_bad_cell()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var officer = s.As["officer"];
        var body = JsonSerializer.SerializeToNode(Document("优"))!.AsObject();
        body["version"] = (await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/performance")).GetProperty("version").GetInt32();
        (await officer.PutAsJsonAsync($"{s.Base()}/performance", body)).StatusCode.Should().Be(HttpStatusCode.OK);
        var exported = await officer.GetByteArrayAsync($"/reports/{s.Code}/2023/export.xlsx");
        const string Sheet = "部门整体支出绩效自评表";
        const string Score = "G14"; // the first indicator's 得分: title, name, totals, funds (label, header, total), goals (label, header), indicators (label, header)

        var bad = await WorkbookTests.Upload(officer, $"{s.Base()}/import/preview", Workbooks.Edit(exported, Sheet, Score, "八十", text: true));
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Scenario.ProblemAsync(bad)).GetProperty("detail").GetString().Should().Contain($"{Sheet}!{Score}").And.Contain("“八十”不是数字");

        var edited = Workbooks.Edit(exported, Sheet, Score, "80");
        var preview = await WorkbookTests.Upload(officer, $"{s.Base()}/import/preview", edited);
        preview.StatusCode.Should().Be(HttpStatusCode.OK, await preview.Content.ReadAsStringAsync());
        var previewed = await preview.Content.ReadFromJsonAsync<JsonElement>();
        previewed.GetProperty("performanceChanged").GetBoolean().Should().BeTrue("the preview says the 绩效 sheets differ");
        previewed.GetProperty("changed").GetInt32().Should().Be(0, "no table cell changes");
        var version = previewed.GetProperty("version").GetInt32();
        (await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/performance")).GetProperty("department").GetProperty("indicators")[0]
            .GetProperty("score").GetDecimal().Should().Be(90, "a preview writes nothing");

        var applied = await WorkbookTests.Upload(officer, $"{s.Base()}/import", edited, version);

        applied.StatusCode.Should().Be(HttpStatusCode.OK, await applied.Content.ReadAsStringAsync());
        var read = await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/performance");
        read.GetProperty("department").GetProperty("indicators")[0].GetProperty("score").GetDecimal().Should().Be(80);
        read.GetProperty("department").GetProperty("funds").GetProperty("total").GetProperty("fullYearBudget").GetRawText().Should().Be("3935.011");
        read.GetProperty("projects").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Should().Equal("拨付采购工作经费", "其他资金");
    }
}

public sealed class SqlitePerformanceApiTests(SharedSqlitePortal fixture) : PerformanceApiTests(fixture), IClassFixture<SharedSqlitePortal>;

public sealed class PostgresPerformanceApiTests(SharedPostgresPortal fixture) : PerformanceApiTests(fixture), IClassFixture<SharedPostgresPortal>;
