using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// Catalogues administered in the app (issue 13 item 2, ADR 0019): versioned imports with preview, every error named
/// and nothing written, codes entered as printed flagged by S-10 until confirmed or imported, year mappings, and a
/// second node that uses an import at once. The 2023 catalogue is only ever extended here (other tests of the class
/// share the portal); other years are free.
/// </summary>
public abstract class CatalogApiTests(PortalFixture fixture)
{
    private const string NewCode = "2080501";
    private const string PrintedName = "行政单位离退休";

    [Fact]
    public async Task Before_an_import_2080501_is_accepted_only_as_a_flagged_row_and_after_it_with_no_flag()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var officer = s.As["officer"];
        var admin = s.As["admin"];
        var cells = await CellsAsync(officer, s, "05");
        cells.Add(new CellBody(NewCode, 1, "0.00"));

        // Without its printed name the unknown code is refused, naming the cell; with it, the row is kept.
        var refused = await s.PutTableAsync(officer, "05", cells);
        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Scenario.ProblemAsync(refused)).GetProperty("errors").EnumerateArray()
            .Should().Contain(e => e.GetProperty("code").GetString() == "cell.unknown_code" && e.GetProperty("target").GetString() == $"公开05表[{NewCode},1]");
        var saved = await PutTableAsync(officer, s, "05", new { cells, names = new[] { new { row = NewCode, name = PrintedName } } });
        saved.StatusCode.Should().Be(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        var table = (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("table");
        table.GetProperty("cells").EnumerateArray().Should().Contain(c => c.GetProperty("row").GetString() == NewCode);
        table.GetProperty("names").EnumerateArray().Should().ContainSingle(n => n.GetProperty("row").GetString() == NewCode && n.GetProperty("name").GetString() == PrintedName);

        // Flagged: a warning (needs an explanation) naming the cell; S-04 does not fail on it.
        var flagged = await RuleAsync(officer, s, "S-10");
        flagged.GetProperty("severity").GetString().Should().Be("warning");
        flagged.GetProperty("status").GetString().Should().Be("fail");
        var check = flagged.GetProperty("results").EnumerateArray().Single();
        check.GetProperty("message").GetString().Should().Contain($"公开05表[{NewCode},1]").And.Contain(PrintedName);
        check.GetProperty("cells").EnumerateArray().Should().ContainSingle(c => c.GetProperty("table").GetString() == "05" && c.GetProperty("row").GetString() == NewCode);
        (await RuleAsync(officer, s, "S-04")).GetRawText().Should().NotContain(NewCode);

        // Listed for the administrators; an officer may neither list nor import.
        var unconfirmed = await admin.GetFromJsonAsync<JsonElement>("/api/catalogs/unconfirmed");
        var entry = unconfirmed.EnumerateArray().Single(u => u.GetProperty("code").GetString() == NewCode);
        entry.GetProperty("year").GetInt32().Should().Be(2023);
        entry.GetProperty("kind").GetString().Should().Be("functional");
        entry.GetProperty("names").EnumerateArray().Select(n => n.GetString()).Should().Equal(PrintedName);
        entry.GetProperty("reports").EnumerateArray().Should().Contain(r => r.GetProperty("department").GetString() == s.Code && r.GetProperty("table").GetString() == "05");
        (await officer.GetAsync("/api/catalogs/unconfirmed")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var csv = await CurrentCsvAsync(admin, 2023) + $"{NewCode},{PrintedName}\n";
        var forbidden = await officer.PutAsync("/api/catalogs/2023/functional", Csv(csv));
        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await Scenario.ProblemAsync(forbidden)).GetProperty("title").GetString().Should().Be("无权执行此操作");

        // The preview says the import adds the code and confirms the flagged row; the import makes a new version.
        var before = await CurrentVersionAsync(admin, 2023);
        var preview = await (await admin.PostAsync("/api/catalogs/2023/functional/preview", Csv(csv))).Content.ReadFromJsonAsync<JsonElement>();
        preview.GetProperty("added").EnumerateArray().Select(a => a.GetProperty("code").GetString()).Should().Equal(NewCode);
        preview.GetProperty("removed").EnumerateArray().Should().BeEmpty();
        preview.GetProperty("confirms").EnumerateArray().Select(c => c.GetString()).Should().Contain(NewCode);
        (await CurrentVersionAsync(admin, 2023)).Should().Be(before, "a preview writes nothing");
        var imported = await admin.PutAsync("/api/catalogs/2023/functional", Csv(csv));
        imported.StatusCode.Should().Be(HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());
        (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetProperty("version").GetInt32().Should().Be(before + 1);

        // No flag any more, not listed, and the row is accepted without a name.
        (await RuleAsync(officer, s, "S-10")).GetProperty("status").GetString().Should().Be("pass");
        (await admin.GetFromJsonAsync<JsonElement>("/api/catalogs/unconfirmed")).EnumerateArray().Should().NotContain(u => u.GetProperty("code").GetString() == NewCode);
        var plain = await PutTableAsync(officer, s, "05", new { cells, names = Array.Empty<object>() });
        plain.StatusCode.Should().Be(HttpStatusCode.OK, await plain.Content.ReadAsStringAsync());
        (await plain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("table").GetProperty("names").EnumerateArray().Should().BeEmpty();

        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/audit?action=catalog.import&take=1000");
        audit.EnumerateArray().Should().Contain(a => a.GetProperty("user").GetString() == "admin" && a.GetProperty("detail").GetString()!.Contains($"2023 年支出功能分类科目目录第 {before + 1} 版"));
    }

    [Fact]
    public async Task An_administrator_confirms_a_code_entered_as_printed_which_adds_it_as_a_new_version()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var officer = s.As["officer"];
        var admin = s.As["admin"];
        var cells = await CellsAsync(officer, s, "05");
        cells.Add(new CellBody("2080599", 1, "0.00"));
        (await PutTableAsync(officer, s, "05", new { cells, names = new[] { new { row = "2080599", name = "其他行政事业单位养老支出" } } })).StatusCode.Should().Be(HttpStatusCode.OK);
        var before = await CurrentVersionAsync(admin, 2023);

        (await officer.PostAsJsonAsync("/api/catalogs/2023/functional/confirm", new { code = "2080599" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var confirmed = await admin.PostAsJsonAsync("/api/catalogs/2023/functional/confirm", new { code = "2080599" });

        confirmed.StatusCode.Should().Be(HttpStatusCode.OK, await confirmed.Content.ReadAsStringAsync());
        var version = (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version");
        version.GetProperty("version").GetInt32().Should().Be(before + 1);
        version.GetProperty("added").GetInt32().Should().Be(1);
        var catalog = await admin.GetFromJsonAsync<JsonElement>("/api/catalogs/2023/functional");
        catalog.GetProperty("codes").EnumerateArray().Should().ContainSingle(c => c.GetProperty("code").GetString() == "2080599" && c.GetProperty("name").GetString() == "其他行政事业单位养老支出");
        (await RuleAsync(officer, s, "S-10")).GetProperty("status").GetString().Should().Be("pass");
        (await admin.GetFromJsonAsync<JsonElement>("/api/catalogs/unconfirmed")).EnumerateArray().Should().NotContain(u => u.GetProperty("code").GetString() == "2080599");
        var again = await admin.PostAsJsonAsync("/api/catalogs/2023/functional/confirm", new { code = "2080599" });
        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Scenario.ProblemAsync(again)).GetProperty("detail").GetString().Should().Contain("已在 2023 年支出功能分类科目目录中");
        (await admin.GetFromJsonAsync<JsonElement>("/api/audit?action=catalog.confirm&take=1000")).EnumerateArray()
            .Should().Contain(a => a.GetProperty("detail").GetString()!.Contains("2080599"));
    }

    [Fact]
    public async Task Every_error_of_an_upload_is_named_by_line_in_chinese_and_nothing_is_written()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        var admin = s.As["admin"];
        var before = await CurrentVersionAsync(admin, 2023);

        var bad = await admin.PutAsync("/api/catalogs/2023/functional", Csv("code,name\n201,一般公共服务支出\n20101,\n2019,三位\n20x01,字母\n2019901,没有上级\n201,重复\n"));

        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await Scenario.ProblemAsync(bad)).GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("target").GetString(), e.GetProperty("code").GetString())).ToList();
        errors.Should().Equal(("第 3 行", "catalog.name_missing"), ("第 4 行", "catalog.code_length"), ("第 5 行", "catalog.code_not_digits"),
            ("第 7 行", "catalog.duplicate"), ("第 6 行", "catalog.parent_missing"));
        var header = await admin.PutAsync("/api/catalogs/2023/functional", Csv("编码,名称\n201,一般公共服务支出\n"));
        (await Scenario.ProblemAsync(header)).GetProperty("detail").GetString().Should().Contain("第 1 行").And.Contain("code,name");
        var large = await admin.PutAsync("/api/catalogs/2023/functional", Csv("code,name\n" + string.Concat(Enumerable.Repeat("201,一般公共服务支出\n", 120_000))));
        large.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Scenario.ProblemAsync(large)).GetProperty("detail").GetString().Should().Contain("文件过大");
        (await admin.PutAsync("/api/catalogs/2023/cosmic", Csv("code,name\n201,一般公共服务支出\n"))).StatusCode.Should().Be(HttpStatusCode.NotFound);

        (await CurrentVersionAsync(admin, 2023)).Should().Be(before);
    }

    [Fact]
    public async Task Imports_make_versions_readable_by_number_and_the_ministry_workbook_is_read_too()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        var admin = s.As["admin"];
        var year = 2040 + (int.Parse(s.Suffix, System.Globalization.CultureInfo.InvariantCulture) % 50);

        var first = await admin.PutAsync($"/api/catalogs/{year}/economic", Csv("code,name\n301,工资福利支出\n30101,基本工资\n30102,津贴补贴\n"));
        first.StatusCode.Should().Be(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        var workbook = new ByteArrayContent(Workbook(["支出经济分类科目", "", "科目编码|科目名称", "301|工资福利支出", "30101|基本工资（更名）", "30103|奖金"]));
        workbook.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var second = await admin.PutAsync($"/api/catalogs/{year}/economic", workbook);
        second.StatusCode.Should().Be(HttpStatusCode.OK, await second.Content.ReadAsStringAsync());
        var version = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version");
        version.GetProperty("version").GetInt32().Should().Be(2);
        (version.GetProperty("added").GetInt32(), version.GetProperty("renamed").GetInt32(), version.GetProperty("removed").GetInt32()).Should().Be((1, 1, 1));
        version.GetProperty("createdBy").GetString().Should().Be("admin");

        var current = await admin.GetFromJsonAsync<JsonElement>($"/api/catalogs/{year}/economic");
        current.GetProperty("codes").EnumerateArray().Select(c => (c.GetProperty("code").GetString(), c.GetProperty("level").GetString()))
            .Should().Equal(("301", "类"), ("30101", "款"), ("30103", "款"));
        var old = await admin.GetFromJsonAsync<JsonElement>($"/api/catalogs/{year}/economic?version=1");
        old.GetProperty("codes").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "30101").GetProperty("name").GetString().Should().Be("基本工资");
        (await admin.GetAsync($"/api/catalogs/{year}/economic?version=9")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var list = await s.As["officer"].GetFromJsonAsync<JsonElement>("/api/catalogs");
        var summary = list.EnumerateArray().Single(c => c.GetProperty("year").GetInt32() == year && c.GetProperty("kind").GetString() == "economic");
        summary.GetProperty("currentVersion").GetInt32().Should().Be(2);
        summary.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).Should().Equal(2, 1);
        list.EnumerateArray().Should().Contain(c => c.GetProperty("year").GetInt32() == 2023 && c.GetProperty("kind").GetString() == "functional",
            "the shipped catalogue is seeded as a version");
        (await s.As["public"].GetAsync("/api/catalogs")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_preview_names_the_drafts_that_use_a_removed_or_renamed_code()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        var admin = s.As["admin"];
        var used = (await CellsAsync(s.As["officer"], s, "05")).Select(c => c.Row).First(r => r.Length == 7);
        var lines = (await CurrentCsvAsync(admin, 2023)).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        var changed = string.Join("\n", lines.Where(l => !l.StartsWith(used, StringComparison.Ordinal))) + "\n";

        var preview = await admin.PostAsync("/api/catalogs/2023/functional/preview", Csv(changed));

        preview.StatusCode.Should().Be(HttpStatusCode.OK, await preview.Content.ReadAsStringAsync());
        var body = await preview.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("removed").EnumerateArray().Select(r => r.GetProperty("code").GetString()).Should().Contain(used);
        body.GetProperty("affectedDrafts").EnumerateArray().Should().Contain(a =>
            a.GetProperty("department").GetString() == s.Code && a.GetProperty("code").GetString() == used && a.GetProperty("table").GetString() == "05" && a.GetProperty("change").GetString() == "删除");
    }

    [Fact]
    public async Task A_mapping_is_checked_against_both_years_and_stored()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        var admin = s.As["admin"];
        var to = 2040 + (int.Parse(s.Suffix, System.Globalization.CultureInfo.InvariantCulture) % 50);
        (await admin.PutAsync($"/api/catalogs/{to}/functional", Csv("code,name\n201,一般公共服务支出\n20101,人大事务\n2010101,行政运行\n2010150,新设科目\n"))).StatusCode.Should().Be(HttpStatusCode.OK);

        var bad = await admin.PutAsync($"/api/catalogs/mapping/2023/{to}", Csv("from_code,to_code\n2019999,2010150\n"));
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Scenario.ProblemAsync(bad)).GetProperty("errors").EnumerateArray().Single().GetProperty("message").GetString().Should().Be("编码 2019999 不在 2023 年支出功能分类科目中");
        var from = (await CurrentCsvAsync(admin, 2023)).Split('\n')[1..].First(l => l.Length > 8).Split(',')[0];
        var saved = await admin.PutAsync($"/api/catalogs/mapping/2023/{to}?kind=functional", Csv($"from_code,to_code\n{from},2010150\n"));
        saved.StatusCode.Should().Be(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());

        var read = await s.As["officer"].GetFromJsonAsync<JsonElement>($"/api/catalogs/mapping/2023/{to}");
        read.GetProperty("pairs").EnumerateArray().Select(p => (p.GetProperty("fromCode").GetString(), p.GetProperty("toCode").GetString())).Should().Equal((from, "2010150"));
        (await s.As["officer"].PutAsync($"/api/catalogs/mapping/2023/{to}", Csv($"from_code,to_code\n{from},2010150\n"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_second_node_uses_an_import_without_a_restart()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await s.FillAsync();
        using var other = new PortalFactory(fixture.Portal.ConnectionString);
        var officerThere = other.CreateClient();
        officerThere.DefaultRequestHeaders.Authorization = s.As["officer"].DefaultRequestHeaders.Authorization;
        var cells = await CellsAsync(officerThere, s, "05");
        cells.Add(new CellBody("2089901", 1, "0.00"));
        (await s.PutTableAsync(officerThere, "05", cells)).StatusCode.Should().Be(HttpStatusCode.BadRequest, "the second node knows only the current catalogue");

        var csv = await CurrentCsvAsync(s.As["admin"], 2023) + "20899,其他社会保障和就业支出\n2089901,其他社会保障和就业支出（测试）\n";
        (await s.As["admin"].PutAsync("/api/catalogs/2023/functional", Csv(csv))).StatusCode.Should().Be(HttpStatusCode.OK);

        var saved = await s.PutTableAsync(officerThere, "05", cells);
        saved.StatusCode.Should().Be(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
    }

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private static async Task<List<CellBody>> CellsAsync(HttpClient client, Scenario s, string tableNo)
    {
        var table = await client.GetFromJsonAsync<JsonElement>($"{s.Base()}/tables/{tableNo}");
        return table.GetProperty("cells").EnumerateArray()
            .Select(c => new CellBody(c.GetProperty("row").GetString()!, c.GetProperty("col").GetInt32(), c.GetProperty("value").GetString())).ToList();
    }

    private sealed record CellBody(string Row, int Col, string? Value);

    private static async Task<HttpResponseMessage> PutTableAsync(HttpClient client, Scenario s, string tableNo, object body)
    {
        var version = await s.VersionAsync(client);
        var request = new HttpRequestMessage(HttpMethod.Put, $"{s.Base()}/tables/{tableNo}") { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        return await client.SendAsync(request);
    }

    /// <summary>A rule's summary and its failing checks (message, cells) as one JSON object: {"rule": …, "results": [...]}.</summary>
    private static async Task<JsonElement> RuleAsync(HttpClient client, Scenario s, string id)
    {
        var body = await client.GetFromJsonAsync<JsonElement>($"{s.Base()}/reconciliation");
        var rule = body.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == id);
        var results = body.GetProperty("results").EnumerateArray().Where(r => r.GetProperty("rule").GetString() == id).Select(r => r.GetRawText());
        return JsonDocument.Parse($"{{\"severity\":{rule.GetProperty("severity").GetRawText()},\"status\":{rule.GetProperty("status").GetRawText()},\"results\":[{string.Join(",", results)}]}}").RootElement;
    }

    private static async Task<int> CurrentVersionAsync(HttpClient admin, int year) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/api/catalogs/{year}/functional")).GetProperty("version").GetProperty("version").GetInt32();

    private static async Task<string> CurrentCsvAsync(HttpClient admin, int year)
    {
        var catalog = await admin.GetFromJsonAsync<JsonElement>($"/api/catalogs/{year}/functional");
        return "code,name\n" + string.Concat(catalog.GetProperty("codes").EnumerateArray().Select(c => $"{c.GetProperty("code").GetString()},{c.GetProperty("name").GetString()}\n"));
    }

    /// <summary>An .xlsx with one sheet; each row is cells separated by “|”, written as inline strings.</summary>
    private static byte[] Workbook(IEnumerable<string> rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var number = 0;
            foreach (var row in rows)
            {
                number++;
                var cells = row.Split('|').Select((text, i) => new Cell
                {
                    CellReference = $"{(char)('A' + i)}{number}",
                    DataType = CellValues.InlineString,
                    InlineString = new InlineString(new Text(text)),
                });
                data.Append(new Row(cells.Where(c => c.InlineString!.InnerText.Length > 0)) { RowIndex = (uint)number });
            }

            sheetPart.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "科目" }));
        }

        return stream.ToArray();
    }
}

public sealed class SqliteCatalogApiTests(SqlitePortal fixture) : CatalogApiTests(fixture), IClassFixture<SqlitePortal>;

public sealed class PostgresCatalogApiTests(PostgresPortal fixture) : CatalogApiTests(fixture), IClassFixture<PostgresPortal>;
