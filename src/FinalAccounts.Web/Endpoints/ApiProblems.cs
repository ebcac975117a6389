using FinalAccounts.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FinalAccounts.Web.Endpoints;

/// <summary>Typed domain errors → ProblemDetails: the status from the first error's kind, every error (code, kind, target, message) listed.</summary>
internal static class ApiProblems
{
    /// <summary>
    /// A read or write of a versioned part of a report: the problem if it failed, else the part with its report's
    /// version as the ETag (what the next write must name).
    /// </summary>
    public static Results<Ok<TDto>, ProblemHttpResult> Versioned<T, TDto>(Result<T> result, HttpContext context, Func<T, int> version, Func<T, TDto> map)
    {
        if (!result.IsSuccess)
        {
            return From(result.Errors);
        }

        context.Response.Headers.ETag = $"\"{version(result.Value)}\"";
        return TypedResults.Ok(map(result.Value));
    }

    public static ProblemHttpResult From(IReadOnlyList<DomainError> errors)
    {
        var status = errors[0].Kind switch
        {
            ErrorKind.NotFound => StatusCodes.Status404NotFound,
            ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
            ErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
            ErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
            ErrorKind.VersionRequired => StatusCodes.Status428PreconditionRequired,
            ErrorKind.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        return TypedResults.Problem(
            title: ProblemTitles.Of(status),
            detail: string.Join("；", errors.Take(20).Select(e => e.ToString())) + (errors.Count > 20 ? $"；等共 {errors.Count} 处" : ""),
            statusCode: status,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = errors.Select(e => new ProblemErrorDto(e.Code, e.Kind.ToString(), e.Target, e.Message)).ToList(),
            });
    }
}

/// <summary>One error of a ProblemDetails answer (its <c>errors</c> list): code, kind, what it is about (field, cell), message.</summary>
public sealed record ProblemErrorDto(string Code, string Kind, string? Target, string Message);

/// <summary>The Chinese title of a ProblemDetails answer for each status: one list for domain errors and exceptions alike.</summary>
internal static class ProblemTitles
{
    public static string Of(int status) => status switch
    {
        401 => "身份验证失败",
        403 => "无权执行此操作",
        404 => "未找到",
        409 => "与当前状态冲突",
        413 => "文件过大",
        415 => "请求体格式不支持",
        428 => "缺少版本号",
        500 => "服务器内部错误",
        503 => "服务暂时不可用",
        _ => "提交的数据有误",
    };
}
