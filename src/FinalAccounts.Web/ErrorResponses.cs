using Microsoft.AspNetCore.Diagnostics;

namespace FinalAccounts.Web;

/// <summary>Errors in Chinese: ProblemDetails for the API, a short page for people; details only in the log.</summary>
internal static class ErrorResponses
{
    public static async Task HandleAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("FinalAccounts.Errors");
        logger.LogError(error, "Unhandled error on {Path}", context.Request.Path);
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        if (IsApi(context))
        {
            await Results.Problem(title: "服务器内部错误", detail: "处理请求时出错，已记录日志。请稍后重试或联系管理员。", statusCode: 500).ExecuteAsync(context);
            return;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(Page("出错了", "处理请求时出错，已记录日志。请稍后重试。"));
    }

    public static async Task StatusCodePageAsync(StatusCodeContext statusContext)
    {
        var context = statusContext.HttpContext;
        var status = context.Response.StatusCode;
        var (title, detail) = status switch
        {
            404 => ("未找到", "请求的页面或数据不存在。"),
            403 => ("无权执行此操作", "您的角色没有执行此操作的权限。"),
            401 => ("需要登录", "请先登录。"),
            _ => ("请求无法完成", $"HTTP {status}"),
        };
        await Results.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(context);
    }

    public static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") ||
        context.Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);

    private static string Page(string title, string detail) =>
        $"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{title} - 部门决算公开平台</title></head>" +
        $"<body><main><h1>{title}</h1><p>{detail}</p><p><a href=\"/\">返回首页</a></p></main></body></html>";
}
