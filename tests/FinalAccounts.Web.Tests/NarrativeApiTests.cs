using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// 情况说明 and 名词解释 through the API (issue 11): written by the department's officer against the version loaded,
/// normalised on input, audited; the N rules run on the text wherever the report is reconciled, drafts included.
/// </summary>
public abstract class NarrativeApiTests(PortalFixture fixture)
{
    // The demo's figures that are not in the tables (年初预算, 机关运行经费, 政府采购, last year's), as the domain's drafter test uses them.
    private static readonly IReadOnlyDictionary<string, decimal> DemoInputs = FinalAccounts.Tests.Shared.DemoNarrativeInputs.All;

    private const string Kangxi = "本部门2023年度收⼊总计⼀百万元。"; // ⼊ ⼀: Kangxi radicals as pasted from a PDF

    [Fact]
    public async Task The_officer_writes_the_narrative_normalised_and_audited_against_the_version_loaded()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var officer = s.As["officer"];
        var loaded = await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/narrative");
        loaded.GetProperty("sections").GetArrayLength().Should().Be(9);
        loaded.GetProperty("sections")[0].GetProperty("heading").GetString().Should().Be("一、收入决算情况说明");
        var version = loaded.GetProperty("version").GetInt32();

        var saved = await officer.PutAsJsonAsync($"{s.Base()}/narrative", new
        {
            sections = new object[] { new { heading = "一、收入决算情况说明", text = Kangxi }, new { text = "支出说明。" } },
            inputs = new Dictionary<string, decimal> { ["机关运行经费"] = 12.34m, ["年初预算.201"] = 100m },
            version,
        });

        saved.StatusCode.Should().Be(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        var body = await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/narrative");
        body.GetProperty("sections")[0].GetProperty("text").GetString().Should().Be("本部门2023年度收入总计一百万元。");
        body.GetProperty("sections")[1].GetProperty("text").GetString().Should().Be("支出说明。");
        body.GetProperty("sections")[2].GetProperty("text").GetString().Should().BeEmpty();
        body.GetProperty("inputs").GetProperty("机关运行经费").GetDecimal().Should().Be(12.34m);
        body.GetProperty("version").GetInt32().Should().BeGreaterThan(version);
        var audit = await s.As["admin"].GetFromJsonAsync<JsonElement>($"/api/audit?department={s.Code}&action=narrative.change");
        audit.EnumerateArray().Should().Contain(a => a.GetProperty("row").GetString() == "情况说明.1" && a.GetProperty("detail").GetString()!.Contains("一、收入决算情况说明", StringComparison.Ordinal) && a.GetProperty("new").GetString()!.StartsWith("本部门2023年度收入", StringComparison.Ordinal));
        audit.EnumerateArray().Should().Contain(a => a.GetProperty("row").GetString() == "机关运行经费" && a.GetProperty("new").GetString() == "12.34");

        var stale = await officer.PutAsJsonAsync($"{s.Base()}/narrative", new { sections = new[] { new { text = "别的。" } }, version });
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await s.As["other-officer"].PutAsJsonAsync($"{s.Base()}/narrative", new { sections = new[] { new { text = "外人。" } }, version = version + 1 }))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await s.As["public"].GetAsync($"{s.Base()}/narrative")).StatusCode.Should().Be(HttpStatusCode.NotFound, "a draft is invisible to the public");

        var bad = await officer.PutAsJsonAsync($"{s.Base()}/narrative", new
        {
            sections = new[] { new { heading = "二、支出决算情况说明", text = "收入\u0007说明" } },
            inputs = new Dictionary<string, decimal> { ["随便"] = 1m },
            version = version + 1,
        });
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var targets = (await Scenario.ProblemAsync(bad)).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("target").GetString()).ToList();
        targets.Should().BeEquivalentTo(["sections[0].heading", "sections[0].text", "inputs.随便"]);
    }

    [Fact]
    public async Task The_draft_reconciliation_is_shown_to_its_readers_with_the_sentence_and_an_N_error_blocks_submission()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var officer = s.As["officer"];
        var version = (await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/narrative")).GetProperty("version").GetInt32();
        (await officer.PutAsJsonAsync($"{s.Base()}/narrative", new { inputs = DemoInputs, version })).StatusCode.Should().Be(HttpStatusCode.OK);
        var draft = await officer.PostAsJsonAsync($"{s.Base()}/narrative/draft", new { });
        draft.StatusCode.Should().Be(HttpStatusCode.OK, await draft.Content.ReadAsStringAsync());
        var drafted = (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sections").EnumerateArray().Select(x => x.GetProperty("text").GetString()!).ToList();
        drafted[0].Should().Contain("【待填写主要原因】");
        (await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/narrative")).GetProperty("sections")[0].GetProperty("text").GetString().Should().BeEmpty("a draft is not stored unless asked");

        await PutSectionsAsync(s, drafted);
        var findings = await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/reconciliation");
        findings.GetProperty("status").GetString().Should().Be("Draft");
        var placeholder = Failures(findings, "N0-01").First();
        placeholder.GetProperty("text").GetProperty("section").GetInt32().Should().BeGreaterThan(0);
        placeholder.GetProperty("text").GetProperty("sentence").GetString().Should().Contain("【待填写主要原因】");
        var submit = await officer.PostAsJsonAsync($"{s.Base()}/submit", new { explanations = new Dictionary<string, string>() });
        submit.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await Scenario.ProblemAsync(submit)).GetProperty("detail").GetString().Should().Contain("N0-01");

        (await s.As["reviewer"].GetFromJsonAsync<JsonElement>($"{s.Base()}/reconciliation")).GetProperty("status").GetString().Should().Be("Draft");
        foreach (var outsider in new[] { "other-officer", "other-reviewer", "public" })
        {
            (await s.As[outsider].GetAsync($"{s.Base()}/reconciliation")).StatusCode.Should().Be(HttpStatusCode.NotFound, outsider);
        }

        // Reasons written: the draft passes every N rule.
        var filled = drafted.Select(t => t.Replace("【待填写主要原因】", "业务需要", StringComparison.Ordinal)
            .Replace("\n【待填写：绩效自评、部门评价和部门整体支出绩效评价的开展情况与结果】", "", StringComparison.Ordinal)).ToList();
        await PutSectionsAsync(s, filled);
        findings = await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/reconciliation");
        findings.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("rule").GetString()!.StartsWith('N') && r.GetProperty("status").GetString() == "fail")
            .Select(r => $"{r.GetProperty("rule").GetString()} {r.GetProperty("message").GetString()}").Should().BeEmpty();
        findings.GetProperty("rules").EnumerateArray().Should().Contain(r => r.GetProperty("id").GetString() == "N1-01" && r.GetProperty("status").GetString() == "pass");

        // One changed number in the text: N1-01 names the sentence and the cell.
        var total = System.Text.RegularExpressions.Regex.Match(filled[0], @"收入总计(\d+(\.\d+)?)万元");
        total.Success.Should().BeTrue(filled[0]);
        var changed = filled.ToList();
        changed[0] = filled[0].Replace(total.Value, $"收入总计{decimal.Parse(total.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 7}万元", StringComparison.Ordinal);
        await PutSectionsAsync(s, changed);
        findings = await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/reconciliation");
        var n101 = Failures(findings, "N1-01").Single();
        n101.GetProperty("text").GetProperty("section").GetInt32().Should().Be(1);
        n101.GetProperty("text").GetProperty("sentence").GetString().Should().Contain("收入总计");
        n101.GetProperty("cells").GetArrayLength().Should().BeGreaterThan(0);
        var range = n101.GetProperty("text");
        changed[0].Substring(range.GetProperty("start").GetInt32(), range.GetProperty("length").GetInt32()).Should().NotBeEmpty();
    }

    [Fact]
    public async Task Published_narrative_is_immutable_and_a_new_revision_carries_it_with_a_revision_note()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        await PutSectionsAsync(s, ["本部门2023年度收入说明。"]);
        var glossary = await s.As["officer"].GetFromJsonAsync<JsonElement>($"{s.Base()}/glossary");
        var terms = glossary.GetProperty("terms").EnumerateArray().Select(t => new { term = t.GetProperty("term").GetString()!, definition = t.GetProperty("definition").GetString()! }).ToList();
        var withOwn = await s.As["officer"].PutAsJsonAsync($"{s.Base()}/glossary", new { terms = terms.Append(new { term = "测试名词", definition = "指测试。" }), version = glossary.GetProperty("version").GetInt32() });
        withOwn.StatusCode.Should().Be(HttpStatusCode.OK, await withOwn.Content.ReadAsStringAsync());
        await PublishExplainingWarningsAsync(s);

        var refused = await s.As["officer"].PutAsJsonAsync($"{s.Base()}/narrative", new { sections = new[] { new { text = "改。" } }, version = await s.VersionAsync(s.As["officer"]) });
        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);

        (await s.As["officer"].PostAsJsonAsync(s.Base(), new { templateSet = "jiangxi-2023" })).StatusCode.Should().Be(HttpStatusCode.Created);
        var carried = await s.As["officer"].GetFromJsonAsync<JsonElement>($"{s.Base()}/narrative");
        carried.GetProperty("revision").GetInt32().Should().Be(2);
        carried.GetProperty("sections")[0].GetProperty("text").GetString().Should().Be("本部门2023年度收入说明。");
        (await s.As["officer"].GetFromJsonAsync<JsonElement>($"{s.Base()}/glossary")).GetProperty("terms").EnumerateArray()
            .Should().Contain(t => t.GetProperty("term").GetString() == "测试名词" && !t.GetProperty("standard").GetBoolean());
        var noted = await s.As["officer"].PutAsJsonAsync($"{s.Base()}/narrative", new { revisionNote = "更正收入说明的金额。", version = carried.GetProperty("version").GetInt32() });
        noted.StatusCode.Should().Be(HttpStatusCode.OK, await noted.Content.ReadAsStringAsync());
        (await noted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revisionNote").GetString().Should().Be("更正收入说明的金额。");
        (await s.As["officer"].GetFromJsonAsync<JsonElement>($"{s.Base()}/narrative")).GetProperty("sections")[0].GetProperty("text").GetString().Should().Be("本部门2023年度收入说明。");

        // The corrected text is published: public page with 更正说明 and 出错说明, the diff by sentence, the workbook's 情况说明 sheet.
        await PutSectionsAsync(s, ["本部门2023年度收入说明。补充的更正句子。"]);
        await PublishExplainingWarningsAsync(s);
        var page = await s.As["public"].GetStringAsync($"/reports/{s.Code}/2023");
        page.Should().Contain("补充的更正句子。").And.Contain("更正收入说明的金额。");
        page.Should().MatchRegex("class=\"explanation\" data-rule=\"N[^\"]+\"><strong>出错说明：</strong>N[0-9-]+ 已核实，说明如实。");
        var diff = await s.As["public"].GetStringAsync($"/reports/{s.Code}/2023/diff?from=1&to=2");
        diff.Should().Contain("<ins>补充的更正句子。</ins>").And.Contain("<span>本部门2023年度收入说明。</span>");
        var workbook = await s.As["public"].GetByteArrayAsync($"/reports/{s.Code}/2023/export.xlsx");
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(workbook), false);
        document.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(x => x.Name!.Value).Should().Contain("情况说明");
    }

    [Fact]
    public async Task The_demo_reports_published_narrative_is_editable_in_a_new_revision_and_the_N_rules_run_on_it()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        var officer = await s.LoginAsync("officer", "Demo#2023pass");
        const string demo = "/api/reports/jdz-zwsjglj/2023";
        var published = await officer.GetFromJsonAsync<JsonElement>($"{demo}/narrative");
        var texts = published.GetProperty("sections").EnumerateArray().Select(x => x.GetProperty("text").GetString()!).ToList();
        texts.Should().Contain(t => t.Length > 0);

        var created = await officer.PostAsJsonAsync(demo, new { templateSet = "jiangxi-2023" });
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var draft = await officer.GetFromJsonAsync<JsonElement>($"{demo}/narrative");
        draft.GetProperty("status").GetString().Should().Be("Draft");
        draft.GetProperty("sections").EnumerateArray().Select(x => x.GetProperty("text").GetString()).Should().Equal(texts);

        var edited = texts.ToList();
        edited[0] += "\n以上为更正后的说明。";
        var saved = await officer.PutAsJsonAsync($"{demo}/narrative", new
        {
            sections = edited.Select(t => new { text = t }),
            revisionNote = "补充收入说明。",
            version = draft.GetProperty("version").GetInt32(),
        });
        saved.StatusCode.Should().Be(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());

        var findings = await officer.GetFromJsonAsync<JsonElement>($"/api/reports/jdz-zwsjglj/2023/reconciliation");
        findings.GetProperty("revision").GetInt32().Should().Be(2);
        var narrativeRules = findings.GetProperty("rules").EnumerateArray().Where(r => r.GetProperty("id").GetString()!.StartsWith('N')).ToList();
        narrativeRules.Should().Contain(r => r.GetProperty("status").GetString() == "pass");
        Failures(findings, "N9-03").Should().NotBeEmpty("the demo's text states what its tables contradict (ADR 0015)");
        Failures(findings, "N9-03").First().GetProperty("text").GetProperty("sentence").GetString().Should().NotBeNullOrEmpty();

        // Back to the published state for the other tests sharing this portal.
        (await officer.DeleteAsync($"{demo}")).StatusCode.Should().NotBe(HttpStatusCode.OK); // If-Match required
        var request = new HttpRequestMessage(HttpMethod.Delete, demo);
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{(await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32()}\""));
        (await officer.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    /// <summary>Submits with an 出错说明 for every failing warning (N rules included), approves and publishes.</summary>
    private static async Task PublishExplainingWarningsAsync(Scenario s)
    {
        var findings = await s.As["officer"].GetFromJsonAsync<JsonElement>($"{s.Base()}/reconciliation");
        var warnings = findings.GetProperty("rules").EnumerateArray()
            .Where(r => r.GetProperty("severity").GetString() == "warning" && r.GetProperty("status").GetString() == "fail")
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => $"{r.GetProperty("id").GetString()} 已核实，说明如实。");
        warnings.Keys.Should().Contain(k => k.StartsWith('N'), "a narrative that covers too little needs an explanation too");
        var submitted = await s.As["officer"].PostAsJsonAsync($"{s.Base()}/submit", new { explanations = warnings });
        submitted.StatusCode.Should().Be(HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync());
        (await s.As["reviewer"].PostAsync($"{s.Base()}/approve", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await s.As["reviewer"].PostAsync($"{s.Base()}/publish", null)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static IEnumerable<JsonElement> Failures(JsonElement findings, string rule) =>
        findings.GetProperty("results").EnumerateArray().Where(r => r.GetProperty("rule").GetString() == rule && r.GetProperty("status").GetString() == "fail");

    private static async Task PutSectionsAsync(Scenario s, IReadOnlyList<string> texts)
    {
        var version = (await s.As["officer"].GetFromJsonAsync<JsonElement>($"{s.Base()}/narrative")).GetProperty("version").GetInt32();
        var response = await s.As["officer"].PutAsJsonAsync($"{s.Base()}/narrative", new { sections = texts.Select(t => new { text = t }), version });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}

public sealed class SqliteNarrativeApiTests(SharedSqlitePortal fixture) : NarrativeApiTests(fixture), IClassFixture<SharedSqlitePortal>;

public sealed class PostgresNarrativeApiTests(SharedPostgresPortal fixture) : NarrativeApiTests(fixture), IClassFixture<SharedPostgresPortal>;
