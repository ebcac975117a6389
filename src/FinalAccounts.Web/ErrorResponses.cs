using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FinalAccounts.Web;

/// <summary>
/// Errors in Chinese: ProblemDetails for the API, a short page for people; details only in the log. Exceptions are
/// classified here, in one place: a malformed request is 400 naming the field, a duplicate or concurrent write 409,
/// text too long for its column 400, the database away 503 — only what is left is a 500.
/// </summary>
internal static partial class ErrorResponses
{
    public static async Task HandleAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("FinalAccounts.Errors");
        var answer = Classify(error);
        if (answer.Status == StatusCodes.Status500InternalServerError)
        {
            logger.LogError(error, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        }
        else
        {
            // Expected failures: one line, no stack trace (a database outage must not fill the disk with them).
            logger.LogWarning("{Status} on {Method} {Path}: {Error}", answer.Status, context.Request.Method, context.Request.Path, error?.GetBaseException().Message);
        }

        context.Response.StatusCode = answer.Status;
        if (answer.Status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "30";
        }

        if (IsApi(context))
        {
            await WriteProblemAsync(context, answer);
            return;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(Page(answer.Title, answer.Detail));
    }

    /// <summary>What to answer for an exception: status, Chinese title and detail, and the field concerned if known.</summary>
    internal static ErrorAnswer Classify(Exception? error)
    {
        switch (error)
        {
            case BadHttpRequestException bad:
                return BadRequest(bad);
            case JsonException json:
                return Json(json);
            case InvalidOperationException when PageQuery().Match(error.Message) is { Success: true } query:
                // A page's [SupplyParameterFromQuery] value that does not parse (e.g. /diff?from=abc).
                return new(400, $"参数 {query.Groups["name"].Value} 的值“{Shorten(query.Groups["value"].Value)}”无效：应为{TypeName(query.Groups["type"].Value)}", "bad_parameter", query.Groups["name"].Value);
            case FinalAccounts.Infrastructure.Persistence.TextTooLongException tooLong:
                return new(400, $"{tooLong.Field} 过长：最多 {tooLong.MaxLength} 个字符，提交了 {tooLong.Length} 个；未保存任何数据", "too_long", tooLong.Field);
        }

        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    return Postgres(pg);
                case NpgsqlException:
                case TimeoutException:
                case System.Net.Sockets.SocketException:
                    return Unavailable();
                case SqliteException sqlite:
                    return Sqlite(sqlite);
                case DbUpdateConcurrencyException:
                    return new(409, "保存时他人已修改了这份数据，请重新载入后再改", "conflict");
            }
        }

        return ServerError();
    }

    private static ErrorAnswer Postgres(PostgresException e) => e.SqlState switch
    {
        PostgresErrorCodes.UniqueViolation => new(409, $"要保存的数据与已有数据重复（{Constraint(e)}），可能是他人刚刚提交了相同的内容；请刷新后查看", "duplicate", e.ColumnName, TitleOverride: "与已有数据重复"),
        PostgresErrorCodes.ForeignKeyViolation => new(409, "所引用的数据已不存在或已被删除，请刷新后重试", "conflict"),
        PostgresErrorCodes.StringDataRightTruncation => new(400, "文本过长，超出该字段允许的长度；请缩短后再保存", "too_long", e.ColumnName),
        PostgresErrorCodes.NumericValueOutOfRange => new(400, "数值超出允许范围", "out_of_range", e.ColumnName),
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected => new(409, "他人同时修改了相同的数据，请重试", "conflict"),
        PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter => new(400, "文本含有数据库无法保存的字符（如 U+0000）", "bad_text"),
        // Connection problems (class 08), too many connections / out of disk (53), shutdown (57P), read-only or
        // unavailable database (25006, 55000, 3D000): the service is away, not the request wrong.
        _ when e.SqlState.StartsWith("08", StringComparison.Ordinal) || e.SqlState.StartsWith("53", StringComparison.Ordinal)
            || e.SqlState.StartsWith("57P", StringComparison.Ordinal) || e.SqlState is "25006" or "55000" or "3D000" => Unavailable(),
        _ => ServerError(),
    };

    private static ErrorAnswer Sqlite(SqliteException e) => e.SqliteErrorCode switch
    {
        19 => new(409, "要保存的数据与已有数据重复或违反约束，可能是他人刚刚提交了相同的内容；请刷新后查看", "duplicate", TitleOverride: "与已有数据重复"),
        5 or 6 or 8 or 10 or 13 or 14 or 26 => Unavailable(), // busy, locked, read-only, I/O error, disk full, cannot open, not a database
        _ => ServerError(),
    };

    private static ErrorAnswer ServerError() =>
        new(500, "处理请求时出错，已记录日志。请稍后重试或联系管理员。", "server_error");

    private static ErrorAnswer Unavailable() =>
        new(503, "数据库暂时无法访问，请稍后重试。如持续出现，请联系系统管理员。", "unavailable");

    private static string Constraint(PostgresException e) => e.ConstraintName switch
    {
        null => "唯一约束",
        var name when name.Contains("Code", StringComparison.Ordinal) => "编码已存在",
        var name when name.Contains("UserName", StringComparison.Ordinal) => "用户名已存在",
        var name when name.Contains("Revision", StringComparison.Ordinal) || name.Contains("FiscalYear", StringComparison.Ordinal) => "该年度该版本的决算已存在",
        var name => name,
    };

    private static ErrorAnswer BadRequest(BadHttpRequestException e)
    {
        if (e.InnerException is JsonException json)
        {
            return Json(json);
        }

        if (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(413, "请求体超过服务器允许的大小", "too_large", TitleOverride: "请求过大");
        }

        if (e.StatusCode == StatusCodes.Status415UnsupportedMediaType || e.Message.Contains("JSON media type", StringComparison.Ordinal))
        {
            return new(415, "请求体须为 JSON，并带请求头 Content-Type: application/json", "bad_media_type");
        }

        if (BindFailure().Match(e.Message) is { Success: true } bind)
        {
            var name = bind.Groups["name"].Value;
            return new(400, $"参数 {name} 的值“{Shorten(bind.Groups["value"].Value)}”无效：应为{TypeName(bind.Groups["type"].Value)}", "bad_parameter", name);
        }

        if (RequiredMissing().Match(e.Message) is { Success: true } missing)
        {
            var name = missing.Groups["name"].Value;
            return new(400, $"缺少必填参数 {name}", "missing_parameter", name);
        }

        if (e.Message.Contains("no body was provided", StringComparison.Ordinal) || e.Message.Contains("Required parameter", StringComparison.Ordinal))
        {
            return new(400, "缺少请求体（JSON）", "missing_body", "body");
        }

        return new(e.StatusCode, "请求无法解析，请检查参数和请求体", "bad_request");
    }

    private static ErrorAnswer Json(JsonException e)
    {
        var path = e.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : null;
        if (UnknownMember().Match(e.Message) is { Success: true } unknown)
        {
            var name = unknown.Groups["name"].Value;
            return new(400, $"未知字段“{name}”：请检查字段名是否拼错", "unknown_field", name);
        }

        if (Conversion().Match(e.Message) is { Success: true } conversion && path is not null)
        {
            return new(400, $"字段 {path} 的值类型不对或超出范围：应为{TypeName(conversion.Groups["type"].Value)}", "bad_type", path);
        }

        return path is null
            ? new(400, "请求体不是有效的 JSON", "bad_json", "body")
            : new(400, $"请求体不是有效的 JSON（在 {path} 附近）", "bad_json", path);
    }

    private static string TypeName(string type) => type switch
    {
        _ when type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) || type is "int" or "long" or "int?" or "long?" => "整数",
        _ when type.Contains("Decimal", StringComparison.Ordinal) || type is "decimal" or "decimal?" => "数值",
        _ when type.Contains("Boolean", StringComparison.Ordinal) || type is "bool" or "bool?" => " true 或 false",
        _ when type.Contains("Guid", StringComparison.Ordinal) || type is "Guid" or "Guid?" => " GUID",
        _ when type.Contains("DateTime", StringComparison.Ordinal) => "日期时间",
        _ when type.Contains("String", StringComparison.Ordinal) || type is "string" or "string?" => "文本",
        _ when type.Contains("List", StringComparison.Ordinal) || type.Contains("[]", StringComparison.Ordinal) => "数组",
        _ => "正确格式的值",
    };

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;

    [GeneratedRegex("""Failed to bind parameter "(?<type>\S+) (?<name>[^"]+)" from "(?<value>.*)"\.""", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("""Cannot parse the value '(?<value>.*)' as type '(?<type>[^']+)' for '(?<name>[^']+)'""", RegexOptions.Singleline)]
    private static partial Regex PageQuery();

    [GeneratedRegex("""Required parameter "(?<type>\S+) (?<name>[^"]+)" was not provided""")]
    private static partial Regex RequiredMissing();

    [GeneratedRegex("""The JSON property '(?<name>[^']+)' could not be mapped""")]
    private static partial Regex UnknownMember();

    [GeneratedRegex("""could not be converted to (?<type>[^.\s]+(\.[^.\s]+)*)""")]
    private static partial Regex Conversion();

    public static async Task StatusCodePageAsync(StatusCodeContext statusContext)
    {
        var context = statusContext.HttpContext;
        var status = context.Response.StatusCode;
        if (status == StatusCodes.Status400BadRequest && UnparsedQueryValue(context) is { } unparsed)
        {
            await WriteProblemAsync(context, unparsed);
            return;
        }

        var (title, detail) = status switch
        {
            404 => ("未找到", "请求的页面或数据不存在。"),
            403 => ("无权执行此操作", "您的角色没有执行此操作的权限。"),
            401 => ("需要登录", "请先登录。"),
            405 => ("不支持的请求方法", $"此地址不支持 {context.Request.Method} 请求。"),
            415 => ("请求体格式不支持", "请求体须为 JSON，并带请求头 Content-Type: application/json。"),
            _ => ("请求无法完成", $"HTTP {status}"),
        };
        await Results.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(context);
    }

    private static Task WriteProblemAsync(HttpContext context, ErrorAnswer answer)
    {
        var extensions = answer.Field is null ? null : new Dictionary<string, object?> { ["errors"] = new[] { new { code = answer.Code, target = answer.Field, message = answer.Detail } } };
        return Results.Problem(title: answer.Title, detail: answer.Detail, statusCode: answer.Status, extensions: extensions).ExecuteAsync(context);
    }

    /// <summary>
    /// The compile-time request delegates answer an optional query value that does not parse (<c>?take=abc</c> for an
    /// <c>int?</c>) with a bare 400 instead of throwing as the runtime ones do: the endpoint's parameter metadata names
    /// the value, so the answer is the same as for any other bad parameter.
    /// </summary>
    private static ErrorAnswer? UnparsedQueryValue(HttpContext context)
    {
        var parameters = context.GetEndpoint()?.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Http.Metadata.IParameterBindingMetadata>() ?? [];
        foreach (var parameter in parameters)
        {
            if (!parameter.HasTryParse || context.Request.Query[parameter.Name] is not [{ } value])
            {
                continue;
            }

            var type = Nullable.GetUnderlyingType(parameter.ParameterInfo.ParameterType) ?? parameter.ParameterInfo.ParameterType;
            if (!Parses(type, value))
            {
                return new(400, $"参数 {parameter.Name} 的值“{Shorten(value)}”无效：应为{TypeName(type.Name)}", "bad_parameter", parameter.Name);
            }
        }

        return null;
    }

    private static bool Parses(Type type, string value)
    {
        if (type.IsEnum)
        {
            return Enum.TryParse(type, value, ignoreCase: true, out _);
        }

        var withProvider = type.GetMethod("TryParse", [typeof(string), typeof(IFormatProvider), type.MakeByRefType()]);
        if (withProvider is not null)
        {
            return (bool)withProvider.Invoke(null, [value, System.Globalization.CultureInfo.InvariantCulture, null])!;
        }

        var plain = type.GetMethod("TryParse", [typeof(string), type.MakeByRefType()]);
        return plain is null || (bool)plain.Invoke(null, [value, null])!;
    }

    public static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") ||
        context.Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);

    private static string Page(string title, string detail) =>
        $"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{title} - 部门决算公开平台</title></head>" +
        $"<body><main><h1>{title}</h1><p>{detail}</p><p><a href=\"/\">返回首页</a></p></main></body></html>";
}

/// <summary>An exception's answer: HTTP status, Chinese detail, an error code, the field if one is to blame, and a title when the status's usual one does not fit.</summary>
internal sealed record ErrorAnswer(int Status, string Detail, string Code, string? Field = null, string? TitleOverride = null)
{
    public string Title => TitleOverride ?? Endpoints.ProblemTitles.Of(Status);
}
