using System.Globalization;
using FinalAccounts.Application.Accounts;
using FinalAccounts.Application.Auditing;
using FinalAccounts.Application.Reports;
using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Infrastructure.Reports;
using FinalAccounts.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FinalAccounts.Web.Endpoints;

/// <summary>
/// Everything officers, reviewers and administrators do, through the API: the same service, authorisation and
/// validation as the pages. Send a personal access token (<c>POST /api/auth/token</c>) as <c>Authorization: Bearer …</c>.
/// </summary>
public static class WriteApi
{
    public static IEndpointRouteBuilder MapWriteApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/token", CreateToken).WithTags("账户 Accounts").AllowAnonymous().WithMetadata(new SignInAttemptAttribute())
            .WithSummary("用用户名和密码换取个人访问令牌 / Exchange user name and password for a personal access token")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        var admin = app.MapGroup("/api").WithTags("管理 Administration").RequireAuthorization();
        admin.MapPost("/departments", CreateDepartment).WithSummary("新增部门（管理员）/ Create a department (admin)");
        admin.MapPut("/departments/{code}", UpdateDepartment).WithSummary("修改部门名称、地区、级次和别名（管理员；编码不变）/ Change a department (admin)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/users", CreateUser).WithSummary("新增用户（管理员）/ Create a user (admin)");
        admin.MapGet("/progress/{year:int}", Progress).WithSummary("年度进度：各部门该年度决算的状态（管理员：全部；审核人：所辖地区；?region= 按地区前缀）/ Who has started, submitted, published")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapGet("/audit", SearchAudit).WithSummary("查询审计日志（管理员、审核人）/ Search the audit log");

        // Every route below names a department and year that may not exist (404).
        var reports = app.MapGroup("/api/reports/{code}/{year:int}").WithTags("填报与审核 Entry and review").ProducesProblem(StatusCodes.Status404NotFound);
        reports.MapPost("", CreateReport).RequireAuthorization().WithSummary("创建年度决算（填报人；已公开则开始新修订版）/ Create a report or a new revision");
        reports.MapDelete("", DeleteDraft).RequireAuthorization().WithSummary("删除草稿（填报人；草稿或被退回的版本；If-Match 版本号）/ Delete a draft")
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        reports.MapGet("/tables/{tableNo}", ReadTable).WithSummary("读取一张表（可见范围内的最新版本）/ Read a table");
        reports.MapPut("/tables/{tableNo}", SaveTable).RequireAuthorization().WithSummary("整表替换单元格（填报人；If-Match 版本号）/ Replace a table's cells");
        reports.MapGet("/overview", ReadOverview).WithSummary("读取概况 / Read the overview (概况)");
        reports.MapPut("/overview", SaveOverview).RequireAuthorization().WithSummary("保存概况（填报人；If-Match 版本号）/ Replace the overview");
        reports.MapGet("/narrative", ReadNarrative).WithSummary("读取情况说明（各部分按模板顺序、填报项、更正说明）/ Read the narrative (情况说明)");
        reports.MapPut("/narrative", SaveNarrative).RequireAuthorization().WithSummary("保存情况说明（填报人；按模板顺序，标题可省略；If-Match 版本号）/ Replace the narrative")
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        reports.MapPost("/narrative/draft", DraftNarrative).RequireAuthorization().WithSummary("生成情况说明初稿（填报人；overwrite=true 时覆盖已写内容，需版本号）/ Draft the narrative from the tables")
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        reports.MapPerformanceApi();
        reports.MapGet("/glossary", ReadGlossary).WithSummary("读取名词解释 / Read the glossary (名词解释)");
        reports.MapPut("/glossary", SaveGlossary).RequireAuthorization().WithSummary("保存名词解释（填报人；模板标准名词保留，部门可增删自有名词；If-Match 版本号）/ Replace the department's glossary terms")
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        reports.MapPost("/submit", Submit).RequireAuthorization().WithSummary("报送（填报人）/ Submit");
        reports.MapPost("/return", Return).RequireAuthorization().WithSummary("退回（审核人）/ Return with comments");
        reports.MapPost("/approve", Approve).RequireAuthorization().WithSummary("审核通过（审核人）/ Approve");
        reports.MapPost("/publish", Publish).RequireAuthorization().WithSummary("公开（审核人）/ Publish");
        return app;
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> CreateToken(TokenRequest request, IssueToken useCase, HttpContext context)
    {
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), request.UserName ?? "", request.Password ?? "", request.Name);
        return result.IsSuccess
            ? TypedResults.Ok(new TokenResponse(result.Value.Token, "Bearer", result.Value.ExpiresAt, result.Value.Id))
            : ApiProblems.From(result.Errors);
    }

    private static async Task<Results<Created<DepartmentCreatedDto>, ProblemHttpResult>> CreateDepartment(DepartmentRequest request, CreateDepartment useCase, HttpContext context)
    {
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), request.Code ?? "", request.Name ?? "", request.Region ?? "", request.Level ?? "", request.Aliases);
        return result.IsSuccess
            ? TypedResults.Created($"/api/departments/{result.Value.Code}", new DepartmentCreatedDto(result.Value.Code, result.Value.Name, result.Value.Region, result.Value.Level))
            : ApiProblems.From(result.Errors);
    }

    private static async Task<Results<Ok<DepartmentChangedDto>, ProblemHttpResult>> UpdateDepartment(string code, DepartmentRequest request, UpdateDepartment useCase, HttpContext context)
    {
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), code, request.Name ?? "", request.Region ?? "", request.Level ?? "", request.Aliases, request.Active);
        return result.IsSuccess
            ? TypedResults.Ok(new DepartmentChangedDto(result.Value.Code, result.Value.Name, result.Value.Region, result.Value.Level, result.Value.Aliases.Select(a => a.Name).ToList(), result.Value.Active))
            : ApiProblems.From(result.Errors);
    }

    private static async Task<Results<Ok<Application.Overview.YearProgressView>, ProblemHttpResult>> Progress(int year, string? region, Application.Overview.YearProgress useCase, HttpContext context)
    {
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), year, region, context.RequestAborted);
        return result.IsSuccess ? TypedResults.Ok(result.Value) : ApiProblems.From(result.Errors);
    }

    private static async Task<Results<Created<UserCreatedDto>, ProblemHttpResult>> CreateUser(UserRequest request, CreateUser useCase, HttpContext context)
    {
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), request.UserName ?? "", request.Password ?? "", request.Roles ?? [], request.Departments, request.Region, request.DisplayName);
        return result.IsSuccess
            ? TypedResults.Created($"/api/users/{result.Value.User.UserName}", new UserCreatedDto(result.Value.User.UserName!, request.Roles, result.Value.Departments, result.Value.Region))
            : ApiProblems.From(result.Errors);
    }

    private static async Task<Results<Created<ReportSummaryDto>, ProblemHttpResult>> CreateReport(string code, int year, CreateReportRequest request, CreateReport useCase, HttpContext context)
    {
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), code, year, request.TemplateSet ?? "", context.RequestAborted);
        return result.IsSuccess
            ? TypedResults.Created($"/api/reports/{code}/{year}/tables/01", ReportSummaryDto.From(result.Value.Report))
            : ApiProblems.From(result.Errors);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteDraft(string code, int year, DeleteDraft useCase, HttpContext context)
    {
        var version = VersionHeader.Read(context, null);
        if (!version.IsSuccess)
        {
            return ApiProblems.From(version.Errors);
        }

        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), code, year, version.Value, context.RequestAborted);
        return result.IsSuccess ? TypedResults.NoContent() : ApiProblems.From(result.Errors);
    }

    private static async Task<Results<Ok<ReportTableDto>, ProblemHttpResult>> ReadTable(string code, int year, string tableNo, ReadTable useCase, TemplateSetRegistry templates, HttpContext context)
    {
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), code, year, tableNo, context.RequestAborted);
        if (!result.IsSuccess)
        {
            return ApiProblems.From(result.Errors);
        }

        context.Response.Headers.ETag = $"\"{result.Value.Report.Version}\"";
        return TypedResults.Ok(ReportTableDto.From(result.Value, templates));
    }

    private static async Task<Results<Ok<TableSavedDto>, ProblemHttpResult>> SaveTable(string code, int year, string tableNo, SaveTableRequest request, SaveTable useCase, TemplateSetRegistry templates, HttpContext context)
    {
        var version = VersionHeader.Read(context, request.Version);
        if (!version.IsSuccess)
        {
            return ApiProblems.From(version.Errors);
        }

        var cells = request.Cells?.Select(c => c is null ? new CellInput("", 0, null) : new CellInput(c.Row ?? "", c.Col, c.Value)).ToList();
        // Names given twice for one code: the last one counts (as in a JSON object).
        var names = request.Names?.Where(n => n is not null).GroupBy(n => n!.Row ?? "").ToDictionary(g => g.Key, g => g.Last()!.Name ?? "", StringComparer.Ordinal);
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), code, year, tableNo, cells, version.Value, request.Clear == true, context.RequestAborted, names, request.Note);
        if (!result.IsSuccess)
        {
            return ApiProblems.From(result.Errors);
        }

        var (state, changes, conflict) = result.Value;
        if (conflict is not null)
        {
            return TypedResults.Problem(
                title: ProblemTitles.Of(StatusCodes.Status409Conflict),
                detail: $"您载入后，他人已保存了这份决算（当前版本 {conflict.CurrentVersion}）；您的修改未保存。请查看差异后重新提交。",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?>
                {
                    ["currentVersion"] = conflict.CurrentVersion,
                    ["differences"] = conflict.Differences.Select(d => new CellConflictDto(d.Address.RowKey, d.Address.Column, d.Old, d.New)).ToList(),
                });
        }

        context.Response.Headers.ETag = $"\"{state.Report.Version}\"";
        return TypedResults.Ok(new TableSavedDto(ReportTableDto.From(state, templates), changes.Count));
    }

    private static async Task<Results<Ok<ReportOverviewDto>, ProblemHttpResult>> ReadOverview(string code, int year, ReadReport useCase, HttpContext context)
    {
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), code, year, context.RequestAborted);
        if (!result.IsSuccess)
        {
            return ApiProblems.From(result.Errors);
        }

        context.Response.Headers.ETag = $"\"{result.Value.Report.Version}\"";
        return TypedResults.Ok(ReportOverviewDto.From(result.Value.Report));
    }

    private static async Task<Results<Ok<ReportOverviewDto>, ProblemHttpResult>> SaveOverview(string code, int year, OverviewRequest request, SaveOverview useCase, HttpContext context)
    {
        var version = VersionHeader.Read(context, request.Version);
        if (!version.IsSuccess)
        {
            return ApiProblems.From(version.Errors);
        }

        var input = new OverviewInput(request.NameInHeaders, request.Duties, request.Units, request.Staff);
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), code, year, input, version.Value, context.RequestAborted);
        if (!result.IsSuccess)
        {
            return ApiProblems.From(result.Errors);
        }

        context.Response.Headers.ETag = $"\"{result.Value.Report.Version}\"";
        return TypedResults.Ok(ReportOverviewDto.From(result.Value.Report));
    }

    private static async Task<Results<Ok<NarrativeDto>, ProblemHttpResult>> ReadNarrative(string code, int year, ReadNarrative useCase, HttpContext context)
    {
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), code, year, context.RequestAborted);
        return ApiProblems.Versioned(result, context, r => r.Report.Version, NarrativeDto.From);
    }

    private static async Task<Results<Ok<NarrativeDto>, ProblemHttpResult>> SaveNarrative(string code, int year, NarrativeRequest request, SaveNarrative useCase, HttpContext context)
    {
        var version = VersionHeader.Read(context, request.Version);
        if (!version.IsSuccess)
        {
            return ApiProblems.From(version.Errors);
        }

        var write = new NarrativeWrite(request.Sections?.Select(s => s is null ? null : new NarrativeSectionWrite(s.Heading, s.Text)).ToList(), request.Inputs, request.RevisionNote);
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), code, year, write, version.Value, context.RequestAborted);
        return ApiProblems.Versioned(result, context, r => r.Report.Version, NarrativeDto.From);
    }

    private static async Task<Results<Ok<NarrativeDraftDto>, ProblemHttpResult>> DraftNarrative(string code, int year, NarrativeDraftRequest? request, DraftNarrative useCase, HttpContext context)
    {
        var overwrite = request?.Overwrite == true;
        int? expected = null;
        if (overwrite)
        {
            var version = VersionHeader.Read(context, request?.Version);
            if (!version.IsSuccess)
            {
                return ApiProblems.From(version.Errors);
            }

            expected = version.Value;
        }

        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), code, year, overwrite, expected, context.RequestAborted);
        if (!result.IsSuccess)
        {
            return ApiProblems.From(result.Errors);
        }

        context.Response.Headers.ETag = $"\"{result.Value.State.Report.Version}\"";
        return TypedResults.Ok(new NarrativeDraftDto(result.Value.Draft.Select(s => new NarrativeSectionDto(s.Order, s.Heading, s.Text)).ToList(), result.Value.Saved, result.Value.State.Report.Version));
    }

    private static async Task<Results<Ok<GlossaryDto>, ProblemHttpResult>> ReadGlossary(string code, int year, ReadGlossary useCase, HttpContext context)
    {
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), code, year, context.RequestAborted);
        return ApiProblems.Versioned(result, context, r => r.Report.Version, GlossaryDto.From);
    }

    private static async Task<Results<Ok<GlossaryDto>, ProblemHttpResult>> SaveGlossary(string code, int year, GlossaryRequest request, SaveGlossary useCase, HttpContext context)
    {
        var version = VersionHeader.Read(context, request.Version);
        if (!version.IsSuccess)
        {
            return ApiProblems.From(version.Errors);
        }

        var terms = request.Terms?.Select(t => t is null ? null : new GlossaryWrite(t.Term, t.Definition)).ToList();
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), code, year, terms, version.Value, context.RequestAborted);
        return ApiProblems.Versioned(result, context, r => r.Report.Version, GlossaryDto.From);
    }

    private static async Task<Results<Ok<ReportSummaryDto>, ProblemHttpResult>> Submit(string code, int year, SubmitRequest? request, SubmitReport useCase, HttpContext context) =>
        Status(await useCase.ExecuteAsync(AuthSetup.CallerOf(context), code, year, request?.Explanations ?? new Dictionary<string, string>(), context.RequestAborted));

    private static async Task<Results<Ok<ReportSummaryDto>, ProblemHttpResult>> Return(string code, int year, ReturnRequest request, ReturnReport useCase, HttpContext context) =>
        Status(await useCase.ExecuteAsync(AuthSetup.CallerOf(context), code, year,
            (request.Comments ?? []).Select((c, i) => new ReviewComment(i + 1, DateTimeOffset.UtcNow, "", c.Text ?? "", c.Table, c.Row, c.Col)).ToList(), context.RequestAborted));

    private static async Task<Results<Ok<ReportSummaryDto>, ProblemHttpResult>> Approve(string code, int year, ApproveReport useCase, HttpContext context) =>
        Status(await useCase.ExecuteAsync(AuthSetup.CallerOf(context), code, year, context.RequestAborted));

    private static async Task<Results<Ok<ReportSummaryDto>, ProblemHttpResult>> Publish(string code, int year, PublishReport useCase, HttpContext context) =>
        Status(await useCase.ExecuteAsync(AuthSetup.CallerOf(context), code, year, context.RequestAborted));

    private static async Task<Results<Ok<List<AuditEntryDto>>, ProblemHttpResult>> SearchAudit(HttpContext context, SearchAudit useCase, string? user, string? action, string? department, int? year, int? take)
    {
        var found = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), new AuditFilter(user, action, department, year, take ?? 200), context.RequestAborted);
        return found.IsSuccess ? TypedResults.Ok(found.Value.Entries.Select(AuditEntryDto.From).ToList()) : ApiProblems.From(found.Errors);
    }

    private static Results<Ok<ReportSummaryDto>, ProblemHttpResult> Status(Result<StatusChanged> result) =>
        result.IsSuccess ? TypedResults.Ok(ReportSummaryDto.From(result.Value.Report)) : ApiProblems.From(result.Errors);
}

public sealed record OverviewRequest(string? NameInHeaders, string? Duties, IReadOnlyList<UnitInput>? Units, StaffInput? Staff, int? Version);

/// <summary>情况说明 to save: sections in template order (heading optional, checked when given), named inputs, 更正说明 (revisions).</summary>
public sealed record NarrativeRequest(IReadOnlyList<NarrativeSectionRequest?>? Sections, Dictionary<string, decimal>? Inputs, string? RevisionNote, int? Version);

public sealed record NarrativeSectionRequest(string? Heading, string? Text);

/// <summary>生成初稿: with <c>overwrite: true</c> (and the version) the draft replaces the stored text.</summary>
public sealed record NarrativeDraftRequest(bool? Overwrite, int? Version);

/// <summary>One section of 情况说明: its order and heading in the template and its text (blank when not written).</summary>
public sealed record NarrativeSectionDto(int Order, string Heading, string Text);

/// <summary>A named input the template declares (a key ending in &lt;…&gt; is a pattern, e.g. 年初预算.&lt;类编码&gt;).</summary>
public sealed record NarrativeInputDto(string Key, string Label);

/// <summary>情况说明 of the working (or latest visible) revision with the version to send back.</summary>
public sealed record NarrativeDto(int Revision, string Status, int Version, IReadOnlyList<NarrativeSectionDto> Sections, IReadOnlyDictionary<string, decimal> Inputs,
    IReadOnlyList<NarrativeInputDto> DeclaredInputs, string? RevisionNote)
{
    public static NarrativeDto From(NarrativeState state) => new(state.Report.Revision, state.Report.Status.ToString(), state.Report.Version,
        state.Sections.Select(s => new NarrativeSectionDto(s.Order, s.Heading, s.Text)).ToList(), state.Inputs,
        state.Template.Inputs.Select(i => new NarrativeInputDto(i.Key, i.Label)).ToList(), state.RevisionNote);
}

/// <summary>The drafted sections; <c>saved</c> when they replaced the stored text.</summary>
public sealed record NarrativeDraftDto(IReadOnlyList<NarrativeSectionDto> Sections, bool Saved, int Version);

public sealed record GlossaryTermRequest(string? Term, string? Definition);

/// <summary>名词解释 to save: the department's own terms (the template's standard terms are kept whatever is sent).</summary>
public sealed record GlossaryRequest(IReadOnlyList<GlossaryTermRequest?>? Terms, int? Version);

public sealed record GlossaryTermDto(string Term, string Definition, bool Standard);

public sealed record GlossaryDto(int Revision, string Status, int Version, IReadOnlyList<GlossaryTermDto> Terms)
{
    public static GlossaryDto From(GlossaryState state) => new(state.Report.Revision, state.Report.Status.ToString(), state.Report.Version,
        state.Terms.Select(t => new GlossaryTermDto(t.Term, t.Definition, t.Standard)).ToList());
}

public sealed record TokenRequest(string? UserName, string? Password, string? Name);

public sealed record TokenResponse(string Token, string TokenType, DateTimeOffset ExpiresAt, Guid Id);

/// <summary>A department to create or change; <c>active: false</c> deactivates it (no new reports; published ones stay public).</summary>
public sealed record DepartmentRequest(string? Code, string? Name, string? Region, string? Level, IReadOnlyList<string>? Aliases, bool? Active = null);

public sealed record UserRequest(string? UserName, string? Password, IReadOnlyList<string>? Roles, IReadOnlyList<string>? Departments, string? Region, string? DisplayName);

public sealed record CreateReportRequest(string? TemplateSet);

public sealed record CellWrite(string? Row, int Col, string? Value);

/// <summary>
/// A whole table: every cell it should hold. An empty list clears the table only with <c>clear: true</c>.
/// <c>names</c> gives the name as printed of each coded row whose code is not in the catalogue (kept and flagged by
/// S-10 until an administrator confirms it); left out, the names stored before are kept. <c>note</c> (optional) is the
/// department's own text under the table; blank removes it.
/// </summary>
public sealed record SaveTableRequest(IReadOnlyList<CellWrite>? Cells, int? Version, bool? Clear = null, IReadOnlyList<PrintedNameWrite?>? Names = null, string? Note = null);

/// <summary>The name as printed of a coded row (<c>row</c> = its code).</summary>
public sealed record PrintedNameWrite(string? Row, string? Name);

public sealed record SubmitRequest(Dictionary<string, string>? Explanations);

public sealed record CommentRequest(string? Text, string? Table, string? Row, int? Col);

public sealed record ReturnRequest(IReadOnlyList<CommentRequest>? Comments);

/// <summary>A report's place in the workflow: what create, submit, return, approve and publish answer.</summary>
public sealed record ReportSummaryDto(int FiscalYear, int Revision, string Status, string TemplateSet, int Version)
{
    public static ReportSummaryDto From(Report report) => new(report.FiscalYear, report.Revision, report.Status.ToString(), report.TemplateSetId, report.Version);
}

/// <summary>A table of the working (or latest visible) revision: the cells in row, column order, formatted as entered.</summary>
public sealed record ReportTableDto(string TableNo, int Revision, string Status, int Version, IReadOnlyList<CellDto> Cells)
{
    /// <summary>Names as printed of coded rows whose code was not in the catalogue when entered (row = code).</summary>
    public IReadOnlyList<PrintedNameWrite> Names { get; init; } = [];
    /// <summary>The department's own note under the table (null: the template's <c>emptyNote</c> is printed when empty).</summary>
    public string? Note { get; init; }

    public static ReportTableDto From(TableState state, TemplateSetRegistry templates)
    {
        var table = templates.Find(state.Report.TemplateSetId)!.FindTable(state.TableNo)!;
        return new(state.TableNo, state.Report.Revision, state.Report.Status.ToString(), state.Report.Version,
            state.Cells.OrderBy(c => c.RowKey, StringComparer.Ordinal).ThenBy(c => c.Column)
                .Select(c => new CellDto(c.RowKey, c.Column, CellValueText.Format(c.Value, table.KindOf(c.RowKey, c.Column)))).ToList())
        {
            Names = state.Report.PrintedNamesOf(state.TableNo).OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => new PrintedNameWrite(n.Key, n.Value)).ToList(),
            Note = state.Report.TableNoteOf(state.TableNo),
        };
    }
}

/// <summary>A saved table and how many cells changed (0: nothing was written, the version stayed).</summary>
public sealed record TableSavedDto(ReportTableDto Table, int Changed);

/// <summary>A cell where a stale save differs from what is stored now: your value and theirs (null = blank).</summary>
public sealed record CellConflictDto(string Row, int Col, decimal? Yours, decimal? Theirs);

/// <summary>概况 of the working (or latest visible) revision, with the version to send back when saving.</summary>
public sealed record ReportOverviewDto(int Revision, string Status, int Version, string NameInHeaders, string Duties, IReadOnlyList<UnitDto> Units, StaffDto Staff)
{
    public static ReportOverviewDto From(Report report) => new(report.Revision, report.Status.ToString(), report.Version, report.NameInHeaders, report.Duties,
        report.Units.Select(u => new UnitDto(u.Seq, u.Name, u.BudgetLevel)).ToList(),
        new StaffDto(report.Staff.Active, report.Staff.Retired, report.Staff.Other, report.Staff.RetiredPaidByPensionFund));
}

/// <summary>One audit log entry; the cell or field fields are set when the entry is about one.</summary>
public sealed record AuditEntryDto(DateTimeOffset At, string User, string Address, string Action, string Detail, string? Department, int? Year, string? Table, string? Row, int? Col, string? Old, string? New)
{
    public static AuditEntryDto From(Domain.Auditing.AuditEntry a) =>
        new(a.At, a.UserName, a.Address, a.Action, a.Detail, a.DepartmentCode, a.FiscalYear, a.TableNo, a.RowKey, a.Column, a.OldValue, a.NewValue);
}

public sealed record DepartmentCreatedDto(string Code, string Name, string Region, string Level);

/// <summary>A department after an administrator's edit.</summary>
public sealed record DepartmentChangedDto(string Code, string Name, string Region, string Level, IReadOnlyList<string> Aliases, bool Active);

public sealed record UserCreatedDto(string UserName, IReadOnlyList<string>? Roles, IReadOnlyList<string> Departments, string? Region);
