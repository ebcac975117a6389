using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// Issue 13's acceptance on the second province: a 2024 上海 department's report (Fixtures/shanghai-2024-czj.json, see
/// the fixture README) entered through the API on <c>shanghai-2024</c> — fixed rows addressed by the keys that
/// <c>GET /api/templates/shanghai-2024</c> lists beside their printed labels, coded rows by code — returns every cell
/// unchanged, reconciles with no error, and is published as the form prints it: no 表号, no 部门/年度 line, no 行次 or
/// 栏次, codes split 类|款|项, 合计 last on 表5, the 三公 table one 12-column row. One changed 三公 cell fails the
/// re-keyed T07-01 naming that cell.
/// </summary>
public abstract partial class Shanghai2024AcceptanceTests(PortalFixture fixture)
{
    [Fact]
    public async Task A_shanghai_report_round_trips_reconciles_and_is_published_as_printed()
    {
        var fixtureJson = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "shanghai-2024-czj.json"))).RootElement;
        var s = await Scenario.CreateAsync(fixture.Portal);
        var admin = s.As["admin"];
        var code = $"pt-czj-{s.Suffix}";
        var department = fixtureJson.GetProperty("department");
        var name = department.GetProperty("name").GetString()!;
        (await admin.PostAsJsonAsync("/api/departments", new { code, name, region = department.GetProperty("region").GetString(), level = department.GetProperty("level").GetString() }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        foreach (var (user, roles, departments, region) in new[] { ($"sh-officer-{s.Suffix}", new[] { "officer" }, new[] { code }, (string?)null), ($"sh-reviewer-{s.Suffix}", ["reviewer"], [], "上海市") })
        {
            var created = await admin.PostAsJsonAsync("/api/users", new { userName = user, password = Scenario.Password, roles, departments, region });
            created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        var officer = await s.LoginAsync($"sh-officer-{s.Suffix}", Scenario.Password);
        var reviewer = await s.LoginAsync($"sh-reviewer-{s.Suffix}", Scenario.Password);
        var report = $"/api/reports/{code}/2024";
        var made = await officer.PostAsJsonAsync(report, new { templateSet = "shanghai-2024" });
        made.StatusCode.Should().Be(HttpStatusCode.Created, await made.Content.ReadAsStringAsync());

        // The row keys come from the template as served, matched by printed label (the nth, where 表4 repeats one).
        var template = await s.As["public"].GetFromJsonAsync<JsonElement>("/api/templates/shanghai-2024");
        template.GetProperty("years").GetProperty("from").GetInt32().Should().Be(2024);
        var tables = template.GetProperty("tables").EnumerateArray().ToList();
        tables.Select(t => t.GetProperty("title").GetString()).Should().HaveCount(9);
        tables.Should().OnlyContain(t => t.GetProperty("caption").GetString() == "" && !t.GetProperty("layout").GetProperty("rowNumbers").GetBoolean());
        var rowsOf = tables.ToDictionary(
            t => t.GetProperty("tableNo").GetString()!,
            t => t.GetProperty("panels").EnumerateArray().SelectMany(p => p.GetProperty("rows").EnumerateArray())
                .Select(r => (Key: r.GetProperty("key").GetString()!, Label: r.GetProperty("label").GetString()!)).ToList());
        rowsOf["01"].Should().Contain(("其他收入", "八、其他收入")).And.Contain(("201", "一、一般公共服务支出")).And.Contain(("收入总计", "总计"));
        rowsOf["04"].Where(r => r.Label == "一、一般公共预算财政拨款").Select(r => r.Key).Should().Equal("一般公共预算财政拨款", "年初一般公共预算财政拨款");

        var expected = new List<(string Table, string Row, int Col, string Value)>();
        foreach (var table in fixtureJson.GetProperty("tables").EnumerateArray())
        {
            var tableNo = table.GetProperty("tableNo").GetString()!;
            var cells = table.GetProperty("cells").EnumerateArray().Select(c => (Table: tableNo, Row: RowKey(rowsOf[tableNo], c), Col: c.GetProperty("col").GetInt32(), Value: c.GetProperty("value").GetString()!)).ToList();
            expected.AddRange(cells);
            await PutTableAsync(officer, report, tableNo, cells.Select(c => (c.Row, c.Col, c.Value)));
        }

        var overview = await officer.GetFromJsonAsync<JsonElement>($"{report}/overview");
        var ov = fixtureJson.GetProperty("overview");
        (await officer.PutAsJsonAsync($"{report}/overview", new
        {
            nameInHeaders = name,
            duties = ov.GetProperty("duties").GetString(),
            units = ov.GetProperty("units").EnumerateArray().Select(u => new { seq = u.GetProperty("seq").GetString(), name = u.GetProperty("name").GetString(), budgetLevel = u.GetProperty("budgetLevel").GetString() }),
            staff = new { active = (int?)null, retired = (int?)null, other = (int?)null, retiredPaidByPensionFund = (int?)null },
            version = overview.GetProperty("version").GetInt32(),
        })).StatusCode.Should().Be(HttpStatusCode.OK);

        // The department's own note under its empty 表9 replaces the template's (表8 keeps the template's).
        const string ownNote = "注：上海市普陀区财政局无国有资本经营预算财政拨款支出，故本表无数据。";
        var t09 = await officer.GetAsync($"{report}/tables/09");
        var noted = await officer.PutAsJsonAsync($"{report}/tables/09", new { cells = Array.Empty<object>(), note = ownNote, version = int.Parse(t09.Headers.ETag!.Tag.Trim('"'), CultureInfo.InvariantCulture) });
        noted.StatusCode.Should().Be(HttpStatusCode.OK, await noted.Content.ReadAsStringAsync());
        (await officer.GetFromJsonAsync<JsonElement>($"{report}/tables/09")).GetProperty("note").GetString().Should().Be(ownNote);
        (await officer.GetFromJsonAsync<JsonElement>($"{report}/tables/08")).GetProperty("note").ValueKind.Should().Be(JsonValueKind.Null);

        // (a) Every cell comes back unchanged, and nothing else is stored.
        var stored = new List<(string Table, string Row, int Col, string Value)>();
        foreach (var tableNo in rowsOf.Keys)
        {
            var read = await officer.GetFromJsonAsync<JsonElement>($"{report}/tables/{tableNo}");
            stored.AddRange(read.GetProperty("cells").EnumerateArray().Select(c => (tableNo, c.GetProperty("row").GetString()!, c.GetProperty("col").GetInt32(), c.GetProperty("value").GetString()!)));
        }

        stored.Should().BeEquivalentTo(expected);
        expected.Should().Contain(("07", "三公经费", 3, "0.00"), "an entered 0.00 is a value, not a blank");

        // (b) It reconciles with no error (and no warning).
        var findings = await officer.GetFromJsonAsync<JsonElement>($"{report}/reconciliation");
        Failures(findings).Where(f => f.GetProperty("severity").GetString() is "error" or "warning").Select(Describe).Should().BeEmpty();
        var statuses = findings.GetProperty("rules").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("status").GetString());
        statuses["S-02"].Should().Be("pass");
        statuses["T07-01"].Should().Be("pass");
        statuses["X-13"].Should().Be("pass");
        statuses["X-17"].Should().Be("pass");

        // (c) One changed cell (公务接待费 决算数 1.20 → 1.50) fails the re-keyed 三公 identity, naming that cell.
        var sanGong = expected.Where(c => c.Table == "07").Select(c => (c.Row, c.Col, c.Col == 12 ? "1.50" : c.Value)).ToList();
        await PutTableAsync(officer, report, "07", sanGong);
        findings = await officer.GetFromJsonAsync<JsonElement>($"{report}/reconciliation");
        var failed = Failures(findings).Where(f => f.GetProperty("severity").GetString() == "error").ToList();
        failed.Select(f => f.GetProperty("rule").GetString()).Distinct().Should().Equal("T07-01");
        var t0701 = failed.Should().ContainSingle().Subject;
        (t0701.GetProperty("lhs").GetDecimal(), t0701.GetProperty("rhs").GetDecimal()).Should().Be((11.00m, 11.30m));
        t0701.GetProperty("cells").EnumerateArray().Should().Contain(c => c.GetProperty("table").GetString() == "07" && c.GetProperty("row").GetString() == "三公经费" && c.GetProperty("col").GetInt32() == 12);
        await PutTableAsync(officer, report, "07", expected.Where(c => c.Table == "07").Select(c => (c.Row, c.Col, c.Value)));

        // (d) Published, its page is the printed layout.
        var submitted = await officer.PostAsJsonAsync($"{report}/submit", new { });
        submitted.StatusCode.Should().Be(HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync());
        (await reviewer.PostAsync($"{report}/approve", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var published = await reviewer.PostAsync($"{report}/publish", null);
        published.StatusCode.Should().Be(HttpStatusCode.OK, await published.Content.ReadAsStringAsync());
        var html = await s.As["public"].GetStringAsync($"/reports/{code}/2024");
        var body = Section(html, "part-tables");

        CaptionPattern().IsMatch(html).Should().BeFalse("上海 prints no 公开NN表 caption");
        body.Should().NotContain("栏次").And.NotContain("行次").And.NotContain("class=\"rowno\"").And.NotContain("class=\"table-no\"").And.NotContain("部门：");
        Regex.Matches(body, "<h3 class=\"table-title\"").Should().HaveCount(9);
        Section(html, "table-03").Should().MatchRegex("<td class=\"code\" colspan=\"1\">201</td>\\s*<td class=\"code\" colspan=\"1\">06</td>\\s*<td class=\"code\" colspan=\"1\">01</td>\\s*<th scope=\"row\" class=\"label indent-2\">行政运行</th>");
        Section(html, "table-06").Should().MatchRegex("<td class=\"code\" colspan=\"1\">301</td>\\s*<td class=\"code\" colspan=\"1\">01</td>\\s*<th scope=\"row\" class=\"label indent-1\">基本工资</th>");
        var t05Rows = Rows(Section(html, "table-05"));
        t05Rows[^1].Should().Contain(">合计</th>").And.Contain("id=\"c-05-合计-1\" data-cell=\"05|合计|1\">3,496.60</td>");
        t05Rows[0].Should().Contain(">201</td>", "coded rows come first on 表5");
        Rows(Section(html, "table-02"))[0].Should().Contain(">合计</th>", "表2 keeps 合计 first");
        var t07Rows = Rows(Section(html, "table-07"));
        t07Rows.Should().ContainSingle();
        Regex.Matches(t07Rows[0], "<td class=\"num\"").Should().HaveCount(12);
        t07Rows[0].Should().Contain("data-cell=\"07|三公经费|12\">1.20</td>").And.NotContain("<th");
        Section(html, "table-08").Should().Contain($"<p class=\"empty-note\">说明：{name}本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。</p>");
        Section(html, "table-03").Should().NotContain("empty-note");
        Section(html, "table-09").Should().Contain($"<p class=\"empty-note\">{ownNote}</p>").And.NotContain("本年度没有国有资本经营预算");
        var overviewPart = Section(html, "part-overview");
        overviewPart.Should().Contain($"第一部分 {name}概况").And.Contain("一、主要职能").And.Contain("二、部门决算单位构成")
            .And.Contain("<th scope=\"col\">备注</th>").And.NotContain("预算级次").And.NotContain("在职人员");
        html.Should().Contain($"<h2 id=\"h-tables\">第二部分 {name}2024 年度部门决算表</h2>", "上海 prints the department in 第二部分's heading");

        // (e) Its region's page (ADR 0023) finds the 三公 total in the one-row table: 合计 决算数.
        var threePublic = fixtureJson.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("tableNo").GetString() == "07")
            .GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("col").GetInt32() == 2).GetProperty("value").GetString()!;
        var regionPage = await s.As["public"].GetStringAsync("/regions/310107/2024");
        var row = Regex.Match(regionPage, $"<tr data-code=\"{Regex.Escape(code)}\">.*?</tr>", RegexOptions.Singleline).Value;
        row.Should().Contain("已公开").And.Contain($"<td class=\"num\" data-col=\"threepublic\">{decimal.Parse(threePublic, System.Globalization.CultureInfo.InvariantCulture).ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture)}</td>");
    }

    private static string RowKey(List<(string Key, string Label)> rows, JsonElement cell)
    {
        if (cell.TryGetProperty("code", out var code))
        {
            return code.GetString()!;
        }

        if (cell.TryGetProperty("row", out var row))
        {
            return row.GetString()!;
        }

        var label = cell.GetProperty("label").GetString()!;
        var nth = cell.TryGetProperty("nth", out var n) ? n.GetInt32() : 1;
        var matches = rows.Where(r => r.Label == label).ToList();
        matches.Count.Should().BeGreaterThanOrEqualTo(nth, $"the template lists “{label}”");
        return matches[nth - 1].Key;
    }

    private static async Task PutTableAsync(HttpClient officer, string report, string tableNo, IEnumerable<(string Row, int Col, string Value)> cells)
    {
        var current = await officer.GetAsync($"{report}/tables/{tableNo}");
        current.StatusCode.Should().Be(HttpStatusCode.OK, await current.Content.ReadAsStringAsync());
        var version = int.Parse(current.Headers.ETag!.Tag.Trim('"'), CultureInfo.InvariantCulture);
        var response = await officer.PutAsJsonAsync($"{report}/tables/{tableNo}", new { cells = cells.Select(c => new { row = c.Row, col = c.Col, value = c.Value }), version });
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"表 {tableNo}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The element with the id, up to the next element of the same kind (sections do not nest here).</summary>
    private static string Section(string html, string id)
    {
        var start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, $"the page has #{id}");
        var tag = html.LastIndexOf('<', start);
        var name = html[(tag + 1)..].Split(' ', 2)[0];
        var end = html.IndexOf($"</{name}>", start, StringComparison.Ordinal);
        if (name == "section" && id == "part-tables")
        {
            end = html.IndexOf("id=\"part-narrative\"", start, StringComparison.Ordinal) is var n and > 0 ? n : html.Length;
        }

        return html[tag..end];
    }

    private static List<string> Rows(string table)
    {
        var body = table[table.IndexOf("<tbody>", StringComparison.Ordinal)..table.IndexOf("</tbody>", StringComparison.Ordinal)];
        return Regex.Matches(body, "<tr[^>]*>(.*?)</tr>", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
    }

    private static IEnumerable<JsonElement> Failures(JsonElement findings) =>
        findings.GetProperty("results").EnumerateArray().Where(r => r.GetProperty("status").GetString() == "fail");

    private static string Describe(JsonElement f) => $"{f.GetProperty("rule").GetString()} {f.GetProperty("where").GetString()} {f.GetProperty("message").GetString()}";

    [GeneratedRegex("公开\\d\\d表")]
    private static partial Regex CaptionPattern();
}

public sealed class SqliteShanghai2024AcceptanceTests(SharedSqlitePortal fixture) : Shanghai2024AcceptanceTests(fixture), IClassFixture<SharedSqlitePortal>;

public sealed class PostgresShanghai2024AcceptanceTests(SharedPostgresPortal fixture) : Shanghai2024AcceptanceTests(fixture), IClassFixture<SharedPostgresPortal>;
