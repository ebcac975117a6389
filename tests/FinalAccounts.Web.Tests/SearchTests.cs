using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// Search and browse (issue 14 item 4, ADR 0025) on SQLite and PostgreSQL: departments by name, alias and region,
/// the published 情况说明 in full text by CJK bigrams, filters that combine, and nothing that is not published.
/// </summary>
public abstract class SearchTests(PortalFixture fixture)
{
    [Fact]
    public async Task Full_text_finds_a_word_inside_a_sentence_of_the_published_narrative_and_marks_it()
    {
        // “厉行节约” stands in the middle of a sentence of 五、“三公”经费 (“主要原因：过紧日子，厉行节约。”).
        var json = await SearchAsync("q=" + Uri.EscapeDataString("厉行节约"));
        var hits = Paragraphs(json).Where(p => p.GetProperty("code").GetString() == "jdz-zwsjglj").ToList();

        hits.Should().NotBeEmpty();
        hits.Should().OnlyContain(p => p.GetProperty("fiscalYear").GetInt32() == 2023 && p.GetProperty("synthetic").GetBoolean() == false);
        hits[0].GetProperty("heading").GetString().Should().Be("五、财政拨款“三公”经费支出决算情况说明");
        hits[0].GetProperty("parts").EnumerateArray().Should().Contain(p => p.GetProperty("match").GetBoolean() && p.GetProperty("text").GetString() == "厉行节约");

        var page = await PageAsync("/?q=" + Uri.EscapeDataString("厉行节约"));
        page.Should().Contain("<mark>厉行节约</mark>").And.Contain("href=\"/reports/jdz-zwsjglj/2023#part-narrative\"");

        // Every bigram must occur in one paragraph: two words of different paragraphs find nothing together.
        var both = await SearchAsync("q=" + Uri.EscapeDataString("厉行节约 雪亮工程"));
        Paragraphs(both).Should().NotContain(p => p.GetProperty("code").GetString() == "jdz-zwsjglj");
        (await SearchAsync("q=" + Uri.EscapeDataString("雪亮工程"))).GetProperty("paragraphs").EnumerateArray()
            .Should().Contain(p => p.GetProperty("code").GetString() == "jdz-zwsjglj" && p.GetProperty("heading").GetString()!.StartsWith("九、", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Filters_combine_and_narrow()
    {
        var q = "q=" + Uri.EscapeDataString("厉行节约");
        string Region(string r) => "&region=" + Uri.EscapeDataString(r);

        Codes(await SearchAsync(q + Region("江西省") + "&year=2023&level=" + Uri.EscapeDataString("市级"))).Should().Contain("jdz-zwsjglj");
        Codes(await SearchAsync(q + "&year=2022")).Should().NotContain("jdz-zwsjglj", "2022 has no published report of it");
        Codes(await SearchAsync(q + Region("江西省南昌市"))).Should().NotContain("jdz-zwsjglj");
        Codes(await SearchAsync(q + "&level=" + Uri.EscapeDataString("县级"))).Should().NotContain("jdz-zwsjglj");

        // Browsing: no text, only filters.
        var jiangxi = await SearchAsync("region=" + Uri.EscapeDataString("江西省景德镇市"));
        jiangxi.GetProperty("departments").EnumerateArray().Select(d => d.GetProperty("code").GetString()).Should().Contain("jdz-zwsjglj").And.NotContain("nc-zwfwsjglj");
        jiangxi.GetProperty("paragraphs").GetArrayLength().Should().Be(0);
        var withYear = await SearchAsync("region=" + Uri.EscapeDataString("江西省") + "&year=2023");
        withYear.GetProperty("departments").EnumerateArray().Select(d => d.GetProperty("code").GetString())
            .Should().Contain("jdz-zwsjglj").And.NotContain("nc-zwfwsjglj", "南昌 has only a 2022 draft");
        var byAlias = await SearchAsync("q=" + Uri.EscapeDataString("景德镇市政务数据管理局"));
        byAlias.GetProperty("departments").EnumerateArray().Should().ContainSingle(d => d.GetProperty("code").GetString() == "jdz-zwsjglj");
        byAlias.GetProperty("facets").GetProperty("years").EnumerateArray().Select(y => y.GetInt32()).Should().Contain(2023);

        var page = await PageAsync("/?q=" + Uri.EscapeDataString("厉行节约") + Region("江西省南昌市") + "&year=2023");
        page.Should().Contain("已公开的情况说明中没有找到“厉行节约”").And.Contain("<option value=\"江西省南昌市\" selected>");
        (await fixture.Portal.CreateClient().GetAsync("/api/search?year=abc")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Unpublished_text_is_never_found_and_a_correction_replaces_the_published_text()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        // Unique per run: the scenario's digits spelt as Chinese numerals inside a sentence.
        var marker = "青鸾" + string.Concat(s.Suffix.Select(c => "零一二三四五六七八九"[c - '0'])) + "试点";
        var corrected = "白鹭" + marker[2..];
        await WriteNarrativeAsync(s, $"本部门本年度开展{marker}工作。");

        Codes(await SearchAsync("q=" + Uri.EscapeDataString(marker))).Should().BeEmpty("a draft is never searched");
        await PublishAsync(s);
        Codes(await SearchAsync("q=" + Uri.EscapeDataString(marker))).Should().Equal(s.Code);

        // A correction: revision 2 is a draft until published; the published revision 1 stays what is found.
        var officer = s.As["officer"];
        (await officer.PostAsJsonAsync(s.Base(), new { templateSet = "jiangxi-2023" })).StatusCode.Should().Be(HttpStatusCode.Created);
        await WriteNarrativeAsync(s, $"本部门本年度开展{corrected}工作。", "更正情况说明。");
        Codes(await SearchAsync("q=" + Uri.EscapeDataString(corrected))).Should().BeEmpty();
        Codes(await SearchAsync("q=" + Uri.EscapeDataString(marker))).Should().Equal(s.Code);

        await PublishAsync(s);
        Codes(await SearchAsync("q=" + Uri.EscapeDataString(corrected))).Should().Equal(s.Code);
        Codes(await SearchAsync("q=" + Uri.EscapeDataString(marker))).Should().BeEmpty("only the latest published revision is searched");
        Paragraphs(await SearchAsync("q=" + Uri.EscapeDataString(corrected))).Single().GetProperty("revision").GetInt32().Should().Be(2);
    }

    // The one-section 情况说明 fails warning-level N rules (sections left blank); each gets its 出错说明.
    private static async Task PublishAsync(Scenario s)
    {
        var officer = s.As["officer"];
        var reconciliation = await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/reconciliation");
        var explanations = reconciliation.GetProperty("rules").EnumerateArray()
            .Where(r => r.GetProperty("severity").GetString() == "warning" && r.GetProperty("status").GetString() == "fail")
            .ToDictionary(r => r.GetProperty("id").GetString()!, _ => "测试：情况说明只写了一节。");
        var submitted = await officer.PostAsJsonAsync($"{s.Base()}/submit", new { explanations });
        submitted.StatusCode.Should().Be(HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync());
        (await s.As["reviewer"].PostAsync($"{s.Base()}/approve", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var published = await s.As["reviewer"].PostAsync($"{s.Base()}/publish", null);
        published.StatusCode.Should().Be(HttpStatusCode.OK, await published.Content.ReadAsStringAsync());
    }

    private static async Task WriteNarrativeAsync(Scenario s, string text, string? revisionNote = null)
    {
        var officer = s.As["officer"];
        var version = (await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/narrative")).GetProperty("version").GetInt32();
        var saved = await officer.PutAsJsonAsync($"{s.Base()}/narrative", new { sections = new[] { new { heading = "一、收入决算情况说明", text } }, revisionNote, version });
        saved.StatusCode.Should().Be(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> SearchAsync(string query)
    {
        using var client = fixture.Portal.CreateClient();
        var response = await client.GetAsync("/api/search?" + query);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<string> PageAsync(string url)
    {
        using var client = fixture.Portal.CreateClient();
        var response = await client.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, url);
        return await response.Content.ReadAsStringAsync();
    }

    private static List<JsonElement> Paragraphs(JsonElement json) => json.GetProperty("paragraphs").EnumerateArray().ToList();

    private static List<string?> Codes(JsonElement json) => Paragraphs(json).Select(p => p.GetProperty("code").GetString()).Distinct().ToList();
}

public sealed class SqliteSearchTests(SharedSqlitePortal fixture) : SearchTests(fixture), IClassFixture<SharedSqlitePortal>;

public sealed class PostgresSearchTests(SharedPostgresPortal fixture) : SearchTests(fixture), IClassFixture<SharedPostgresPortal>;
