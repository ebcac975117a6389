using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests;

public class AccessPolicyTests
{
    private static readonly Department Own = new("own", "本部门", "江西省景德镇市", "市级");
    private static readonly Department Other = new("other", "他部门", "浙江省杭州市", "市级");

    private static Actor Officer => new("officer", new HashSet<string> { Roles.Officer }, new HashSet<Guid> { Own.Id }, null);
    private static Actor Reviewer => new("reviewer", new HashSet<string> { Roles.Reviewer }, new HashSet<Guid>(), "江西省");
    private static Actor Admin => new("admin", new HashSet<string> { Roles.Admin }, new HashSet<Guid>(), null);

    public static TheoryData<string, string, string, bool> Matrix()
    {
        var data = new TheoryData<string, string, string, bool>();
        // actor, action, department (own = 江西省, other = 浙江省), allowed
        foreach (var (actor, action, dept, allowed) in new[]
        {
            ("public", "read-draft", "own", false), ("public", "read-published", "own", true), ("public", "edit", "own", false), ("public", "review", "own", false), ("public", "manage", "-", false), ("public", "audit", "-", false),
            ("officer", "read-draft", "own", true), ("officer", "read-draft", "other", false), ("officer", "read-published", "other", true), ("officer", "edit", "own", true), ("officer", "edit", "other", false),
            ("officer", "review", "own", false), ("officer", "manage", "-", false), ("officer", "audit", "-", false),
            ("reviewer", "read-draft", "own", true), ("reviewer", "read-draft", "other", false), ("reviewer", "edit", "own", false), ("reviewer", "review", "own", true),
            ("reviewer", "review", "other", false), ("reviewer", "manage", "-", false), ("reviewer", "audit", "-", true),
            ("admin", "read-draft", "other", true), ("admin", "edit", "own", false), ("admin", "review", "own", false), ("admin", "manage", "-", true), ("admin", "audit", "-", true),
        })
        {
            data.Add(actor, action, dept, allowed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Every_role_may_do_exactly_what_it_should(string actorName, string action, string dept, bool allowed)
    {
        var actor = actorName switch { "officer" => Officer, "reviewer" => Reviewer, "admin" => Admin, _ => (Actor?)null };
        var department = dept == "other" ? Other : Own;
        var draft = new Report(department, 2023, "t", 1, DateTimeOffset.UnixEpoch);
        var published = new Report(department, 2023, "t", 1, DateTimeOffset.UnixEpoch);
        published.PublishImported(DateTimeOffset.UnixEpoch);

        var decision = action switch
        {
            "read-draft" => AccessPolicy.CanRead(actor, draft, department),
            "read-published" => AccessPolicy.CanRead(actor, published, department),
            "edit" => AccessPolicy.CanEdit(actor, department),
            "review" => AccessPolicy.CanReview(actor, department),
            "manage" => AccessPolicy.CanManage(actor),
            _ => AccessPolicy.CanReadAudit(actor),
        };

        decision.Should().Be(allowed);
    }

    [Theory]
    [InlineData("admin", "officer", null, true)]
    [InlineData("admin", "someone", "浙江省杭州市", true)]
    [InlineData("reviewer", "officer", "江西省景德镇市", true)]
    [InlineData("reviewer", "officer", "浙江省杭州市", false)]
    [InlineData("reviewer", "officer", null, false)]
    [InlineData("reviewer", "reviewer", null, true)]
    [InlineData("reviewer", "reviewer", "浙江省杭州市", true)]
    [InlineData("officer", "officer", "江西省景德镇市", false)]
    [InlineData("public", "officer", "江西省景德镇市", false)]
    public void Audit_entries_are_read_within_the_region_or_as_ones_own(string actorName, string entryUser, string? departmentRegion, bool allowed)
    {
        var actor = actorName switch { "officer" => Officer, "reviewer" => Reviewer, "admin" => Admin, _ => (Actor?)null };

        AccessPolicy.CanReadAuditEntry(actor, entryUser, departmentRegion).Should().Be(allowed);
    }
}

public class WorkflowTests
{
    private static readonly Department Department = new("d", "部门", "江西省", "市级");

    private static ReconciliationResult Result(params (string Id, RuleSeverity Severity, CheckStatus Status)[] rules) =>
        new("t", "1", rules.Select(r => new RuleResult(
            new ReconciliationRule(r.Id, r.Id + " 规则", r.Severity, [], [], null, null, null), r.Status,
            [new CheckResult(r.Id, r.Severity, r.Status, null, null, null, null, 0, [], null)])).ToList());

    private static readonly DateTimeOffset At = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Draft_to_published_through_submit_approve_publish()
    {
        var report = new Report(Department, 2023, "t", 1, At);

        report.Submit(Result(("T01-01", RuleSeverity.Error, CheckStatus.Tail), ("X-15", RuleSeverity.Warning, CheckStatus.Fail)),
            new Dictionary<string, string> { ["X-15"] = "年初结转含上年专项资金" }, At).Value.Should().Be(ReportStatus.Submitted);
        report.Explanations.Should().ContainSingle(e => e.RuleId == "X-15" && e.Text == "年初结转含上年专项资金");
        report.Approve(At).Value.Should().Be(ReportStatus.Approved);
        report.Publish(At).Value.Should().Be(ReportStatus.Published);
        report.PublishedAt.Should().Be(At);
        report.IsEditable.Should().BeFalse();
    }

    [Fact]
    public void Submission_is_refused_while_an_error_fails_or_a_warning_is_unexplained()
    {
        var report = new Report(Department, 2023, "t", 1, At);

        report.Submit(Result(("X-13", RuleSeverity.Error, CheckStatus.Fail)), new Dictionary<string, string>(), At)
            .Errors.Should().ContainSingle(e => e.Code == "workflow.blocked_by_errors" && e.Message.Contains("X-13"));
        report.Submit(Result(("X-15", RuleSeverity.Warning, CheckStatus.Fail), ("X-20", RuleSeverity.Info, CheckStatus.Fail)), new Dictionary<string, string> { ["X-15"] = "  " }, At)
            .Errors.Should().ContainSingle(e => e.Code == "workflow.missing_explanation" && e.Message.Contains("X-15") && !e.Message.Contains("X-20"));
        report.Status.Should().Be(ReportStatus.Draft);
    }

    [Fact]
    public void A_returned_report_goes_back_to_the_officer_with_cell_comments()
    {
        var report = new Report(Department, 2023, "t", 1, At);
        report.Submit(Result(), new Dictionary<string, string>(), At);

        report.Return("reviewer", [new ReviewComment(0, At, "", "请核对行政运行", "03", "2010301", 3)], At).Value.Should().Be(ReportStatus.Returned);

        report.IsEditable.Should().BeTrue();
        report.Comments.Should().ContainSingle(c => c.Author == "reviewer" && c.RowKey == "2010301" && c.Column == 3);
        report.Return("reviewer", [new ReviewComment(0, At, "", "x")], At).Errors.Should().ContainSingle(e => e.Code == "workflow.invalid_transition");
    }

    [Theory]
    [InlineData("approve")]
    [InlineData("publish")]
    [InlineData("return")]
    public void Transitions_out_of_order_are_refused(string action)
    {
        var report = new Report(Department, 2023, "t", 1, At);

        var result = action switch
        {
            "approve" => report.Approve(At),
            "publish" => report.Publish(At),
            _ => report.Return("r", [new ReviewComment(0, At, "", "x")], At),
        };

        result.Errors.Should().ContainSingle(e => e.Code == "workflow.invalid_transition" && e.Message.StartsWith("草稿的决算不能"));
        report.Status.Should().Be(ReportStatus.Draft);
    }

    [Fact]
    public void A_correction_is_a_new_revision_and_the_published_one_stays_immutable()
    {
        var published = new Report(Department, 2023, "t", 1, At);
        published.ReplaceTable("01", [new ReportCell("01", "1", 1, 5m)], At);
        published.PublishImported(At);

        var revision = published.StartRevision(Department, At);
        var changes = revision.ReplaceTable("01", [new ReportCell("01", "1", 1, 6m), new ReportCell("01", "2", 1, 1m)], At);

        revision.Revision.Should().Be(2);
        revision.Status.Should().Be(ReportStatus.Draft);
        changes.Select(c => (c.Address.RowKey, c.Old, c.New)).Should().Equal(("1", 5m, 6m), ("2", null, 1m));
        published.Cells.Single().Value.Should().Be(5m);
        var edit = () => published.ReplaceTable("01", [], At);
        edit.Should().Throw<InvalidOperationException>();
    }
}

public sealed class ErrorKindTests
{
    [Theory]
    [InlineData("report.not_found", ErrorKind.NotFound)]
    [InlineData("batch.forbidden", ErrorKind.Forbidden)]
    [InlineData("auth.invalid", ErrorKind.Unauthenticated)]
    [InlineData("import.too_large", ErrorKind.TooLarge)]
    [InlineData("cell.too_large", ErrorKind.Validation)]
    [InlineData("version.required", ErrorKind.VersionRequired)]
    [InlineData("report.conflict", ErrorKind.Conflict)]
    [InlineData("user.DuplicateUserName", ErrorKind.Conflict)]
    [InlineData("workflow.invalid_transition", ErrorKind.Conflict)]
    [InlineData("cell.not_a_number", ErrorKind.Validation)]
    public void The_kind_of_an_error_follows_from_its_code(string code, ErrorKind kind) =>
        new DomainError(code, "消息").Kind.Should().Be(kind);
}
