using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// Every role × every action × own/other department or region, through the API (the UI uses the same service). The
/// workflow's actions and the others run as two classes (each with its own portal), so they run in parallel.
/// </summary>
public sealed class AuthorizationMatrixTests(SharedSqlitePortal fixture) : IClassFixture<SharedSqlitePortal>
{
    private static readonly string[] WorkflowActions = ["create-report", "save-table", "read-draft", "submit", "approve", "return", "publish"];

    public static TheoryData<string, string, HttpStatusCode> WorkflowRows() => Rows(WorkflowActions.Contains);

    public static TheoryData<string, string, HttpStatusCode> OtherRows() => Rows(action => !WorkflowActions.Contains(action));

    [Theory]
    [MemberData(nameof(WorkflowRows))]
    public Task Each_role_gets_exactly_its_rights_in_the_workflow(string action, string actor, HttpStatusCode expected) =>
        CheckAsync(fixture.Portal, action, actor, expected);

    /// <summary>The rows of the actions outside the workflow (overview, workbooks, exports, batches, administration, audit).</summary>
    public sealed class Others(SharedSqlitePortal fixture) : IClassFixture<SharedSqlitePortal>
    {
        [Theory]
        [MemberData(nameof(OtherRows), MemberType = typeof(AuthorizationMatrixTests))]
        public Task Each_role_gets_exactly_its_rights(string action, string actor, HttpStatusCode expected) =>
            CheckAsync(fixture.Portal, action, actor, expected);
    }

    // actor → expected status; "officer"/"reviewer" are own department/region, "other-…" the foreign ones.
    private static TheoryData<string, string, HttpStatusCode> Rows(Func<string, bool> include)
    {
        var data = new TheoryData<string, string, HttpStatusCode>();
        void Row(string action, params (string Actor, HttpStatusCode Status)[] cases)
        {
            if (!include(action))
            {
                return;
            }

            foreach (var (actor, status) in cases)
            {
                data.Add(action, actor, status);
            }
        }

        const HttpStatusCode ok = HttpStatusCode.OK, created = HttpStatusCode.Created, forbidden = HttpStatusCode.Forbidden, unauthorized = HttpStatusCode.Unauthorized, notFound = HttpStatusCode.NotFound,
            accepted = HttpStatusCode.Accepted;
        Row("create-report", ("public", unauthorized), ("officer", created), ("other-officer", forbidden), ("reviewer", forbidden), ("admin", forbidden));
        Row("save-table", ("public", unauthorized), ("officer", ok), ("other-officer", forbidden), ("reviewer", forbidden), ("other-reviewer", forbidden), ("admin", forbidden));
        Row("read-draft", ("public", notFound), ("officer", ok), ("other-officer", notFound), ("reviewer", ok), ("other-reviewer", notFound), ("admin", ok));
        Row("submit", ("public", unauthorized), ("officer", ok), ("other-officer", forbidden), ("reviewer", forbidden), ("admin", forbidden));
        Row("approve", ("public", unauthorized), ("officer", forbidden), ("other-officer", forbidden), ("reviewer", ok), ("other-reviewer", forbidden), ("admin", forbidden));
        Row("return", ("public", unauthorized), ("officer", forbidden), ("reviewer", ok), ("other-reviewer", forbidden), ("admin", forbidden));
        Row("publish", ("public", unauthorized), ("officer", forbidden), ("other-officer", forbidden), ("reviewer", ok), ("other-reviewer", forbidden), ("admin", forbidden));
        Row("save-overview", ("public", unauthorized), ("officer", ok), ("other-officer", forbidden), ("reviewer", forbidden), ("other-reviewer", forbidden), ("admin", forbidden));
        Row("import-preview", ("public", unauthorized), ("officer", ok), ("other-officer", forbidden), ("reviewer", forbidden), ("other-reviewer", forbidden), ("admin", forbidden));
        Row("export-draft", ("public", notFound), ("officer", ok), ("other-officer", notFound), ("reviewer", ok), ("other-reviewer", notFound), ("admin", ok));
        Row("batch-export", ("public", unauthorized), ("officer", forbidden), ("reviewer", accepted), ("other-reviewer", forbidden), ("admin", accepted));
        Row("batch-reconcile", ("public", unauthorized), ("officer", forbidden), ("reviewer", accepted), ("admin", accepted));
        Row("create-department", ("public", unauthorized), ("officer", forbidden), ("reviewer", forbidden), ("admin", created));
        Row("create-user", ("public", unauthorized), ("officer", forbidden), ("reviewer", forbidden), ("admin", created));
        Row("update-department", ("public", unauthorized), ("officer", forbidden), ("reviewer", forbidden), ("admin", ok));
        Row("list-users", ("public", unauthorized), ("officer", forbidden), ("reviewer", forbidden), ("admin", ok));
        Row("update-user", ("public", unauthorized), ("officer", forbidden), ("reviewer", forbidden), ("other-officer", forbidden), ("admin", ok));
        Row("reset-password", ("public", unauthorized), ("officer", forbidden), ("reviewer", forbidden), ("admin", ok));
        Row("audit", ("public", unauthorized), ("officer", forbidden), ("reviewer", ok), ("admin", ok));
        Row("import-catalog", ("public", unauthorized), ("officer", forbidden), ("other-officer", forbidden), ("reviewer", forbidden), ("admin", ok));
        Row("unconfirmed-codes", ("public", unauthorized), ("officer", forbidden), ("reviewer", forbidden), ("admin", ok));
        Row("read-catalog", ("public", unauthorized), ("officer", ok), ("reviewer", ok), ("admin", ok));
        return data;
    }

    private static async Task CheckAsync(PortalFactory portal, string action, string actor, HttpStatusCode expected)
    {
        // A refused action changes nothing, and neither do reads, so those rows of an action share one prepared
        // scenario; an allowed change gets a fresh one (rows of a class run one after another).
        var unchanged = expected is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized or HttpStatusCode.NotFound
            || action is "read-draft" or "export-draft" or "audit" or "list-users" or "unconfirmed-codes" or "read-catalog";
        var s = unchanged
            ? await Prepared.GetOrAdd((portal, action), key => new Lazy<Task<Scenario>>(() => PrepareAsync(key.Portal, key.Action))).Value
            : await PrepareAsync(portal, action);
        var workbook = action == "import-preview" ? await s.As["officer"].GetByteArrayAsync($"/reports/{s.Code}/2023/export.xlsx") : [];

        var client = s.As[actor];
        var response = action switch
        {
            "create-report" => await client.PostAsJsonAsync(s.Base(2024), new { templateSet = "jiangxi-2023" }),
            "save-table" => await client.PutAsJsonAsync($"{s.Base()}/tables/10", new { cells = new[] { new { row = "1", col = 1, value = "0" } }, version = await s.VersionAsync(s.As["officer"]) }),
            "read-draft" => await client.GetAsync($"{s.Base()}/tables/01"),
            "submit" => await client.PostAsJsonAsync($"{s.Base()}/submit", new { explanations = new Dictionary<string, string> { ["T09-05"] = Scenario.WarningExplanation } }),
            "approve" => await client.PostAsync($"{s.Base()}/approve", null),
            "publish" => await client.PostAsync($"{s.Base()}/publish", null),
            "save-overview" => await client.PutAsJsonAsync($"{s.Base()}/overview", new { nameInHeaders = "测试局", duties = "职责", version = await s.VersionAsync(s.As["officer"]) }),
            "import-preview" => await client.PostAsync($"{s.Base()}/import/preview", new ByteArrayContent(workbook)),
            "export-draft" => await client.GetAsync($"/reports/{s.Code}/2023/export.xlsx"),
            "batch-export" => await client.PostAsJsonAsync("/api/exports/batches", new { fiscalYear = 2023, region = $"江西省测试市{s.Suffix}" }),
            "batch-reconcile" => await client.PostAsJsonAsync("/api/reconciliation/batches", new { fiscalYear = 2022 }),
            "return" => await client.PostAsJsonAsync($"{s.Base()}/return", new { comments = new[] { new { text = "请修改" } } }),
            "create-department" => await client.PostAsJsonAsync("/api/departments", new { code = $"n-{s.Suffix}", name = "新部门", region = "江西省", level = "市级" }),
            "create-user" => await client.PostAsJsonAsync("/api/users", new { userName = $"n-{s.Suffix}", password = Scenario.Password, roles = new[] { "reviewer" }, region = "江西省" }),
            "update-department" => await client.PutAsJsonAsync($"/api/departments/{s.Code}", new { name = $"测试局{s.Suffix}", region = $"江西省测试市{s.Suffix}", level = "市级", aliases = new[] { "测试" } }),
            "list-users" => await client.GetAsync($"/api/users?q={s.Suffix}"),
            "update-user" => await client.PutAsJsonAsync($"/api/users/other-officer-{s.Suffix}", new { roles = new[] { "officer" }, departments = new[] { s.OtherCode, s.Code } }),
            "reset-password" => await client.PostAsJsonAsync($"/api/users/other-officer-{s.Suffix}/password", new { newPassword = "Reset#pass2024" }),
            // A year no test reads: each allowed import is one more version of it.
            "import-catalog" => await client.PutAsync("/api/catalogs/2099/economic", new StringContent("code,name\n301,工资福利支出\n", System.Text.Encoding.UTF8, "text/csv")),
            "unconfirmed-codes" => await client.GetAsync("/api/catalogs/unconfirmed"),
            "read-catalog" => await client.GetAsync("/api/catalogs/2023/functional"),
            _ => await client.GetAsync("/api/audit"),
        };

        response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync());
        if (expected == HttpStatusCode.Forbidden)
        {
            (await Scenario.ProblemAsync(response)).GetProperty("title").GetString().Should().Be("无权执行此操作");
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(PortalFactory Portal, string Action), Lazy<Task<Scenario>>> Prepared = new();

    /// <summary>A scenario in the state the action needs (filled, submitted, approved).</summary>
    private static async Task<Scenario> PrepareAsync(PortalFactory portal, string action)
    {
        var s = await Scenario.CreateAsync(portal);
        if (action is "save-table" or "read-draft" or "submit" or "approve" or "return" or "publish" or "save-overview" or "import-preview" or "export-draft")
        {
            await s.FillAsync();
        }

        if (action is "approve" or "return" or "publish")
        {
            await s.SubmitAsync();
        }

        if (action is "publish")
        {
            (await s.As["reviewer"].PostAsync($"{s.Base()}/approve", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        return s;
    }
}
