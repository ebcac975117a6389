using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>The OpenAPI document tells callers how to authenticate and every error answer they can get.</summary>
public sealed class OpenApiTests(SqlitePortal fixture) : IClassFixture<SqlitePortal>
{
    [Fact]
    public async Task Operations_that_need_a_caller_name_the_bearer_scheme_and_every_error_status()
    {
        var document = await fixture.Portal.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        scheme.GetProperty("type").GetString().Should().Be("http");
        scheme.GetProperty("scheme").GetString().Should().Be("bearer");
        var saveTable = document.GetProperty("paths").GetProperty("/api/reports/{code}/{year}/tables/{tableNo}").GetProperty("put");
        saveTable.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).Should().ContainSingle().Which.Should().Be("Bearer");
        saveTable.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain(["200", "400", "401", "403", "409", "428", "503"]);
        var publicReport = document.GetProperty("paths").GetProperty("/api/reports/{deptCode}/{year}").GetProperty("get");
        publicReport.TryGetProperty("security", out _).Should().BeFalse("published data needs no sign-in");
        publicReport.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain(["200", "400", "503"]).And.NotContain("401");
    }
}
