using System.Globalization;
using FinalAccounts.Domain.Common;

namespace FinalAccounts.Web.Endpoints;

/// <summary>The version a write was made against: the body's <c>version</c>, else the <c>If-Match</c> header (<c>"7"</c>, <c>W/"7"</c> or <c>7</c>).</summary>
internal static class VersionHeader
{
    /// <summary>Null version when neither is given (the command answers 428); an error when If-Match is there but unreadable.</summary>
    public static Result<int?> Read(HttpContext context, int? fromBody)
    {
        if (fromBody is { } version)
        {
            return Result<int?>.Success(version);
        }

        var header = context.Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0)
        {
            return Result<int?>.Success(null);
        }

        var text = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return int.TryParse(text.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? Result<int?>.Success(parsed)
            : Result<int?>.Failure(new DomainError("version.bad_header", $"If-Match 请求头“{Shorten(header)}”不是版本号；应为读取时 ETag 给出的版本号，如 \"7\"", "If-Match"));
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
