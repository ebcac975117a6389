using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Seeding;
using FinalAccounts.Tests.Shared;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>A second template set is a data file, not code: drop it in the data directory, store a report, read it.</summary>
public sealed class SecondTemplateSetTests : IDisposable
{
    private const string Template = """
    {
      "id": "testprov-2024", "version": "1", "name": "测试省 2024 年度部门决算公开表", "locality": "测试省",
      "fiscalYear": 2024, "catalogYear": 2024,
      "tables": [
        { "tableNo": "01", "name": "Overview", "title": "财务收支总表", "unitLabel": "金额单位：万元",
          "header": [[{"text":"项 目"},{"text":"行次"},{"text":"决算数"}], [{"text":"栏 次","colspan":2},{"text":"1"}]],
          "panels": [{"stub":"item-rowno","columns":[{"no":1,"label":"决算数"}],
            "rows":[{"key":"1","label":"一、财政拨款收入"},{"key":"2","label":"二、其他收入"},{"key":"3","label":"收入合计","total":true}]}],
          "footnotes": ["注：本表为测试表。"] },
        { "tableNo": "02", "name": "Spending", "title": "部门支出总表", "unitLabel": "金额单位：万元",
          "header": [[{"text":"科目编码"},{"text":"科目名称"},{"text":"合计"},{"text":"基本支出"}]],
          "panels": [{"stub":"code-name","codeSpan":1,"columns":[{"no":1,"label":"合计"},{"no":2,"label":"基本支出"}],
            "coded":{"classification":"functional","levels":[3,5,7]}}] }
      ]
    }
    """;

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("fa-data-");
    private readonly string _database = TestDatabases.NewSqlite();

    public SecondTemplateSetTests()
    {
        Directory.CreateDirectory(Path.Combine(_data.FullName, "templates"));
        Directory.CreateDirectory(Path.Combine(_data.FullName, "catalogs", "2024"));
        File.WriteAllText(Path.Combine(_data.FullName, "templates", "testprov-2024.json"), Template);
        File.WriteAllText(Path.Combine(_data.FullName, "catalogs", "2024", "functional.csv"), "code,name\n201,一般公共服务支出\n20103,政府办公厅（室）及相关机构事务\n2010301,行政运行\n");
    }

    [Fact]
    public async Task A_report_of_a_second_template_set_is_stored_and_rendered()
    {
        await using var portal = new PortalFactory(_database, _data.FullName);
        var importer = portal.Services.GetRequiredService<DepartmentDataImporter>();
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<FinalAccountsDbContext>>().CreateDbContextAsync())
        {
            var result = await importer.ImportAsync(db, new DepartmentData(
                new DepartmentInfo("test-dept", "测试市测试局", [], "测试省测试市", "市级"),
                [
                    new ReportData(2024, "testprov-2024", "Published", 1, null,
                    [
                        new TableData("01", [new CellData("1", 1, "120.50"), new CellData("2", 1, "9.50"), new CellData("3", 1, "130.00")]),
                        new TableData("02", [new CellData("合计", 1, "88.80"), new CellData("201", 1, "88.80"), new CellData("20103", 1, "88.80"), new CellData("2010301", 1, "88.80"), new CellData("2010301", 2, "80.00")]),
                    ], null, null),
                ]));
            result.Errors.Should().BeEmpty();
        }

        using var client = portal.CreateClient();
        var html = await client.GetStringAsync("/reports/test-dept/2024");
        var api = await client.GetFromJsonAsync<JsonElement>("/api/reports/test-dept/2024");
        var template = await client.GetAsync("/api/templates/testprov-2024");

        html.Should().Contain("<h3 class=\"table-title\" id=\"title-01\">财务收支总表</h3>").And.Contain("<h3 class=\"table-title\" id=\"title-02\">部门支出总表</h3>");
        html.Should().Contain("id=\"c-01-3-1\" data-cell=\"01|3|1\">130.00</td>");
        html.Should().MatchRegex("<td class=\"code\" colspan=\"1\">2010301</td>\\s*<th scope=\"row\" class=\"label indent-2\">行政运行</th>");
        html.Should().Contain("id=\"c-02-2010301-2\" data-cell=\"02|2010301|2\">80.00</td>");
        html.Should().NotContain("公开03表", "the second set has two tables only");
        api.GetProperty("templateSet").GetString().Should().Be("testprov-2024");
        api.GetProperty("tables").GetArrayLength().Should().Be(2);
        template.StatusCode.Should().Be(HttpStatusCode.OK);
        // The demo report of jiangxi-2023 is still there beside it.
        (await client.GetAsync("/reports/jdz-zwsjglj/2023")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public void A_malformed_template_set_stops_the_portal_naming_table_and_row()
    {
        File.WriteAllText(Path.Combine(_data.FullName, "templates", "testprov-2024.json"),
            Template.Replace("{\"key\":\"2\",\"label\":\"二、其他收入\"}", "{\"key\":\"1\",\"label\":\"二、其他收入\"}", StringComparison.Ordinal));
        using var portal = new PortalFactory(_database, _data.FullName);

        var start = () => portal.Server;

        start.Should().Throw<InvalidOperationException>().WithMessage("*模板 testprov-2024 公开01表 行 1：行键“1”重复*");
    }

    public void Dispose()
    {
        _data.Delete(recursive: true);
        TestDatabases.DropAsync(_database).GetAwaiter().GetResult();
    }
}
