using System.Text.Json;
using FinalAccounts.Application.Templates;
using FinalAccounts.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FinalAccounts.Web.Endpoints;

/// <summary>
/// Template sets: the list (anyone: shipped and active sets; administrators also see uploads awaiting activation),
/// upload (validated, every error named) and activation (no restart) by administrators.
/// </summary>
public static class TemplateApi
{
    public static IEndpointRouteBuilder MapTemplateApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/templates").WithTags("模板 Templates");
        api.MapGet("", List).WithSummary("模板列表：随程序提供的、已启用的（管理员另见待启用的上传）/ Template sets");
        api.MapPut("/{id}", Upload).RequireAuthorization()
            .WithSummary("上传或替换模板：请求体 {\"template\":{表样},\"rules\":{审核规则}}，校验后待启用（管理员）/ Upload a template set (admin)")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id}/activate", Activate).RequireAuthorization()
            .WithSummary("启用上传的模板，无需重启（管理员）/ Activate an uploaded template set (admin)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Ok<List<TemplateSetSummary>>> List(ListTemplateSets useCase, HttpContext context) =>
        TypedResults.Ok((await useCase.ExecuteAsync(AuthSetup.CallerOf(context), context.RequestAborted)).ToList());

    private static async Task<Results<Ok<TemplateSetSummary>, ProblemHttpResult>> Upload(string id, TemplateUploadRequest request, UploadTemplateSet useCase, HttpContext context)
    {
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), id, Raw(request.Template), Raw(request.Rules), context.RequestAborted);
        return result.IsSuccess ? TypedResults.Ok(result.Value) : ApiProblems.From(result.Errors);
    }

    private static async Task<Results<Ok<TemplateSetSummary>, ProblemHttpResult>> Activate(string id, ActivateTemplateSet useCase, HttpContext context)
    {
        var result = await useCase.ExecuteAsync(AuthSetup.CallerOf(context), id, context.RequestAborted);
        return result.IsSuccess ? TypedResults.Ok(result.Value) : ApiProblems.From(result.Errors);
    }

    private static string? Raw(JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Object } e ? e.GetRawText() : element is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;
}

/// <summary>
/// A template set to upload: its layout (the <c>templates/{id}.json</c> format, docs/template-format.md) and its 审核规则
/// (<c>templates/{id}.rules.json</c>), each as a JSON object or as the file's text.
/// </summary>
public sealed record TemplateUploadRequest(JsonElement? Template, JsonElement? Rules);
