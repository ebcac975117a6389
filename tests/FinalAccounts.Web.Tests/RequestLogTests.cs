using System.Net;
using FinalAccounts.Tests.Shared;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>Serilog's request logging: one line per request with method, path, status, time and the signed-in user.</summary>
public sealed class RequestLogTests
{
    [Fact]
    public async Task A_request_is_logged_in_exactly_one_line_with_its_status_and_user()
    {
        var database = TestDatabases.NewSqlite();
        var probe = Guid.NewGuid().ToString("N");
        try
        {
            await using var portal = new PortalFactory(database);
            var anonymous = portal.CreateClient();
            (await anonymous.GetAsync("/api/departments")).StatusCode.Should().Be(HttpStatusCode.OK);
            (await anonymous.GetAsync($"/api/departments/{probe}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
            var officer = await SignInClient.SignInAsync(portal, "officer", "Demo#2023pass");
            (await officer.GetAsync($"/reports/{probe}/2023")).StatusCode.Should().Be(HttpStatusCode.NotFound);

            // The line is written as the response completes; wait for the last request's line, bounded.
            var lines = new List<string>();
            for (var attempt = 0; attempt < 200 && !lines.Any(l => l.Contains($"/reports/{probe}/2023", StringComparison.Ordinal)); attempt++)
            {
                await Task.Delay(attempt == 0 ? 0 : 25);
                lines = Directory.GetFiles(portal.LogDirectory, "*.log").SelectMany(ReadShared).ToList();
            }

            lines.Where(l => l.Contains($"/api/departments/{probe}", StringComparison.Ordinal)).Should().ContainSingle()
                .Which.Should().Contain("HTTP GET").And.Contain("responded 404 in").And.Contain("user -");
            // A page's 404 re-executes to the not-found page inside the pipeline: still one line, for the path asked.
            lines.Where(l => l.Contains($"/reports/{probe}/2023", StringComparison.Ordinal)).Should().ContainSingle()
                .Which.Should().Contain("HTTP GET").And.Contain("responded 404 in").And.Contain("user officer");
            lines.Should().Contain(l => l.Contains("HTTP GET /api/departments responded 200 in", StringComparison.Ordinal));
            lines.Should().NotContain(l => l.Contains("Request finished", StringComparison.Ordinal), "the framework's own per-request lines stay off");
        }
        finally
        {
            await TestDatabases.DropAsync(database);
        }
    }

    private static IEnumerable<string> ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd().Split('\n');
    }
}
