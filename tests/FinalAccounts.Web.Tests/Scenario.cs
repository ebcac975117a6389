using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// A fresh department (江西省) and a foreign one (浙江省), with an officer for each, a reviewer for each province, all
/// created through the admin API, so every test works on data of its own.
/// </summary>
public sealed class Scenario
{
    public const string Password = "Test#pass2024";
    private static readonly SemaphoreSlim RegionLock = new(1, 1);
    private static int _counter;

    private readonly PortalFactory _portal;

    private Scenario(PortalFactory portal, string suffix)
    {
        _portal = portal;
        Code = $"d-{suffix}";
        OtherCode = $"o-{suffix}";
        Suffix = suffix;
    }

    public string Suffix { get; }
    public string Code { get; }
    public string OtherCode { get; }
    public Dictionary<string, HttpClient> As { get; } = [];

    public string Base(int year = 2023) => $"/api/reports/{Code}/{year}";

    public static async Task<Scenario> CreateAsync(PortalFactory portal)
    {
        // Fixed width: one scenario's suffix is never the prefix of another's (region filters match by prefix).
        var suffix = $"{Environment.ProcessId % 1000:000}{Interlocked.Increment(ref _counter):0000}";
        var scenario = new Scenario(portal, suffix);
        var admin = await scenario.LoginAsync("admin", "Demo#2023pass");
        scenario.As["admin"] = admin;
        // Departments must name a region of the tree (ADR 0023): each scenario adds its own 测试市 under 江西省 and 浙江省.
        await AddRegionAsync(admin, "360000", $"测试市{suffix}");
        await AddRegionAsync(admin, "330000", $"测试市{suffix}");
        (await admin.PostAsJsonAsync("/api/departments", new { code = scenario.Code, name = $"测试局{suffix}", region = $"江西省测试市{suffix}", level = "市级" })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await admin.PostAsJsonAsync("/api/departments", new { code = scenario.OtherCode, name = $"外省局{suffix}", region = $"浙江省测试市{suffix}", level = "市级" })).StatusCode.Should().Be(HttpStatusCode.Created);
        foreach (var (name, roles, departments, region) in new[]
        {
            ("officer", new[] { "officer" }, new[] { scenario.Code }, (string?)null),
            ("other-officer", ["officer"], [scenario.OtherCode], null),
            ("reviewer", ["reviewer"], [], "江西省"),
            ("other-reviewer", ["reviewer"], [], "浙江省"),
        })
        {
            var created = await admin.PostAsJsonAsync("/api/users", new { userName = $"{name}-{suffix}", password = Password, roles, departments, region });
            created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            scenario.As[name] = await scenario.LoginAsync($"{name}-{suffix}", Password);
        }

        scenario.As["public"] = portal.CreateClient();
        return scenario;
    }

    /// <summary>
    /// Adds a region named <paramref name="name"/> under <paramref name="parentCode"/> (a 市 under a province, a 县 under
    /// a 市) with the first code the tree does not use yet; returns its code.
    /// </summary>
    /// <summary>
    /// Adds a region under <paramref name="parentCode"/> at the first free code. One at a time in the process: a
    /// portal is shared by several classes, and a PUT to a code another scenario has just taken would rename its region.
    /// </summary>
    public static async Task<string> AddRegionAsync(HttpClient admin, string parentCode, string name)
    {
        await RegionLock.WaitAsync();
        try
        {
            return await AddRegionUnlockedAsync(admin, parentCode, name);
        }
        finally
        {
            RegionLock.Release();
        }
    }

    private static async Task<string> AddRegionUnlockedAsync(HttpClient admin, string parentCode, string name)
    {
        var tree = await admin.GetFromJsonAsync<JsonElement>("/api/regions");
        var used = new HashSet<string>();
        void Collect(JsonElement nodes)
        {
            foreach (var node in nodes.EnumerateArray())
            {
                used.Add(node.GetProperty("code").GetString()!);
                Collect(node.GetProperty("children"));
            }
        }

        Collect(tree);
        var city = parentCode[2..] == "0000";
        var code = Enumerable.Range(1, 99).Select(n => city ? $"{parentCode[..2]}{n:00}00" : $"{parentCode[..4]}{n:00}").FirstOrDefault(c => !used.Contains(c))
            ?? throw new InvalidOperationException($"区划 {parentCode} 下已没有空闲代码 No free region code left under {parentCode}: too many scenarios share this portal");
        var response = await admin.PutAsJsonAsync($"/api/regions/{code}", new { name, parentCode });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return code;
    }

    public async Task<HttpClient> LoginAsync(string userName, string password)
    {
        var client = _portal.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// The officer creates a year's report (2023 unless told) and fills every table with the published demo numbers,
    /// each cell passed through <paramref name="edit"/> if given; codes the catalogue lacks go with their printed names.
    /// </summary>
    public async Task FillAsync(int year = 2023, Func<GoldenCell, GoldenCell>? edit = null, IReadOnlyDictionary<string, string>? printedNames = null)
    {
        (await As["officer"].PostAsJsonAsync(Base(year), new { templateSet = "jiangxi-2023" })).StatusCode.Should().Be(HttpStatusCode.Created);
        var version = await VersionAsync(As["officer"], year);
        foreach (var table in GoldenReport.Cells.Select(edit ?? (c => c)).GroupBy(c => c.TableNo))
        {
            var names = (printedNames ?? new Dictionary<string, string>()).Where(n => table.Any(c => c.Row == n.Key)).Select(n => new { row = n.Key, name = n.Value }).ToArray();
            var response = await As["officer"].PutAsJsonAsync($"{Base(year)}/tables/{table.Key}", new { cells = table.Select(c => new { row = c.Row, col = c.Col, value = c.Value }), names, version });
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            version = int.Parse(response.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The report's current version as the API gives it (the ETag of a table read), for writes.</summary>
    public async Task<int> VersionAsync(HttpClient client, int year = 2023)
    {
        var response = await client.GetAsync($"{Base(year)}/tables/01");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return int.Parse(response.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Replaces a table as an officer does: against the version just read.</summary>
    public async Task<HttpResponseMessage> PutTableAsync(HttpClient client, string tableNo, object cells, int year = 2023, bool clear = false)
    {
        var versionResponse = await client.GetAsync($"{Base(year)}/tables/01");
        int? version = versionResponse.Headers.ETag is { } tag ? int.Parse(tag.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture) : null;
        return await client.PutAsJsonAsync($"{Base(year)}/tables/{tableNo}", clear ? new { cells, version, clear } : (object)new { cells, version });
    }

    /// <summary>The explanation <see cref="SubmitAsync"/> gives for the warning <see cref="AddWarningAsync"/> makes.</summary>
    public const string WarningExplanation = "部分接待按批次统计、陪同人员未计入人次";

    /// <summary>
    /// Makes the filled report fail one warning-level rule (T09-05: 国内公务接待人次 5 below its 6 批次) and nothing else,
    /// for tests of 出错说明. The demo's numbers fail none: the form's own misprinted code is the template's, not theirs.
    /// </summary>
    public async Task AddWarningAsync()
    {
        // A table is written whole: the demo's 09表 with one changed cell.
        var cells = GoldenReport.Cells.Where(c => c.TableNo == "09")
            .Select(c => new { row = c.Row, col = c.Col, value = c.Row == "17" && c.Col == 3 ? "5" : c.Value });
        var response = await PutTableAsync(As["officer"], "09", cells);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    public async Task SubmitAsync(int year = 2023, IReadOnlyDictionary<string, string>? explanations = null)
    {
        var response = await As["officer"].PostAsJsonAsync($"{Base(year)}/submit", new { explanations = explanations ?? new Dictionary<string, string> { ["T09-05"] = WarningExplanation } });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Publishes the filled report (submit, approve, publish), as the reviewer.</summary>
    public async Task PublishAsync(int year = 2023, IReadOnlyDictionary<string, string>? explanations = null)
    {
        await SubmitAsync(year, explanations);
        (await As["reviewer"].PostAsync($"{Base(year)}/approve", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var published = await As["reviewer"].PostAsync($"{Base(year)}/publish", null);
        published.StatusCode.Should().Be(HttpStatusCode.OK, await published.Content.ReadAsStringAsync());
    }

    /// <summary>Polls a background job (batch, export) until it has finished; bounded.</summary>
    public static async Task<JsonElement> WaitForJobAsync(HttpClient client, string location)
    {
        JsonElement job = default;
        // Up to a minute: a job may queue behind the pack built at start-up (Chromium) on a loaded machine.
        for (var attempt = 0; attempt < 2400; attempt++)
        {
            job = await client.GetFromJsonAsync<JsonElement>(location);
            if (job.GetProperty("state").GetString() is "completed" or "failed")
            {
                return job;
            }

            await Task.Delay(25); // waiting for the background job, bounded
        }

        return job;
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
