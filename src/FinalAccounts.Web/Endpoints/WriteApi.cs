using System.Globalization;
using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Infrastructure.Reports;
using FinalAccounts.Web.Auth;

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
            .WithSummary("用用户名和密码换取个人访问令牌 / Exchange user name and password for a personal access token");

        var admin = app.MapGroup("/api").WithTags("管理 Administration").RequireAuthorization();
        admin.MapPost("/departments", CreateDepartment).WithSummary("新增部门（管理员）/ Create a department (admin)");
        admin.MapPost("/users", CreateUser).WithSummary("新增用户（管理员）/ Create a user (admin)");
        admin.MapGet("/audit", SearchAudit).WithSummary("查询审计日志（管理员、审核人）/ Search the audit log");

        var reports = app.MapGroup("/api/reports/{code}/{year:int}").WithTags("填报与审核 Entry and review");
        reports.MapPost("", CreateReport).RequireAuthorization().WithSummary("创建年度决算（填报人；已公开则开始新修订版）/ Create a report or a new revision");
        reports.MapDelete("", DeleteDraft).RequireAuthorization().WithSummary("删除草稿（填报人；草稿或被退回的版本；If-Match 版本号）/ Delete a draft");
        reports.MapGet("/tables/{tableNo}", ReadTable).WithSummary("读取一张表（可见范围内的最新版本）/ Read a table");
        reports.MapPut("/tables/{tableNo}", SaveTable).RequireAuthorization().WithSummary("整表替换单元格（填报人；If-Match 版本号）/ Replace a table's cells");
        reports.MapGet("/overview", ReadOverview).WithSummary("读取概况 / Read the overview (概况)");
        reports.MapPut("/overview", SaveOverview).RequireAuthorization().WithSummary("保存概况（填报人；If-Match 版本号）/ Replace the overview");
        reports.MapPost("/submit", Submit).RequireAuthorization().WithSummary("报送（填报人）/ Submit");
        reports.MapPost("/return", Return).RequireAuthorization().WithSummary("退回（审核人）/ Return with comments");
        reports.MapPost("/approve", Approve).RequireAuthorization().WithSummary("审核通过（审核人）/ Approve");
        reports.MapPost("/publish", Publish).RequireAuthorization().WithSummary("公开（审核人）/ Publish");
        return app;
    }

    private static async Task<IResult> CreateToken(TokenRequest request, AccountService accounts, HttpContext context)
    {
        if (TextRules.Check(request.Name, "令牌名称", "name") is { } unreadable)
        {
            return ApiProblems.From([unreadable]);
        }

        var result = await accounts.CreateTokenAsync(request.UserName ?? "", request.Password ?? "", request.Name, AuthSetup.CallerOf(context).Address);
        return result.IsSuccess
            ? Results.Ok(new TokenResponse(result.Value.Token, "Bearer", result.Value.ExpiresAt, result.Value.Id))
            : ApiProblems.From(result.Errors);
    }

    private static async Task<IResult> CreateDepartment(DepartmentRequest request, AccountService accounts, HttpContext context)
    {
        var result = await accounts.CreateDepartmentAsync(AuthSetup.CallerOf(context), request.Code ?? "", request.Name ?? "", request.Region ?? "", request.Level ?? "", request.Aliases);
        return result.IsSuccess
            ? Results.Created($"/api/departments/{result.Value.Code}", new { code = result.Value.Code, name = result.Value.Name, region = result.Value.Region, level = result.Value.Level })
            : ApiProblems.From(result.Errors);
    }

    private static async Task<IResult> CreateUser(UserRequest request, AccountService accounts, HttpContext context)
    {
        var result = await accounts.CreateUserAsync(AuthSetup.CallerOf(context), request.UserName ?? "", request.Password ?? "", request.Roles ?? [], request.Departments, request.Region, request.DisplayName);
        return result.IsSuccess
            ? Results.Created($"/api/users/{result.Value.UserName}", new { userName = result.Value.UserName, roles = request.Roles, departments = request.Departments ?? [], region = request.Region })
            : ApiProblems.From(result.Errors);
    }

    private static async Task<IResult> CreateReport(string code, int year, CreateReportRequest request, ReportCommands commands, HttpContext context)
    {
        var result = await commands.CreateAsync(AuthSetup.CallerOf(context), code, year, request.TemplateSet ?? "", context.RequestAborted);
        return result.IsSuccess
            ? Results.Created($"/api/reports/{code}/{year}/tables/01", Summary(result.Value))
            : ApiProblems.From(result.Errors);
    }

    private static async Task<IResult> DeleteDraft(string code, int year, ReportCommands commands, HttpContext context)
    {
        var version = VersionHeader.Read(context, null);
        if (!version.IsSuccess)
        {
            return ApiProblems.From(version.Errors);
        }

        var result = await commands.DeleteDraftAsync(AuthSetup.CallerOf(context), code, year, version.Value, context.RequestAborted);
        return result.IsSuccess ? Results.NoContent() : ApiProblems.From(result.Errors);
    }

    private static async Task<IResult> ReadTable(string code, int year, string tableNo, ReportCommands commands, TemplateSetRegistry templates, HttpContext context)
    {
        var result = await commands.ReadTableAsync(AuthSetup.CallerOf(context), code, year, tableNo, context.RequestAborted);
        if (!result.IsSuccess)
        {
            return ApiProblems.From(result.Errors);
        }

        context.Response.Headers.ETag = $"\"{result.Value.Report.Version}\"";
        return Results.Ok(TableBody(result.Value, templates));
    }

    private static async Task<IResult> SaveTable(string code, int year, string tableNo, SaveTableRequest request, ReportCommands commands, TemplateSetRegistry templates, HttpContext context)
    {
        var version = VersionHeader.Read(context, request.Version);
        if (!version.IsSuccess)
        {
            return ApiProblems.From(version.Errors);
        }

        var cells = request.Cells?.Select(c => c is null ? new CellInput("", 0, null) : new CellInput(c.Row ?? "", c.Col, c.Value)).ToList();
        var result = await commands.SaveTableAsync(AuthSetup.CallerOf(context), code, year, tableNo, cells, version.Value, context.RequestAborted, request.Clear == true);
        if (!result.IsSuccess)
        {
            return ApiProblems.From(result.Errors);
        }

        var (state, changes, conflict) = result.Value;
        if (conflict is not null)
        {
            return Results.Problem(
                title: "与当前状态冲突",
                detail: $"您载入后，他人已保存了这份决算（当前版本 {conflict.CurrentVersion}）；您的修改未保存。请查看差异后重新提交。",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?>
                {
                    ["currentVersion"] = conflict.CurrentVersion,
                    ["differences"] = conflict.Differences.Select(d => new { row = d.Address.RowKey, col = d.Address.Column, yours = d.Old, theirs = d.New }).ToList(),
                });
        }

        context.Response.Headers.ETag = $"\"{state.Report.Version}\"";
        return Results.Ok(new { table = TableBody(state, templates), changed = changes.Count });
    }

    private static async Task<IResult> ReadOverview(string code, int year, ReportCommands commands, HttpContext context)
    {
        var result = await commands.ReadReportAsync(AuthSetup.CallerOf(context), code, year, context.RequestAborted);
        if (!result.IsSuccess)
        {
            return ApiProblems.From(result.Errors);
        }

        context.Response.Headers.ETag = $"\"{result.Value.Report.Version}\"";
        return Results.Ok(OverviewBody(result.Value.Report));
    }

    private static async Task<IResult> SaveOverview(string code, int year, OverviewRequest request, ReportCommands commands, HttpContext context)
    {
        var version = VersionHeader.Read(context, request.Version);
        if (!version.IsSuccess)
        {
            return ApiProblems.From(version.Errors);
        }

        var input = new OverviewInput(request.NameInHeaders, request.Duties, request.Units, request.Staff);
        var result = await commands.SaveOverviewAsync(AuthSetup.CallerOf(context), code, year, input, version.Value, context.RequestAborted);
        if (!result.IsSuccess)
        {
            return ApiProblems.From(result.Errors);
        }

        context.Response.Headers.ETag = $"\"{result.Value.Version}\"";
        return Results.Ok(OverviewBody(result.Value));
    }

    private static object OverviewBody(Report report) => new
    {
        revision = report.Revision,
        status = report.Status.ToString(),
        version = report.Version,
        nameInHeaders = report.NameInHeaders,
        duties = report.Duties,
        units = report.Units.Select(u => new { seq = u.Seq, name = u.Name, budgetLevel = u.BudgetLevel }),
        staff = new { active = report.Staff.Active, retired = report.Staff.Retired, other = report.Staff.Other, retiredPaidByPensionFund = report.Staff.RetiredPaidByPensionFund },
    };

    private static async Task<IResult> Submit(string code, int year, SubmitRequest? request, ReportCommands commands, HttpContext context) =>
        Status(await commands.SubmitAsync(AuthSetup.CallerOf(context), code, year, request?.Explanations ?? new Dictionary<string, string>(), context.RequestAborted));

    private static async Task<IResult> Return(string code, int year, ReturnRequest request, ReportCommands commands, HttpContext context) =>
        Status(await commands.ReturnAsync(AuthSetup.CallerOf(context), code, year,
            (request.Comments ?? []).Select((c, i) => new ReviewComment(i + 1, DateTimeOffset.UtcNow, "", c.Text ?? "", c.Table, c.Row, c.Col)).ToList(), context.RequestAborted));

    private static async Task<IResult> Approve(string code, int year, ReportCommands commands, HttpContext context) =>
        Status(await commands.ApproveAsync(AuthSetup.CallerOf(context), code, year, context.RequestAborted));

    private static async Task<IResult> Publish(string code, int year, ReportCommands commands, HttpContext context) =>
        Status(await commands.PublishAsync(AuthSetup.CallerOf(context), code, year, context.RequestAborted));

    private static async Task<IResult> SearchAudit(HttpContext context, AuditQueries audit, string? user, string? action, string? department, int? year, int? take)
    {
        var actor = AuthSetup.CallerOf(context).Actor;
        if (!AccessPolicy.CanReadAudit(actor))
        {
            return ApiProblems.From([new("audit.forbidden", "只有管理员和审核人可以查询审计日志")]);
        }

        var entries = await audit.SearchAsync(actor, new AuditFilter(user, action, department, year, take ?? 200), context.RequestAborted);
        return Results.Ok(entries.Select(a => new
        {
            at = a.At,
            user = a.UserName,
            address = a.Address,
            action = a.Action,
            detail = a.Detail,
            department = a.DepartmentCode,
            year = a.FiscalYear,
            table = a.TableNo,
            row = a.RowKey,
            col = a.Column,
            old = a.OldValue,
            @new = a.NewValue,
        }));
    }

    private static IResult Status(FinalAccounts.Domain.Common.Result<Report> result) =>
        result.IsSuccess ? Results.Ok(Summary(result.Value)) : ApiProblems.From(result.Errors);

    private static object Summary(Report report) => new
    {
        fiscalYear = report.FiscalYear,
        revision = report.Revision,
        status = report.Status.ToString(),
        templateSet = report.TemplateSetId,
        version = report.Version,
    };

    private static object TableBody(TableState state, TemplateSetRegistry templates)
    {
        var table = templates.Find(state.Report.TemplateSetId)!.FindTable(state.TableNo)!;
        return new
        {
            tableNo = state.TableNo,
            revision = state.Report.Revision,
            status = state.Report.Status.ToString(),
            version = state.Report.Version,
            cells = state.Cells.OrderBy(c => c.RowKey, StringComparer.Ordinal).ThenBy(c => c.Column)
                .Select(c => new { row = c.RowKey, col = c.Column, value = CellValueText.Format(c.Value, table.KindOf(c.RowKey, c.Column)) }),
        };
    }
}

public sealed record OverviewRequest(string? NameInHeaders, string? Duties, IReadOnlyList<UnitInput>? Units, StaffInput? Staff, int? Version);

public sealed record TokenRequest(string? UserName, string? Password, string? Name);

public sealed record TokenResponse(string Token, string TokenType, DateTimeOffset ExpiresAt, Guid Id);

public sealed record DepartmentRequest(string? Code, string? Name, string? Region, string? Level, IReadOnlyList<string>? Aliases);

public sealed record UserRequest(string? UserName, string? Password, IReadOnlyList<string>? Roles, IReadOnlyList<string>? Departments, string? Region, string? DisplayName);

public sealed record CreateReportRequest(string? TemplateSet);

public sealed record CellWrite(string? Row, int Col, string? Value);

/// <summary>A whole table: every cell it should hold. An empty list clears the table only with <c>clear: true</c>.</summary>
public sealed record SaveTableRequest(IReadOnlyList<CellWrite>? Cells, int? Version, bool? Clear = null);

public sealed record SubmitRequest(Dictionary<string, string>? Explanations);

public sealed record CommentRequest(string? Text, string? Table, string? Row, int? Col);

public sealed record ReturnRequest(IReadOnlyList<CommentRequest>? Comments);
