using FinalAccounts.Domain.Common;

namespace FinalAccounts.Web.Endpoints;

/// <summary>Typed domain errors → ProblemDetails with the right status and every error (code, target, message) listed.</summary>
internal static class ApiProblems
{
    public static IResult From(IReadOnlyList<DomainError> errors)
    {
        var code = errors[0].Code;
        var status = code switch
        {
            _ when code.EndsWith("not_found", StringComparison.Ordinal) => StatusCodes.Status404NotFound,
            _ when code.EndsWith("forbidden", StringComparison.Ordinal) => StatusCodes.Status403Forbidden,
            _ when code.StartsWith("auth.", StringComparison.Ordinal) => StatusCodes.Status401Unauthorized,
            _ when code.StartsWith("import.", StringComparison.Ordinal) && code.EndsWith("too_large", StringComparison.Ordinal) => StatusCodes.Status413PayloadTooLarge,
            "version.required" => StatusCodes.Status428PreconditionRequired,
            _ when code.EndsWith("conflict", StringComparison.Ordinal) || code.Contains("Duplicate", StringComparison.Ordinal)
                || code is "workflow.invalid_transition" or "workflow.blocked_by_errors" => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        var title = status switch
        {
            404 => "未找到",
            403 => "无权执行此操作",
            401 => "身份验证失败",
            409 => "与当前状态冲突",
            413 => "文件过大",
            428 => "缺少版本号",
            _ => "提交的数据有误",
        };
        return Results.Problem(
            title: title,
            detail: string.Join("；", errors.Take(20).Select(e => e.ToString())) + (errors.Count > 20 ? $"；等共 {errors.Count} 处" : ""),
            statusCode: status,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = errors.Select(e => new { code = e.Code, target = e.Target, message = e.Message }).ToList(),
            });
    }
}
