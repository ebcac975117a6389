using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinalAccounts.Tests.Shared;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// Issue 11's acceptance on a real report the rules were not written for: seed 001 (南昌市东湖区政务服务数据管理局
/// 2022年度部门决算) entered through the API — its ten tables (rebuilt from its text, the PDF omits them), its 情况说明
/// pasted as printed (PDF line breaks, stray spaces) and its 名词解释 — is flagged where its text contradicts its tables
/// and nowhere else with an error; one changed cell of 公开09表 or 公开01表 fails the N rule on the sentence stating it.
/// </summary>
public abstract class Seed001AcceptanceTests(PortalFixture fixture)
{
    [Fact]
    public async Task The_printed_report_has_no_error_but_its_catalogued_defects_and_a_changed_cell_fails_on_its_sentence()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        var code = $"dh-zwsj-{s.Suffix}";
        var admin = s.As["admin"];
        (await admin.PostAsJsonAsync("/api/departments", new { code, name = Seed001Report.DepartmentName, region = "江西省南昌市东湖区", level = "区级" }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        var created = await admin.PostAsJsonAsync("/api/users", new { userName = $"dh-officer-{s.Suffix}", password = Scenario.Password, roles = new[] { "officer" }, departments = new[] { code } });
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var officer = await s.LoginAsync($"dh-officer-{s.Suffix}", Scenario.Password);
        var report = $"/api/reports/{code}/{Seed001Report.FiscalYear}";
        var made = await officer.PostAsJsonAsync(report, new { templateSet = "jiangxi-2023" });
        made.StatusCode.Should().Be(HttpStatusCode.Created, await made.Content.ReadAsStringAsync());

        foreach (var table in Seed001Report.Cells().GroupBy(c => c.Table))
        {
            await PutTableAsync(officer, report, table.Key, table);
        }

        var printed = Seed001Report.Sections();
        var version = (await officer.GetFromJsonAsync<JsonElement>($"{report}/narrative")).GetProperty("version").GetInt32();
        var saved = await officer.PutAsJsonAsync($"{report}/narrative", new
        {
            sections = printed.Select(x => new { heading = x.Heading, text = x.Text }),
            inputs = Seed001Report.Inputs,
            version,
        });
        saved.StatusCode.Should().Be(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        var stored = (await officer.GetFromJsonAsync<JsonElement>($"{report}/narrative")).GetProperty("sections").EnumerateArray().Select(x => x.GetProperty("text").GetString()!).ToList();
        stored[0].Should().Contain("其中年初结转\n\n和结余7.26万元", "the text is kept as pasted, only normalised");
        stored[8].Should().Contain("二级项目5个");

        var glossary = await officer.GetFromJsonAsync<JsonElement>($"{report}/glossary");
        var terms = Seed001Report.Glossary();
        var savedTerms = await officer.PutAsJsonAsync($"{report}/glossary", new { terms = terms.Select(t => new { term = t.Term, definition = t.Definition }), version = glossary.GetProperty("version").GetInt32() });
        savedTerms.StatusCode.Should().Be(HttpStatusCode.OK, await savedTerms.Content.ReadAsStringAsync());
        (await officer.GetFromJsonAsync<JsonElement>($"{report}/glossary")).GetProperty("terms").EnumerateArray()
            .Should().Contain(t => t.GetProperty("term").GetString() == "财政拨款收入" && t.GetProperty("definition").GetString() == "指上级财政当年拨付的资金。" && !t.GetProperty("standard").GetBoolean());

        // (a) No error anywhere; the failures are 001's catalogued defects (reconciliation-rules.md §4.3), all below error.
        var findings = await officer.GetFromJsonAsync<JsonElement>($"{report}/reconciliation");
        findings.GetProperty("status").GetString().Should().Be("Draft");
        Failures(findings).Where(f => f.GetProperty("severity").GetString() == "error").Select(Describe).Should().BeEmpty();
        Failures(findings).Select(f => f.GetProperty("rule").GetString()).Distinct().Should().BeEquivalentTo(["N3-04", "N5-02", "N0-04", "N9-02", "N9-06"]);
        Sentences(findings, "N3-04").Should().ContainSingle().Which.Should().Contain("（四）其他支出年初预算数为0万元").And.Contain("完成年初预算的100%"); // 001-7
        Sentences(findings, "N5-02").Should().HaveCount(5).And.OnlyContain(x => x.Contains("全年预算数为0万元", StringComparison.Ordinal) && x.Contains("完成全年预算的0%", StringComparison.Ordinal)); // 001-7
        Sentences(findings, "N0-04").Should().BeEquivalentTo(Sentences(findings, "N3-04").Concat(Sentences(findings, "N5-02"))); // the same zero bases
        Sentences(findings, "N9-02").Should().ContainSingle().Which.Should().Contain("共涉及资金586.76万元，占项目支出总额的100%"); // 001-4
        Sentences(findings, "N9-06").Should().ContainSingle().Which.Should().Contain("组织开展单位整体支出绩效评价，涉及一般公共预算支出729.94万元"); // 001-6
        foreach (var failure in Failures(findings).Where(f => f.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.Object))
        {
            var text = failure.GetProperty("text");
            stored[text.GetProperty("section").GetInt32() - 1].Substring(text.GetProperty("start").GetInt32(), text.GetProperty("length").GetInt32())
                .Should().Be(text.GetProperty("sentence").GetString(), "the range points into the stored text");
        }

        var rules = findings.GetProperty("rules").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("status").GetString());
        rules["S-02"].Should().Be("pass", "jiangxi-2023 serves 2022");
        rules["N5-03"].Should().Be("pass");
        rules["N1-01"].Should().Be("pass");
        rules["N0-07"].Should().Be("pass", "every number of 一 … 八 is read");

        // (b) 公开09表 国内公务接待批次 0 → 3: N5-03 fails as an error on “全年国内公务接待0批…” and names the cell.
        await PutTableAsync(officer, report, "09", Seed001Report.CellsWith("09", "15", 3, "3").Where(c => c.Table == "09"));
        findings = await officer.GetFromJsonAsync<JsonElement>($"{report}/reconciliation");
        var n503 = Failures(findings).Where(f => f.GetProperty("rule").GetString() == "N5-03").Should().ContainSingle().Subject;
        n503.GetProperty("severity").GetString().Should().Be("error");
        (n503.GetProperty("lhs").GetDecimal(), n503.GetProperty("rhs").GetDecimal()).Should().Be((0m, 3m));
        AssertNames(n503, stored, 5, "全年国内公务接待0批", ("09", "15", 3));
        Failures(findings).Where(f => f.GetProperty("severity").GetString() == "error").Select(f => f.GetProperty("rule").GetString()).Should().Equal(["N5-03"], "the table itself still adds up");

        // (c) 公开01表 其他收入 19.59 → 29.59: N1-01 fails on “其他收入19.59万元” and names the cell (the table's own sums fail too).
        await PutTableAsync(officer, report, "09", Seed001Report.Cells().Where(c => c.Table == "09"));
        await PutTableAsync(officer, report, "01", Seed001Report.CellsWith("01", "8", 1, "29.59").Where(c => c.Table == "01"));
        findings = await officer.GetFromJsonAsync<JsonElement>($"{report}/reconciliation");
        var n101 = Failures(findings).Where(f => f.GetProperty("rule").GetString() == "N1-01").Should().ContainSingle().Subject;
        n101.GetProperty("severity").GetString().Should().Be("error");
        (n101.GetProperty("lhs").GetDecimal(), n101.GetProperty("rhs").GetDecimal()).Should().Be((19.59m, 29.59m));
        AssertNames(n101, stored, 1, "其他收入19.59万元", ("01", "8", 1));
        Failures(findings).Where(f => f.GetProperty("severity").GetString() == "error" && f.GetProperty("rule").GetString()!.StartsWith('N')).Select(f => f.GetProperty("rule").GetString())
            .Should().Equal(["N1-01"]);
    }

    private static void AssertNames(JsonElement failure, IReadOnlyList<string> stored, int section, string sentence, (string Table, string Row, int Col) cell)
    {
        var text = failure.GetProperty("text");
        text.GetProperty("section").GetInt32().Should().Be(section);
        var named = text.GetProperty("sentence").GetString()!;
        named.Replace("\n", "", StringComparison.Ordinal).Should().Contain(sentence);
        stored[section - 1].Substring(text.GetProperty("start").GetInt32(), text.GetProperty("length").GetInt32()).Should().Be(named);
        failure.GetProperty("cells").EnumerateArray()
            .Should().Contain(c => c.GetProperty("table").GetString() == cell.Table && c.GetProperty("row").GetString() == cell.Row && c.GetProperty("col").GetInt32() == cell.Col);
    }

    private static async Task PutTableAsync(HttpClient officer, string report, string tableNo, IEnumerable<Seed001Cell> cells)
    {
        var current = await officer.GetAsync($"{report}/tables/{tableNo}");
        current.StatusCode.Should().Be(HttpStatusCode.OK, await current.Content.ReadAsStringAsync());
        var version = int.Parse(current.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);
        var response = await officer.PutAsJsonAsync($"{report}/tables/{tableNo}", new { cells = cells.Select(c => new { row = c.Row, col = c.Col, value = c.Value }), version });
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"公开{tableNo}表: {await response.Content.ReadAsStringAsync()}");
    }

    private static IEnumerable<JsonElement> Failures(JsonElement findings) =>
        findings.GetProperty("results").EnumerateArray().Where(r => r.GetProperty("status").GetString() == "fail");

    /// <summary>The sentences a rule's failures name, PDF line breaks removed for reading.</summary>
    private static List<string> Sentences(JsonElement findings, string rule) =>
        Failures(findings).Where(f => f.GetProperty("rule").GetString() == rule).Select(f => f.GetProperty("text").GetProperty("sentence").GetString()!.Replace("\n", "", StringComparison.Ordinal)).ToList();

    private static string Describe(JsonElement f) => $"{f.GetProperty("rule").GetString()} {f.GetProperty("where").GetString()} {f.GetProperty("message").GetString()}";
}

public sealed class SqliteSeed001AcceptanceTests(SharedSqlitePortal fixture) : Seed001AcceptanceTests(fixture), IClassFixture<SharedSqlitePortal>;

public sealed class PostgresSeed001AcceptanceTests(SharedPostgresPortal fixture) : Seed001AcceptanceTests(fixture), IClassFixture<SharedPostgresPortal>;
