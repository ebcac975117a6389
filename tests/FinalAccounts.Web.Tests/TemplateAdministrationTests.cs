using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using FinalAccounts.Infrastructure.Templates;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// Administrators upload a template set (layout + rules), which is validated with every error named, previewed, and
/// activated without a restart; shipped and active sets never change; officers cannot upload.
/// </summary>
public abstract class TemplateAdministrationTests(PortalFixture fixture)
{
    /// <summary>The shipped jiangxi-2023 files under a new id, serving other years (a set an operator would write).</summary>
    public static (JsonObject Template, JsonObject Rules) Upload(string id, int from, int to)
    {
        var template = JsonNode.Parse(ReferenceDataLoader.ReadEmbedded("templates/jiangxi-2023.json"))!.AsObject();
        template["id"] = id;
        template["name"] = $"测试上传表样 {id}";
        template["fiscalYear"] = from;
        template["years"] = new JsonObject { ["from"] = from, ["to"] = to };
        var rules = JsonNode.Parse(ReferenceDataLoader.ReadEmbedded("templates/jiangxi-2023.rules.json"))!.AsObject();
        rules["templateSet"] = id;
        return (template, rules);
    }

    [Fact]
    public async Task An_upload_is_validated_previewed_and_activated_without_a_restart()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        var admin = s.As["admin"];
        var id = $"jx-up-{s.Suffix}";
        var (template, rules) = Upload(id, 2031, 2032);

        var before = await s.As["officer"].PostAsJsonAsync(s.Base(2031), new { templateSet = id });
        before.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Scenario.ProblemAsync(before)).GetProperty("detail").GetString().Should().Contain($"模板“{id}”不存在");
        (await s.As["officer"].PutAsJsonAsync($"/api/templates/{id}", new { template, rules })).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var uploaded = await admin.PutAsJsonAsync($"/api/templates/{id}", new { template, rules });
        uploaded.StatusCode.Should().Be(HttpStatusCode.OK, await uploaded.Content.ReadAsStringAsync());
        (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString().Should().Be("uploaded");
        (await s.As["public"].GetFromJsonAsync<JsonElement>("/api/templates")).EnumerateArray().Select(t => t.GetProperty("id").GetString())
            .Should().Contain("jiangxi-2023").And.NotContain(id, "an upload is not public before it is activated");
        (await admin.GetFromJsonAsync<JsonElement>("/api/templates")).EnumerateArray()
            .Should().Contain(t => t.GetProperty("id").GetString() == id && t.GetProperty("state").GetString() == "uploaded" && t.GetProperty("tables").GetInt32() == 10);
        (await s.As["officer"].PostAsJsonAsync(s.Base(2031), new { templateSet = id })).StatusCode.Should().Be(HttpStatusCode.BadRequest, "not active yet");

        // Preview: the blank workbook of the upload, for administrators only until it is active.
        (await s.As["public"].GetAsync($"/templates/{id}/blank.xlsx")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var blank = await admin.GetByteArrayAsync($"/templates/{id}/blank.xlsx");
        using (var workbook = SpreadsheetDocument.Open(new MemoryStream(blank), false))
        {
            workbook.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Count().Should().BeGreaterThanOrEqualTo(10);
        }

        var activated = await admin.PostAsync($"/api/templates/{id}/activate", null);
        activated.StatusCode.Should().Be(HttpStatusCode.OK, await activated.Content.ReadAsStringAsync());
        var created = await s.As["officer"].PostAsJsonAsync(s.Base(2031), new { templateSet = id });
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        (await s.As["public"].GetFromJsonAsync<JsonElement>($"/api/templates/{id}")).GetProperty("years").GetRawText().Should().Contain("2031");

        // An active set is in use: it never changes; nor can a shipped one be replaced.
        var again = await admin.PutAsJsonAsync($"/api/templates/{id}", new { template, rules });
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await Scenario.ProblemAsync(again)).GetProperty("detail").GetString().Should().Contain("已启用").And.Contain("新的模板编号");
        (await admin.PostAsync($"/api/templates/{id}/activate", null)).StatusCode.Should().Be(HttpStatusCode.Conflict);
        var (shipped, shippedRules) = Upload("jiangxi-2023", 2023, 2023);
        (await admin.PutAsJsonAsync("/api/templates/jiangxi-2023", new { template = shipped, rules = shippedRules })).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await admin.PostAsync("/api/templates/no-such-set/activate", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/audit?take=1000");
        audit.EnumerateArray().Should().Contain(a => a.GetProperty("action").GetString() == "template.upload" && a.GetProperty("detail").GetString()!.Contains(id));
        audit.EnumerateArray().Should().Contain(a => a.GetProperty("action").GetString() == "template.activate" && a.GetProperty("detail").GetString()!.Contains(id));
    }

    [Fact]
    public async Task A_broken_upload_names_every_error_and_stores_nothing()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        var admin = s.As["admin"];
        var id = $"jx-bad-{s.Suffix}";
        var (template, rules) = Upload(id, 2033, 2033);

        // A duplicated row key in 公开01表 and a rule on a row no table has.
        var rows = template["tables"]![0]!["panels"]![0]!["rows"]!.AsArray();
        rows[1]!["key"] = "1";
        var first = rules["rules"]!.AsArray().First(r => r!["formula"] is not null)!;
        first["formula"] = "T01[999] = T01[27]";
        var broken = await admin.PutAsJsonAsync($"/api/templates/{id}", new { template, rules });
        broken.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await Scenario.ProblemAsync(broken)).GetProperty("errors").EnumerateArray().ToList();
        errors.Should().Contain(e => e.GetProperty("target").GetString() == $"模板 {id} 公开01表 行 1" && e.GetProperty("message").GetString()!.Contains("重复"));

        rows[1]!["key"] = "2";
        var badRule = await admin.PutAsJsonAsync($"/api/templates/{id}", new { template, rules });
        badRule.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Scenario.ProblemAsync(badRule)).GetRawText().Should().Contain(first["id"]!.GetValue<string>()).And.Contain("999");

        var syntax = await admin.PutAsJsonAsync($"/api/templates/{id}", new { template = "{\n \"id\": \"x\",\n \"tables\": [ }", rules = rules.ToJsonString() });
        syntax.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Scenario.ProblemAsync(syntax)).GetProperty("detail").GetString().Should().MatchRegex("不是有效的 JSON（第 3 行第 \\d+ 个字节）");

        var mismatch = await admin.PutAsJsonAsync($"/api/templates/other-{s.Suffix}", new { template, rules });
        mismatch.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Scenario.ProblemAsync(mismatch)).GetProperty("detail").GetString().Should().Contain("不一致");
        (await admin.PutAsJsonAsync("/api/templates/Bad_Id", new { template, rules })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await admin.PutAsJsonAsync($"/api/templates/{id}", new { template })).StatusCode.Should().Be(HttpStatusCode.BadRequest, "the rules are missing");

        (await admin.GetFromJsonAsync<JsonElement>("/api/templates")).EnumerateArray().Select(t => t.GetProperty("id").GetString()).Should().NotContain(id);
    }
}

public sealed class SqliteTemplateAdministrationTests(SqlitePortal fixture) : TemplateAdministrationTests(fixture), IClassFixture<SqlitePortal>;

public sealed class PostgresTemplateAdministrationTests(PostgresPortal fixture) : TemplateAdministrationTests(fixture), IClassFixture<PostgresPortal>;
