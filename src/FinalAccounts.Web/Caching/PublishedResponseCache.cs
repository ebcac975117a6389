using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using FinalAccounts.Infrastructure.Configuration;
using FinalAccounts.Infrastructure.Reports;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace FinalAccounts.Web.Caching;

/// <summary>One rendered public response, stored plain and precompressed.</summary>
public sealed record CachedResponse(string ContentType, byte[] Plain, byte[] Gzip, byte[] Brotli, string ETag, DateTimeOffset LastModified)
{
    // Header values made once per entry rather than on every hit.
    internal string PlainTag { get; } = $"\"{ETag}\"";
    internal string BrotliTag { get; } = $"\"{ETag}-br\"";
    internal string GzipTag { get; } = $"\"{ETag}-gz\"";
    internal string LastModifiedText { get; } = LastModified.ToString("R", CultureInfo.InvariantCulture);

    public long Size => Plain.Length + Gzip.Length + Brotli.Length + 512;
}

/// <summary>
/// Serves the published report page, its reconciliation page and the report JSON from memory (ADR 0021). A published
/// revision never changes, so each (department, year, revision, view, query) is rendered once through the normal
/// pipeline, stored plain, gzip and brotli, and then answered without rendering or touching the database beyond a
/// remembered lookup of the latest revision: strong ETag (content hash) with 304, Last-Modified, Vary and
/// <c>Cache-Control: public</c>; nothing else the render set (antiforgery cookie, no-store) is replayed.
/// Only anonymous callers are served from here: a signed-in reader's page has their name and links in the header.
/// </summary>
public sealed partial class PublishedResponseCache : IDisposable
{
    private readonly PublishedRevisions _revisions;
    private readonly PublicCacheSettings _settings;
    private readonly IOptionsMonitor<CookieAuthenticationOptions> _cookies;
    private readonly MemoryCache _entries;
    private readonly ConcurrentDictionary<string, Task<CachedResponse?>> _rendering = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Code, int Year), (string Key, CancellationTokenSource Tag)> _tags = new();

    public PublishedResponseCache(PublishedRevisions revisions, IOptions<FinalAccountsOptions> options, IOptionsMonitor<CookieAuthenticationOptions> cookies)
    {
        _revisions = revisions;
        _settings = options.Value.PublicCache;
        _cookies = cookies;
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = _settings.Megabytes * 1024L * 1024L });
    }

    /// <summary>Renders kept in memory (for tests and the health of the cache).</summary>
    public int Count => _entries.Count;

    /// <summary>How many responses were rendered to fill the cache (misses).</summary>
    public int Renders => _renders;

    private int _renders;

    public void Dispose()
    {
        _entries.Dispose();
        foreach (var (_, tag) in _tags.Values)
        {
            tag.Dispose();
        }
    }

    // /reports/{code}/{year}, /reports/{code}/{year}/reconciliation, /api/reports/{code}/{year}
    [GeneratedRegex(@"^/(?<api>api/)?reports/(?<code>[^/]+)/(?<year>\d{4})(?<view>/reconciliation)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Cacheable();

    private static readonly string[] PageQuery = ["check"];
    private static readonly string[] ReconciliationQuery = ["severity", "table", "status", "strict"];

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!TryRoute(context, out var code, out var year, out var view))
        {
            if (IsPublicReading(context))
            {
                context.Response.OnStarting(DropAntiforgeryCookie, context);
            }

            await next(context);
            return;
        }

        var publication = await _revisions.FindAsync(code, year, TimeSpan.FromSeconds(_settings.RevisionCheckSeconds));
        if (publication is null)
        {
            await next(context); // nothing published: the page or API says so (never from here)
            return;
        }

        var enhanced = context.Request.Headers.Accept.ToString().Contains("blazor-enhanced-nav", StringComparison.Ordinal);
        var key = $"{view}|{code}|{year}|{publication.Key}|{(enhanced ? "e" : "")}|{context.Request.QueryString.Value}";
        if (_entries.Get<CachedResponse>(key) is not { } entry)
        {
            entry = await RenderOnceAsync(context, next, key, code, year, publication);
            if (entry is null)
            {
                return; // answered by the pipeline itself (not a 200, or the response had started)
            }
        }

        if (view == "json")
        {
            // Public read API: any site may read it (the same CORS policy the endpoint has when it is not cached).
            context.Response.Headers.AccessControlAllowOrigin = "*";
        }

        await ServeAsync(context, entry);
    }

    // The home page, a department's years and their comparison, a diff between revisions and the region pages: read by anyone, no form on them.
    [GeneratedRegex(@"^/(open-data|departments/[^/]+(/compare)?|reports/[^/]+/\d{4}/diff|regions|regions/\d{6}/\d{4})?$", RegexOptions.CultureInvariant)]
    private static partial Regex PublicReading();

    /// <summary>
    /// A public page that is not cached still gets no cookie: Blazor issues an antiforgery cookie with every page it
    /// renders, which would make a reader's visit stateful and keep shared caches from storing the page. The sign-in
    /// page, which has a form, keeps its cookie.
    /// </summary>
    private bool IsPublicReading(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) && PublicReading().IsMatch(context.Request.Path.Value ?? "") && IsAnonymous(context.Request);

    private static Task DropAntiforgeryCookie(object state)
    {
        var headers = ((HttpContext)state).Response.Headers;
        var kept = headers.SetCookie.Where(c => c is not null && !c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal)).ToArray();
        if (kept.Length != headers.SetCookie.Count)
        {
            headers.SetCookie = kept;
            if (kept.Length == 0)
            {
                headers.CacheControl = "no-cache"; // antiforgery's no-store came with the cookie; these pages change on publication
                headers.Remove(HeaderNames.Pragma);
            }
        }

        return Task.CompletedTask;
    }

    private bool IsAnonymous(HttpRequest request) =>
        request.Headers.Authorization.Count == 0
        && !request.Cookies.ContainsKey(_cookies.Get(IdentityConstants.ApplicationScheme).Cookie.Name ?? ".AspNetCore.Identity.Application");

    private bool TryRoute(HttpContext context, out string code, out int year, out string view)
    {
        (code, year, view) = ("", 0, "");
        var request = context.Request;
        if (!_settings.Enabled || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
        {
            return false;
        }

        var match = Cacheable().Match(request.Path.Value ?? "");
        if (!match.Success || !int.TryParse(match.Groups["year"].Value, CultureInfo.InvariantCulture, out year))
        {
            return false;
        }

        var api = match.Groups["api"].Success;
        var reconciliation = match.Groups["view"].Success;
        if (api && reconciliation)
        {
            return false; // the reconciliation API shows drafts to their officers and reviewers: not a public-only view
        }

        var allowed = api ? [] : reconciliation ? ReconciliationQuery : PageQuery;
        if (request.Query.Keys.Any(k => !allowed.Contains(k, StringComparer.Ordinal)))
        {
            return false; // unknown parameters would fill the cache with copies
        }

        if (!IsAnonymous(request))
        {
            return false;
        }

        code = match.Groups["code"].Value;
        view = api ? "json" : reconciliation ? "reconciliation" : "page";
        return true;
    }

    /// <summary>
    /// The first request for a key renders through the pipeline into memory; concurrent requests for the same key wait
    /// for that render instead of rendering too. Null when this request was answered by the pipeline itself.
    /// </summary>
    private async Task<CachedResponse?> RenderOnceAsync(HttpContext context, RequestDelegate next, string key, string code, int year, Publication publication)
    {
        var mine = new TaskCompletionSource<CachedResponse?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = _rendering.GetOrAdd(key, mine.Task);
        if (running != mine.Task)
        {
            if (await running is { } rendered)
            {
                return rendered;
            }

            await next(context); // the other render did not give a cacheable answer: answer this one normally
            return null;
        }

        try
        {
            var entry = await CaptureAsync(context, next, publication, _settings.Compression);
            if (entry is not null)
            {
                Interlocked.Increment(ref _renders);
                Store(key, code, year, publication, entry);
            }

            mine.SetResult(entry);
            return entry;
        }
        catch (Exception error)
        {
            mine.SetException(error);
            throw;
        }
        finally
        {
            _rendering.TryRemove(key, out _);
        }
    }

    private static async Task<CachedResponse?> CaptureAsync(HttpContext context, RequestDelegate next, Publication publication, CompressionLevel level)
    {
        var response = context.Response;
        var original = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = original;
        }

        if (response.StatusCode != StatusCodes.Status200OK || response.HasStarted || response.Headers.ContentEncoding.Count > 0)
        {
            if (!response.HasStarted)
            {
                buffer.Position = 0;
                await buffer.CopyToAsync(original, context.RequestAborted);
            }

            return null;
        }

        return Build(response.ContentType ?? "application/octet-stream", buffer.ToArray(), publication.LastModified, level);
    }

    /// <summary>A response to keep: the body plain, gzip and brotli, and its strong tag (a hash of the plain body).</summary>
    public static CachedResponse Build(string contentType, byte[] plain, DateTimeOffset lastModified, CompressionLevel level)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(plain))[..24];
        return new CachedResponse(contentType, plain, Compress(plain, brotli: false, level), Compress(plain, brotli: true, level), hash, lastModified);
    }

    private static byte[] Compress(byte[] plain, bool brotli, CompressionLevel level)
    {
        using var output = new MemoryStream();
        using (Stream compressor = brotli
                   ? new BrotliStream(output, level, leaveOpen: true)
                   : new GZipStream(output, level, leaveOpen: true))
        {
            compressor.Write(plain);
        }

        return output.ToArray();
    }

    /// <summary>Stores an entry under the department-year's tag; a newer publication seen for it evicts the older entries.</summary>
    private void Store(string key, string code, int year, Publication publication, CachedResponse entry)
    {
        var tag = _tags.AddOrUpdate((code, year),
            _ => (publication.Key, new CancellationTokenSource()),
            (_, current) =>
            {
                if (current.Key == publication.Key)
                {
                    return current;
                }

                current.Tag.Cancel(); // a newer revision (or its pack) replaces everything rendered from the older one
                current.Tag.Dispose();
                return (publication.Key, new CancellationTokenSource());
            }).Tag;
        try
        {
            _entries.Set(key, entry, new MemoryCacheEntryOptions
            {
                Size = entry.Size,
                SlidingExpiration = TimeSpan.FromHours(6),
                ExpirationTokens = { new CancellationChangeToken(tag.Token) },
            });
        }
        catch (ObjectDisposedException)
        {
            // Another render replaced the tag meanwhile: this entry is already outdated, serve it once without keeping it.
        }
    }

    private Task ServeAsync(HttpContext context, CachedResponse entry) => ServeAsync(context, entry, _settings.MaxAgeSeconds);

    /// <summary>
    /// Answers with a kept response: br or gzip as the client accepts, strong ETag per coding, 304 on a matching
    /// If-None-Match (or If-Modified-Since), Vary, Last-Modified and public caching; never a cookie.
    /// </summary>
    public static async Task ServeAsync(HttpContext context, CachedResponse entry, int maxAgeSeconds)
    {
        var request = context.Request;
        var response = context.Response;
        var (body, encoding, tag) = ChooseEncoding(request.Headers.AcceptEncoding) switch
        {
            "br" => (entry.Brotli, "br", entry.BrotliTag),
            "gzip" => (entry.Gzip, "gzip", entry.GzipTag),
            _ => (entry.Plain, null, entry.PlainTag),
        };

        // What the render set for itself (antiforgery cookie, no-store) is not part of the published response.
        var headers = response.Headers;
        headers.Remove(HeaderNames.SetCookie);
        headers.Remove(HeaderNames.Pragma);
        headers.Remove(HeaderNames.Expires);
        headers.ContentType = entry.ContentType;
        headers.CacheControl = maxAgeSeconds == 60 ? "public, max-age=60" : $"public, max-age={maxAgeSeconds}";
        headers.Vary = "Accept-Encoding";
        headers.ETag = tag;
        headers.LastModified = entry.LastModifiedText;
        if (encoding is null)
        {
            headers.Remove(HeaderNames.ContentEncoding);
        }
        else
        {
            headers.ContentEncoding = encoding;
        }

        if (NotModified(request, entry))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            headers.Remove(HeaderNames.ContentType);
            headers.Remove(HeaderNames.ContentEncoding);
            headers.ContentLength = null;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    /// <summary>If-None-Match with this content's tag in any encoding (or *); else If-Modified-Since not before Last-Modified.</summary>
    private static bool NotModified(HttpRequest request, CachedResponse entry)
    {
        var match = request.Headers.IfNoneMatch;
        if (match.Count > 0)
        {
            foreach (var value in match)
            {
                foreach (var raw in (value ?? "").Split(','))
                {
                    var tag = raw.Trim();
                    tag = tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
                    if (tag == "*" || tag.Trim('"') is var bare && (bare == entry.ETag || bare == entry.ETag + "-br" || bare == entry.ETag + "-gz"))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        return DateTimeOffset.TryParseExact(request.Headers.IfModifiedSince.ToString(), "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
            && entry.LastModified.ToUnixTimeSeconds() <= since.ToUnixTimeSeconds();
    }

    /// <summary>br when the client takes it, else gzip, else none (q=0 refuses a coding).</summary>
    internal static string? ChooseEncoding(StringValues acceptEncoding)
    {
        var (brotli, gzip) = (false, false);
        foreach (var value in acceptEncoding)
        {
            foreach (var part in (value ?? "").Split(','))
            {
                var pieces = part.Split(';');
                var name = pieces[0].Trim().ToLowerInvariant();
                var refused = pieces.Skip(1).Select(p => p.Trim().Replace(" ", "", StringComparison.Ordinal))
                    .Any(p => p.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                              && double.TryParse(p[2..], NumberStyles.Float, CultureInfo.InvariantCulture, out var q) && q <= 0);
                if (refused)
                {
                    continue;
                }

                brotli |= name is "br" or "*";
                gzip |= name is "gzip" or "*";
            }
        }

        return brotli ? "br" : gzip ? "gzip" : null;
    }
}

public static class PublishedResponseCacheExtensions
{
    public static IServiceCollection AddPublishedResponseCache(this IServiceCollection services) =>
        services.AddSingleton<PublishedResponseCache>();

    /// <summary>After the security headers and the error handler (so cached answers carry the headers), before routing.</summary>
    public static IApplicationBuilder UsePublishedResponseCache(this IApplicationBuilder app)
    {
        var cache = app.ApplicationServices.GetRequiredService<PublishedResponseCache>();
        return app.Use(next => context => cache.InvokeAsync(context, next));
    }
}
