using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FinalAccounts.Infrastructure.Persistence;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// Issue 9: invisible control characters are refused wherever people type text, with the field named; text stored
/// before that (or by other means) never breaks the workbook, the auditor pack or the public page.
/// </summary>
public abstract class ControlCharacterTests(PortalFixture fixture)
{
    [Fact]
    public async Task Names_and_texts_with_control_characters_are_refused_and_nothing_is_written()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        var admin = s.As["admin"];

        var department = await admin.PostAsJsonAsync("/api/departments", new { code = $"cc-{s.Suffix}", name = "测试\u0001局", region = "江西省", level = "市级" });
        await RefusedAsync(department, "部门名称含有不可见的控制字符（U+0001），请删除后再保存");
        (await admin.GetStringAsync("/api/departments")).Should().NotContain($"cc-{s.Suffix}");
        var user = await admin.PostAsJsonAsync("/api/users", new { userName = $"cc-{s.Suffix}", password = Scenario.Password, roles = new[] { "officer" }, departments = new[] { s.Code }, displayName = "张\u202E三" });
        await RefusedAsync(user, "姓名含有不可见的控制字符（U+202E）");
        var token = await s.As["public"].PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = "Demo#2023pass", name = "脚本\u0000" });
        await RefusedAsync(token, "令牌名称含有不可见的控制字符（U+0000）");

        await s.FillAsync();
        var officer = s.As["officer"];
        var before = await officer.GetStringAsync($"{s.Base()}/overview");
        var version = JsonDocument.Parse(before).RootElement.GetProperty("version").GetInt32();
        var headerName = JsonDocument.Parse(before).RootElement.GetProperty("nameInHeaders").GetString();
        var overview = await officer.PutAsJsonAsync($"{s.Base()}/overview", new
        {
            nameInHeaders = "测试\u000B局",
            duties = "负责测试。\r\n负责\t验收。\u0007",
            units = new[] { new { seq = "01", name = "测试\uFFFE中心", budgetLevel = "市级" }, new { seq = "02", name = "本级", budgetLevel = "二\u2028级" } },
            version,
        });
        await RefusedAsync(overview, "部门名称含有不可见的控制字符（U+000B）", "部门主要职责含有不可见的控制字符（U+0007）", "单位名称含有不可见的控制字符（U+FFFE）", "预算级次含有不可见的控制字符（U+2028）");
        (await officer.GetStringAsync($"{s.Base()}/overview")).Should().Be(before);
        var paragraphs = await officer.PutAsJsonAsync($"{s.Base()}/overview", new { nameInHeaders = headerName, duties = "负责测试。\r\n负责\t验收。", units = Array.Empty<object>(), version });
        paragraphs.StatusCode.Should().Be(HttpStatusCode.OK, "line breaks and tabs are fine in 部门主要职责");

        await s.AddWarningAsync();
        var submit = await officer.PostAsJsonAsync($"{s.Base()}/submit", new { explanations = new Dictionary<string, string> { ["T09-05"] = "陪同人员\u001B未计入" } });
        await RefusedAsync(submit, "T09-05 的出错说明含有不可见的控制字符（U+001B）");
        await s.SubmitAsync();
        var comment = await s.As["reviewer"].PostAsJsonAsync($"{s.Base()}/return", new { comments = new[] { new { text = "请核对\u0085接待费" } } });
        await RefusedAsync(comment, "审核意见含有不可见的控制字符（U+0085）");
        (await officer.GetFromJsonAsync<JsonElement>($"{s.Base()}/overview")).GetProperty("status").GetString().Should().Be("Submitted");
    }

    [Fact]
    public async Task Stored_text_with_control_characters_still_exports_as_a_workbook_and_a_pack()
    {
        const string name = "测试\u0001局\u000B（\uFFFE）";
        var s = await Scenario.CreateAsync(fixture.Portal);
        // Rows written before the input rule existed, or by other means: straight into the database.
        var contexts = fixture.Portal.Services.GetRequiredService<IDbContextFactory<FinalAccountsDbContext>>();
        Guid departmentId;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var department = await db.Departments.SingleAsync(d => d.Code == s.Code);
            departmentId = department.Id;
            db.Entry(department).Property(d => d.Name).CurrentValue = name;
            await db.SaveChangesAsync();
        }

        await s.FillAsync();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var report = await db.Reports.SingleAsync(r => r.DepartmentId == departmentId && r.FiscalYear == 2023);
            db.Entry(report).Property(r => r.Duties).CurrentValue = "负责\u0002测试。\n负责\u001F验收。";
            await db.SaveChangesAsync();
        }

        await s.SubmitAsync();
        (await s.As["reviewer"].PostAsync($"{s.Base()}/approve", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await s.As["reviewer"].PostAsync($"{s.Base()}/publish", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var pages = s.As["public"];

        var workbook = await pages.GetAsync($"/reports/{s.Code}/2023/export.xlsx");
        var pack = await pages.GetAsync($"/reports/{s.Code}/2023/pack.zip");
        var page = await pages.GetAsync($"/reports/{s.Code}/2023");

        workbook.StatusCode.Should().Be(HttpStatusCode.OK, await workbook.Content.ReadAsStringAsync());
        MetaLine(await workbook.Content.ReadAsByteArrayAsync()).Should().Be("部门：测试\uFFFD局\uFFFD（\uFFFD）");
        pack.StatusCode.Should().Be(HttpStatusCode.OK, await pack.Content.ReadAsStringAsync());
        using var zip = new ZipArchive(new MemoryStream(await pack.Content.ReadAsByteArrayAsync()));
        var packed = zip.Entries.Single(e => e.FullName.EndsWith(".xlsx", StringComparison.Ordinal));
        using var packedWorkbook = new MemoryStream();
        await using (var entry = packed.Open())
        {
            await entry.CopyToAsync(packedWorkbook);
        }

        MetaLine(packedWorkbook.ToArray()).Should().StartWith("部门：测试");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static async Task RefusedAsync(HttpResponseMessage response, params string[] messages)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        var problem = await Scenario.ProblemAsync(response);
        var found = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("message").GetString()!).ToList();
        foreach (var message in messages)
        {
            found.Should().Contain(m => m.StartsWith(message, StringComparison.Ordinal));
        }
    }

    /// <summary>The 部门 line of the first table, read back with the Open XML SDK (which fails on a broken workbook).</summary>
    private static string MetaLine(byte[] bytes)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sheet = document.WorkbookPart!.WorksheetParts.First(p => p.Worksheet.Descendants<Cell>().Any(c => c.InnerText.StartsWith("部门：", StringComparison.Ordinal)));
        return sheet.Worksheet.Descendants<Cell>().First(c => c.InnerText.StartsWith("部门：", StringComparison.Ordinal)).InnerText;
    }
}

public sealed class SqliteControlCharacterTests(SharedSqlitePortal fixture) : ControlCharacterTests(fixture), IClassFixture<SharedSqlitePortal>;

public sealed class PostgresControlCharacterTests(SharedPostgresPortal fixture) : ControlCharacterTests(fixture), IClassFixture<SharedPostgresPortal>;
