using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>概况 is edited like a table: as a whole, by the department's officer, against the version loaded, audited field by field.</summary>
public abstract class OverviewApiTests(PortalFixture fixture)
{
    [Fact]
    public async Task The_officer_replaces_the_overview_and_every_changed_field_is_audited()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var officer = s.As["officer"];
        var loaded = await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/overview");
        var version = loaded.GetProperty("version").GetInt32();

        var saved = await officer.PutAsJsonAsync($"{s.Base()}/overview", new
        {
            nameInHeaders = "测试局",
            duties = "负责测试。\n负责验收。",
            units = new[] { new { seq = "01", name = "测试局本级", budgetLevel = "市级" }, new { seq = "02", name = "测试中心", budgetLevel = "二级" } },
            staff = new { active = 12, retired = 3, other = 0, retiredPaidByPensionFund = 2 },
            version,
        });

        saved.StatusCode.Should().Be(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        var body = await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/overview");
        body.GetProperty("nameInHeaders").GetString().Should().Be("测试局");
        body.GetProperty("units").GetArrayLength().Should().Be(2);
        body.GetProperty("staff").GetProperty("active").GetInt32().Should().Be(12);
        body.GetProperty("version").GetInt32().Should().BeGreaterThan(version);
        var audit = await s.As["admin"].GetFromJsonAsync<JsonElement>($"/api/audit?department={s.Code}&action=overview.change");
        audit.EnumerateArray().Should().Contain(a => a.GetProperty("row").GetString() == "年末在职人员" && a.GetProperty("new").GetString() == "12");
        audit.EnumerateArray().Should().Contain(a => a.GetProperty("row").GetString() == "部门名称" && a.GetProperty("new").GetString() == "测试局");

        var stale = await officer.PutAsJsonAsync($"{s.Base()}/overview", new { nameInHeaders = "别的名字", version });
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/overview")).GetProperty("nameInHeaders").GetString().Should().Be("测试局");
    }

    [Fact]
    public async Task Bad_overview_input_is_refused_field_by_field_and_nothing_is_saved()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var before = await s.As["officer"].GetStringAsync($"{s.Base()}/overview");

        var response = await s.As["officer"].PutAsJsonAsync($"{s.Base()}/overview", new
        {
            nameInHeaders = "",
            duties = "职责",
            units = new[] { new { seq = "01", name = "", budgetLevel = "市级" } },
            staff = new { active = -1 },
        });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await Scenario.ProblemAsync(response)).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("target").GetString()).ToList();
        errors.Should().BeEquivalentTo(["概况.部门名称", "概况.单位[1]", "概况.年末在职人员"]);
        (await s.As["officer"].GetStringAsync($"{s.Base()}/overview")).Should().Be(before);
        (await s.As["other-officer"].PutAsJsonAsync($"{s.Base()}/overview", new { nameInHeaders = "外人" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await s.As["reviewer"].PutAsJsonAsync($"{s.Base()}/overview", new { nameInHeaders = "审核人" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await s.As["public"].GetAsync($"{s.Base()}/overview")).StatusCode.Should().Be(HttpStatusCode.NotFound, "a draft is invisible to the public");
    }
}

public sealed class SqliteOverviewApiTests(SharedSqlitePortal fixture) : OverviewApiTests(fixture), IClassFixture<SharedSqlitePortal>;

public sealed class PostgresOverviewApiTests(SharedPostgresPortal fixture) : OverviewApiTests(fixture), IClassFixture<SharedPostgresPortal>;
