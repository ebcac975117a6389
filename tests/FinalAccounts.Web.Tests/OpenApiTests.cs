using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>The OpenAPI document tells callers how to authenticate and every error answer they can get.</summary>
public sealed class OpenApiTests(SharedSqlitePortal fixture) : IClassFixture<SharedSqlitePortal>
{
    [Fact]
    public async Task Operations_that_need_a_caller_name_the_bearer_scheme_and_every_error_status()
    {
        var document = await fixture.Portal.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        // 3.0: Swagger UI draws a 3.1 document about twice as slowly (OpenApiSetup).
        document.GetProperty("openapi").GetString().Should().StartWith("3.0.");
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

    [Fact]
    public async Task Every_api_operation_documents_its_error_statuses_and_named_response_schemas()
    {
        var document = await fixture.Portal.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var problems = new List<string>();
        var operations = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "put" or "post" or "delete"))
            {
                operations++;
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                var statuses = operation.Value.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
                var expected = new List<string> { "400", "503" };
                if (operation.Value.TryGetProperty("security", out _))
                {
                    expected.AddRange(["401", "403"]);
                }

                // A route naming something other than the year ({code}, {tableNo}, {id}, {userName} …) can miss it.
                if (path.Name.Replace("{year}", "", StringComparison.Ordinal).Contains('{', StringComparison.Ordinal))
                {
                    expected.Add("404");
                }

                if (operation.Name is "put" or "post" or "delete" && path.Name != "/api/auth/token")
                {
                    expected.Add("409");
                }

                problems.AddRange(expected.Except(statuses).Select(status => $"{name}: {status} not documented"));
                if (!statuses.Any(s => s.StartsWith('2')))
                {
                    problems.Add($"{name}: no success answer documented");
                }

                foreach (var error in operation.Value.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
                {
                    if (!error.Value.TryGetProperty("content", out var errorContent) || !errorContent.TryGetProperty("application/problem+json", out var problem)
                        || !problem.TryGetProperty("schema", out var problemSchema) || (!problemSchema.TryGetProperty("$ref", out _) && !problemSchema.TryGetProperty("properties", out _)))
                    {
                        problems.Add($"{name}: {error.Name} is not documented as a ProblemDetails");
                    }
                }

                foreach (var response in operation.Value.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')))
                {
                    if (!response.Value.TryGetProperty("content", out var content))
                    {
                        // Only "no content" may have no body; an untyped IResult shows up here as a bare 200.
                        if (response.Name != "204")
                        {
                            problems.Add($"{name}: {response.Name} documents no body");
                        }

                        continue;
                    }

                    if (!content.TryGetProperty("application/json", out var json))
                    {
                        continue; // files (xlsx, pdf, zip, csv)
                    }

                    if (!json.TryGetProperty("schema", out var schema) || !IsNamed(schema, schemas))
                    {
                        problems.Add($"{name}: {response.Name} has no named schema: {(json.TryGetProperty("schema", out var s) ? s.ToString() : "none")}");
                    }
                }
            }
        }

        operations.Should().BeGreaterThan(25);
        problems.Should().BeEmpty();
    }

    /// <summary>A $ref to a component with properties (a DTO record), or an array of such.</summary>
    private static bool IsNamed(JsonElement schema, JsonElement components)
    {
        if (schema.TryGetProperty("items", out var items))
        {
            return IsNamed(items, components);
        }

        return schema.TryGetProperty("$ref", out var reference)
            && components.TryGetProperty(reference.GetString()!.Split('/')[^1], out var target)
            && target.TryGetProperty("properties", out var properties)
            && properties.EnumerateObject().Any();
    }
}
