using FinalAccounts.Application.Accounts;
using FinalAccounts.Application.Auditing;
using FinalAccounts.Application.Reports;
using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Infrastructure.Excel;
using FinalAccounts.Infrastructure.Jobs;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reports;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// The application layer's report use cases called directly, as the pages call them (no HTTP in between), on the
/// portal's real database: the wrong caller gets Forbidden, a missing report NotFound, a stale version Conflict,
/// and publishing runs what follows publication.
/// </summary>
public abstract class UseCaseTests(PortalFixture fixture)
{
    private T Use<T>() where T : notnull => fixture.Portal.Services.GetRequiredService<T>();

    /// <summary>Callers like the ones the scenario's users sign in as (same names, roles, bindings, regions).</summary>
    private async Task<(Scenario S, Dictionary<string, Caller> As)> ArrangeAsync()
    {
        var s = await Scenario.CreateAsync(fixture.Portal);
        await using var db = await Use<IDbContextFactory<FinalAccountsDbContext>>().CreateDbContextAsync();
        var own = (await db.Departments.SingleAsync(d => d.Code == s.Code)).Id;
        var other = (await db.Departments.SingleAsync(d => d.Code == s.OtherCode)).Id;
        Caller Make(string name, string role, Guid? department, string? region) =>
            new(new Actor($"{name}-{s.Suffix}", new HashSet<string> { role }, department is { } d ? new HashSet<Guid> { d } : [], region), "127.0.0.9");
        return (s, new Dictionary<string, Caller>
        {
            ["officer"] = Make("officer", Roles.Officer, own, null),
            ["other-officer"] = Make("other-officer", Roles.Officer, other, null),
            ["reviewer"] = Make("reviewer", Roles.Reviewer, null, "江西省"),
            ["other-reviewer"] = Make("other-reviewer", Roles.Reviewer, null, "浙江省"),
            ["public"] = new Caller(null, "127.0.0.9"),
        });
    }

    [Fact]
    public async Task Every_use_case_refuses_the_wrong_caller_with_forbidden()
    {
        var (s, callers) = await ArrangeAsync();
        var created = await Use<CreateReport>().ExecuteAsync(callers["officer"], s.Code, 2023, "jiangxi-2023");
        created.IsSuccess.Should().BeTrue(string.Join("；", created.Errors));
        var version = created.Value.Report.Version;
        var cell = new List<CellInput> { new("1", 1, "1.00") };

        foreach (var (name, result) in new (string, Task<IReadOnlyList<DomainError>>)[]
        {
            ("create by another department's officer", Errors(Use<CreateReport>().ExecuteAsync(callers["other-officer"], s.Code, 2023, "jiangxi-2023"))),
            ("save table by a reviewer", Errors(Use<SaveTable>().ExecuteAsync(callers["reviewer"], s.Code, 2023, "10", cell, version))),
            ("save table by another officer", Errors(Use<SaveTable>().ExecuteAsync(callers["other-officer"], s.Code, 2023, "10", cell, version))),
            ("save overview by the public", Errors(Use<SaveOverview>().ExecuteAsync(callers["public"], s.Code, 2023, new OverviewInput("x", "y", [], null), version))),
            ("delete by another officer", Errors(Use<DeleteDraft>().ExecuteAsync(callers["other-officer"], s.Code, 2023, version))),
            ("import by a reviewer", Errors(Use<ImportWorkbook>().ExecuteAsync(callers["reviewer"], s.Code, 2023, [], apply: false, null))),
            ("submit by a reviewer", Errors(Use<SubmitReport>().ExecuteAsync(callers["reviewer"], s.Code, 2023, new Dictionary<string, string>()))),
            ("submit by another officer", Errors(Use<SubmitReport>().ExecuteAsync(callers["other-officer"], s.Code, 2023, new Dictionary<string, string>()))),
            ("return by the officer", Errors(Use<ReturnReport>().ExecuteAsync(callers["officer"], s.Code, 2023, []))),
            ("return by another region's reviewer", Errors(Use<ReturnReport>().ExecuteAsync(callers["other-reviewer"], s.Code, 2023, []))),
            ("approve by another region's reviewer", Errors(Use<ApproveReport>().ExecuteAsync(callers["other-reviewer"], s.Code, 2023))),
            ("publish by the officer", Errors(Use<PublishReport>().ExecuteAsync(callers["officer"], s.Code, 2023))),
            ("publish by another region's reviewer", Errors(Use<PublishReport>().ExecuteAsync(callers["other-reviewer"], s.Code, 2023))),
        })
        {
            var errors = await result;
            errors.Should().NotBeEmpty(name);
            errors[0].Kind.Should().Be(ErrorKind.Forbidden, name);
        }

        var read = await Use<ReadTable>().ExecuteAsync(callers["other-officer"], s.Code, 2023, "01");
        read.Errors.Should().ContainSingle().Which.Kind.Should().Be(ErrorKind.NotFound, "a draft is invisible to others: only published revisions, and there is none");
        (await Use<ReadTable>().ExecuteAsync(callers["officer"], s.Code, 2023, "01")).Value.Report.Version.Should().Be(version, "no refused call wrote anything");
    }

    [Fact]
    public async Task A_missing_report_is_not_found_for_every_use_case()
    {
        var (s, callers) = await ArrangeAsync();
        var officer = callers["officer"];
        var reviewer = callers["reviewer"];
        foreach (var (name, result) in new (string, Task<IReadOnlyList<DomainError>>)[]
        {
            ("create in an unknown department", Errors(Use<CreateReport>().ExecuteAsync(officer, "no-such-department", 2023, "jiangxi-2023"))),
            ("read", Errors(Use<ReadReport>().ExecuteAsync(officer, s.Code, 2019))),
            ("read table", Errors(Use<ReadTable>().ExecuteAsync(officer, s.Code, 2019, "01"))),
            ("save table", Errors(Use<SaveTable>().ExecuteAsync(officer, s.Code, 2019, "01", [], 1))),
            ("save overview", Errors(Use<SaveOverview>().ExecuteAsync(officer, s.Code, 2019, new OverviewInput("x", "y", [], null), 1))),
            ("delete", Errors(Use<DeleteDraft>().ExecuteAsync(officer, s.Code, 2019, 1))),
            ("import", Errors(Use<ImportWorkbook>().ExecuteAsync(officer, s.Code, 2019, [], apply: true, 1))),
            ("submit", Errors(Use<SubmitReport>().ExecuteAsync(officer, s.Code, 2019, new Dictionary<string, string>()))),
            ("return", Errors(Use<ReturnReport>().ExecuteAsync(reviewer, s.Code, 2019, []))),
            ("approve", Errors(Use<ApproveReport>().ExecuteAsync(reviewer, s.Code, 2019))),
            ("publish", Errors(Use<PublishReport>().ExecuteAsync(reviewer, s.Code, 2019))),
        })
        {
            var errors = await result;
            errors.Should().NotBeEmpty(name);
            errors[0].Kind.Should().Be(ErrorKind.NotFound, name);
        }

        var created = await Use<CreateReport>().ExecuteAsync(officer, s.Code, 2023, "jiangxi-2023");
        (await Use<ReadTable>().ExecuteAsync(officer, s.Code, 2023, "99")).Errors.Should().ContainSingle().Which.Kind.Should().Be(ErrorKind.NotFound, "no such table");
        (await Use<SaveTable>().ExecuteAsync(officer, s.Code, 2023, "99", [], created.Value.Report.Version)).Errors[0].Kind.Should().Be(ErrorKind.NotFound);
    }

    [Fact]
    public async Task A_stale_version_is_a_conflict_and_no_version_is_refused()
    {
        var (s, callers) = await ArrangeAsync();
        var officer = callers["officer"];
        var report = (await Use<CreateReport>().ExecuteAsync(officer, s.Code, 2023, "jiangxi-2023")).Value.Report;
        var loaded = report.Version;
        var saved = await Use<SaveTable>().ExecuteAsync(officer, s.Code, 2023, "10", [new("1", 1, "2.00")], loaded);
        saved.Value.Changes.Should().ContainSingle();
        var current = saved.Value.State.Report.Version;
        current.Should().NotBe(loaded);

        var overview = new OverviewInput("测试局", "职责", [], null);
        (await Use<SaveOverview>().ExecuteAsync(officer, s.Code, 2023, overview, loaded)).Errors.Should().ContainSingle().Which.Kind.Should().Be(ErrorKind.Conflict);
        (await Use<SaveOverview>().ExecuteAsync(officer, s.Code, 2023, overview, null)).Errors.Should().ContainSingle().Which.Kind.Should().Be(ErrorKind.VersionRequired);
        (await Use<DeleteDraft>().ExecuteAsync(officer, s.Code, 2023, loaded)).Errors.Should().ContainSingle().Which.Kind.Should().Be(ErrorKind.Conflict);
        (await Use<DeleteDraft>().ExecuteAsync(officer, s.Code, 2023, null)).Errors.Should().ContainSingle().Which.Kind.Should().Be(ErrorKind.VersionRequired);

        // A stale table save is not an error: nothing is written and the result shows where the caller and the store differ.
        var stale = await Use<SaveTable>().ExecuteAsync(officer, s.Code, 2023, "10", [new("1", 1, "3.00")], loaded);
        stale.Value.Conflict.Should().NotBeNull();
        stale.Value.Conflict!.CurrentVersion.Should().Be(current);
        stale.Value.Conflict.Differences.Should().ContainSingle().Which.Should().Be(new CellChange(new CellAddress("10", "1", 1), 3.00m, 2.00m));
        stale.Value.Changes.Should().BeEmpty();

        // A workbook import applied after someone else saved: nothing imported.
        var read = (await Use<ReadReport>().ExecuteAsync(officer, s.Code, 2023)).Value;
        var workbook = Use<WorkbookService>().Export(read.Report, read.Department);
        var preview = await Use<ImportWorkbook>().ExecuteAsync(officer, s.Code, 2023, workbook, apply: false, null);
        preview.IsSuccess.Should().BeTrue(string.Join("；", preview.Errors));
        var applied = await Use<ImportWorkbook>().ExecuteAsync(officer, s.Code, 2023, workbook, apply: true, loaded);
        applied.Errors.Should().ContainSingle().Which.Kind.Should().Be(ErrorKind.Conflict);

        (await Use<ReadTable>().ExecuteAsync(officer, s.Code, 2023, "10")).Value.Report.Version.Should().Be(current, "no refused write changed the report");
        (await Use<DeleteDraft>().ExecuteAsync(officer, s.Code, 2023, current)).Value.Cells.Should().Be(1);
    }

    [Fact]
    public async Task Publishing_stores_the_reconciliation_and_queues_the_auditor_pack()
    {
        var (s, callers) = await ArrangeAsync();
        await s.FillAsync();
        await s.SubmitAsync();
        (await Use<ApproveReport>().ExecuteAsync(callers["reviewer"], s.Code, 2023)).Value.From.Should().Be(ReportStatus.Submitted);

        var published = await Use<PublishReport>().ExecuteAsync(callers["reviewer"], s.Code, 2023);

        published.IsSuccess.Should().BeTrue(string.Join("；", published.Errors));
        published.Value.From.Should().Be(ReportStatus.Approved);
        published.Value.Report.Status.Should().Be(ReportStatus.Published);
        var id = published.Value.Report.Id;
        await using var db = await Use<IDbContextFactory<FinalAccountsDbContext>>().CreateDbContextAsync();
        (await db.Reconciliations.AnyAsync(r => r.ReportId == id)).Should().BeTrue("the published revision's reconciliation is stored at publication");
        var packs = await db.Jobs.Where(j => j.Kind == JobKinds.ReportPack).Select(j => j.Parameters).ToListAsync();
        packs.Should().Contain(p => p.Contains(id.ToString(), StringComparison.OrdinalIgnoreCase), "the auditor pack job is queued at publication");
        (await db.AuditEntries.AnyAsync(a => a.ReportId == id && a.Action == "report.publish" && a.Address == "127.0.0.9")).Should().BeTrue();
    }

    [Fact]
    public async Task The_workspace_and_the_audit_search_show_each_caller_only_their_share()
    {
        var (s, callers) = await ArrangeAsync();
        await Use<CreateReport>().ExecuteAsync(callers["officer"], s.Code, 2023, "jiangxi-2023");

        var mine = (await Use<ReadWorkspace>().ExecuteAsync(callers["officer"])).Value;
        mine.Reports.Should().ContainSingle(r => r.Code == s.Code && r.FiscalYear == 2023);
        mine.OwnDepartments.Select(d => d.Code).Should().Equal(s.Code);
        (await Use<ReadWorkspace>().ExecuteAsync(callers["reviewer"])).Value.Reports.Should().Contain(r => r.Code == s.Code);
        (await Use<ReadWorkspace>().ExecuteAsync(callers["other-reviewer"])).Value.Reports.Should().NotContain(r => r.Code == s.Code);
        (await Use<ReadWorkspace>().ExecuteAsync(callers["public"])).Value.Reports.Should().BeEmpty();

        var filter = new AuditFilter(null, null, s.Code, 2023, 100);
        (await Use<SearchAudit>().ExecuteAsync(callers["officer"], filter)).Errors.Should().ContainSingle().Which.Kind.Should().Be(ErrorKind.Forbidden);
        (await Use<SearchAudit>().ExecuteAsync(callers["public"], filter)).Errors.Should().ContainSingle().Which.Kind.Should().Be(ErrorKind.Forbidden);
        var found = (await Use<SearchAudit>().ExecuteAsync(callers["reviewer"], filter)).Value;
        found.Scope.All.Should().BeFalse();
        found.Entries.Should().Contain(a => a.Action == "report.create" && a.UserName == callers["officer"].UserName);
        (await Use<SearchAudit>().ExecuteAsync(callers["other-reviewer"], filter)).Value.Entries.Should().BeEmpty("another region's department is outside the scope");
    }

    [Fact]
    public async Task Sign_in_and_sign_out_are_audited_with_the_callers_address_and_end_the_session()
    {
        var (s, _) = await ArrangeAsync();
        var userName = $"officer-{s.Suffix}";
        var from = new Caller(null, "192.0.2.77");
        await using var scope = fixture.Portal.Services.CreateAsyncScope();

        var refused = await scope.ServiceProvider.GetRequiredService<SignIn>().ExecuteAsync(from, userName, "wrong password");
        refused.Errors.Should().ContainSingle().Which.Kind.Should().Be(ErrorKind.Unauthenticated);
        var signedIn = await scope.ServiceProvider.GetRequiredService<SignIn>().ExecuteAsync(from, userName, Scenario.Password);
        signedIn.IsSuccess.Should().BeTrue(string.Join("；", signedIn.Errors));
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        (await accounts.IsSessionActiveAsync(signedIn.Value.SessionId, signedIn.Value.User.Id)).Should().BeTrue();

        var caller = new Caller(new Actor(userName, new HashSet<string> { Roles.Officer }, new HashSet<Guid>(), null), "192.0.2.77");
        (await scope.ServiceProvider.GetRequiredService<SignOut>().ExecuteAsync(caller, signedIn.Value.SessionId, "网页退出")).Value.Count.Should().Be(1);
        (await accounts.IsSessionActiveAsync(signedIn.Value.SessionId, signedIn.Value.User.Id)).Should().BeFalse("logging out ends the session record, not just the cookie");

        await using var db = await Use<IDbContextFactory<FinalAccountsDbContext>>().CreateDbContextAsync();
        var entries = await db.AuditEntries.Where(a => a.UserName == userName && a.Address == "192.0.2.77").Select(a => a.Action).ToListAsync();
        entries.Should().Contain(["login.failed", "login", "logout"]);
    }

    private static async Task<IReadOnlyList<DomainError>> Errors<T>(Task<Result<T>> call) => (await call).Errors;
}

public sealed class SqliteUseCaseTests(SharedSqlitePortal fixture) : UseCaseTests(fixture), IClassFixture<SharedSqlitePortal>;

public sealed class PostgresUseCaseTests(SharedPostgresPortal fixture) : UseCaseTests(fixture), IClassFixture<SharedPostgresPortal>;
