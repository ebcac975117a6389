using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Infrastructure.Configuration;
using FinalAccounts.Infrastructure.Reports;
using FinalAccounts.Web.Caching;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace FinalAccounts.Web.Endpoints;

/// <summary>
/// 开放数据: every published cell of a year as one tidy row (CSV and JSON, optionally of one region), and a catalogue
/// of departments × years with their totals. Stable URLs, ETag/Last-Modified, readable from any site (CORS for GET).
/// Made from the latest published revision of each department-year; kept in memory per set of revisions.
/// </summary>
public static class OpenDataApi
{
    /// <summary>GET and HEAD from any origin: the public read API and open data.</summary>
    public const string CorsPolicy = "public-read";

    public const string TermsPath = "/open-data";

    public const string TermsName = "部门决算开放数据使用条款（自由使用，注明来源）";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private static readonly string[] CsvHeader = ["地区", "部门编码", "部门名称", "年度", "修订版", "表号", "表名", "行", "科目编码", "科目名称", "栏次", "栏目", "数值", "演示数据"];

    public static IServiceCollection AddOpenData(this IServiceCollection services)
    {
        services.AddCors(options => options.AddPolicy(CorsPolicy, policy => policy.AllowAnyOrigin().WithMethods("GET", "HEAD")
            .WithExposedHeaders("ETag", "Last-Modified", "Link", "Content-Disposition")));
        services.AddSingleton<OpenDataCache>();
        return services;
    }

    public static IEndpointRouteBuilder MapOpenDataApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/open-data").WithTags("开放数据 Open data").RequireCors(CorsPolicy);
        api.MapGet("/{year:int}.csv", (int year, string? region, HttpContext context, OpenDataCache cache) => cache.ServeAsync(context, year, region, csv: true))
            .WithSummary("某年度全部已公开单元格（CSV，UTF-8 带 BOM，每个单元格一行；?region=江西省 按区划筛选）/ Every published cell of a year as tidy CSV")
            .Produces<Stream>(StatusCodes.Status200OK, "text/csv");
        api.MapGet("/{year:int}.json", (int year, string? region, HttpContext context, OpenDataCache cache) => cache.ServeAsync(context, year, region, csv: false))
            .WithSummary("某年度全部已公开单元格（JSON，与 CSV 相同的行）/ Every published cell of a year as JSON")
            .Produces<OpenDataDto>(StatusCodes.Status200OK);
        api.MapGet("/catalog", (HttpContext context, OpenDataCache cache) => cache.ServeCatalogAsync(context))
            .WithSummary("数据目录：部门 × 年度，含本年收入合计、本年支出合计和下载地址 / Departments × years with totals and links")
            .Produces<OpenDataCatalogDto>(StatusCodes.Status200OK);
        return app;
    }

    /// <summary>The tidy rows of one published report, in printed order (the same cells and values as the report JSON).</summary>
    public static IEnumerable<OpenDataRowDto> RowsOf(PublishedEntry entry, Report report, TemplateSet set, ClassificationCatalogs catalogs)
    {
        foreach (var table in set.Tables)
        {
            var layout = TableLayout.Resolve(table, report.CellsOf(table.TableNo), catalogs.ForTable(set, table));
            for (var panel = 0; panel < table.Panels.Count; panel++)
            {
                foreach (var row in layout.Lines.Select(line => line.Panels[panel]).OfType<LayoutRow>())
                {
                    foreach (var value in row.Values.Where(v => v.Value is not null))
                    {
                        yield return Row(entry, table, row.Key, row.Code, row.Label, value.Column,
                            table.Panels[panel].FindColumn(value.Column)?.Label ?? "", CellValueText.Format(value.Value!.Value, value.Kind));
                    }
                }
            }

            foreach (var footer in layout.Footers.Where(f => f.Value is not null))
            {
                var column = table.Panels[footer.Row.ToPanel].Columns[0];
                yield return Row(entry, table, footer.Row.Key, null, footer.Row.Label, column.No, column.Label, CellValueText.Format(footer.Value!.Value, footer.Kind));
            }
        }
    }

    private static OpenDataRowDto Row(PublishedEntry entry, TableTemplate table, string row, string? code, string name, int column, string columnName, string value) =>
        new(entry.Region, entry.Code, entry.Name, entry.FiscalYear, entry.Revision, table.TableNo, table.Title, row, code, name, column, columnName, value, entry.Synthetic);

    internal static byte[] Csv(IEnumerable<OpenDataRowDto> rows)
    {
        var text = new StringBuilder();
        text.Append('\uFEFF').AppendJoin(',', CsvHeader).Append("\r\n");
        foreach (var r in rows)
        {
            string[] fields = [r.Region, r.DepartmentCode, r.DepartmentName, r.Year.ToString(CultureInfo.InvariantCulture), r.Revision.ToString(CultureInfo.InvariantCulture),
                r.Table, r.TableName, r.Row, r.Code ?? "", r.Name, r.Column.ToString(CultureInfo.InvariantCulture), r.ColumnName, r.Value, r.Synthetic ? "是" : "否"];
            text.AppendJoin(',', fields.Select(Quote)).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; a leading =+-@ is not a formula.</summary>
    private static string Quote(string field)
    {
        var safe = field.Length > 0 && "=+@".Contains(field[0], StringComparison.Ordinal) ? "'" + field : field;
        return safe.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }

    internal static byte[] JsonBytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Json);

    /// <summary>
    /// Open data kept in memory by the set of revisions it was made from (ids and versions): a publication anywhere
    /// changes the set, and so the data and its ETag. One small query per request finds the set.
    /// </summary>
    public sealed class OpenDataCache(ReportQueries queries, TemplateSetRegistry templates, ClassificationCatalogs catalogs, IOptions<FinalAccountsOptions> options) : IDisposable
    {
        private readonly MemoryCache _kept = new(new MemoryCacheOptions { SizeLimit = options.Value.PublicCache.Megabytes * 1024L * 1024L });

        private int MaxAge => options.Value.PublicCache.MaxAgeSeconds;

        public void Dispose() => _kept.Dispose();

        public async Task ServeAsync(HttpContext context, int year, string? region, bool csv)
        {
            region = string.IsNullOrWhiteSpace(region) ? null : region.Trim();
            var entries = await queries.PublishedEntriesAsync(year, region, context.RequestAborted);
            var key = $"{(csv ? "csv" : "json")}|{year}|{region}|{Fingerprint(entries)}";
            if (_kept.Get<CachedResponse>(key) is not { } response)
            {
                var rows = new List<OpenDataRowDto>();
                foreach (var batch in entries.Chunk(100))
                {
                    var reports = (await queries.PublishedReportsAsync(batch.Select(e => e.ReportId).ToList(), context.RequestAborted)).ToDictionary(r => r.Id);
                    foreach (var entry in batch)
                    {
                        if (reports.TryGetValue(entry.ReportId, out var report) && templates.Find(report.TemplateSetId) is { } set)
                        {
                            rows.AddRange(RowsOf(entry, report, set, catalogs));
                        }
                    }
                }

                var body = csv
                    ? Csv(rows)
                    : JsonBytes(new OpenDataDto(year, region, entries.Count, rows.Count, Terms(), rows));
                response = Keep(key, PublishedResponseCache.Build(csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8", body, LastModified(entries), CompressionLevel.Optimal));
            }

            Describe(context, csv ? $"open-data-{year}{(region is null ? "" : "-" + region)}.csv" : null);
            await PublishedResponseCache.ServeAsync(context, response, MaxAge);
        }

        public async Task ServeCatalogAsync(HttpContext context)
        {
            var entries = await queries.PublishedEntriesAsync(null, null, context.RequestAborted);
            var key = $"catalog|{Fingerprint(entries)}";
            if (_kept.Get<CachedResponse>(key) is not { } response)
            {
                var totals = new Dictionary<Guid, (string? Income, string? Expenditure)>();
                foreach (var batch in entries.Chunk(100))
                {
                    foreach (var report in await queries.PublishedReportsAsync(batch.Select(e => e.ReportId).ToList(), context.RequestAborted))
                    {
                        totals[report.Id] = templates.Find(report.TemplateSetId) is { } set ? (Total(report, set, "本年收入合计"), Total(report, set, "本年支出合计")) : (null, null);
                    }
                }

                var departments = entries.GroupBy(e => e.Code).Select(g =>
                {
                    var first = g.First();
                    return new OpenDataDepartmentDto(first.Code, first.Name, first.Region, first.Level, first.Synthetic, g.OrderByDescending(e => e.FiscalYear).Select(e =>
                    {
                        var (income, expenditure) = totals.GetValueOrDefault(e.ReportId);
                        var path = $"{Uri.EscapeDataString(e.Code)}/{e.FiscalYear}";
                        return new OpenDataYearDto(e.FiscalYear, e.Revision, e.PublishedAt, income, expenditure, $"/reports/{path}", $"/api/reports/{path}",
                            $"/api/open-data/{e.FiscalYear}.csv?region={Uri.EscapeDataString(e.Region)}", $"/reports/{path}/pack.zip");
                    }).ToList());
                }).ToList();
                var years = entries.Select(e => e.FiscalYear).Distinct().Order()
                    .Select(y => new OpenDataFileDto(y, $"/api/open-data/{y}.csv", $"/api/open-data/{y}.json")).ToList();
                response = Keep(key, PublishedResponseCache.Build("application/json; charset=utf-8", JsonBytes(new OpenDataCatalogDto(Terms(), years, departments)), LastModified(entries), CompressionLevel.Optimal));
            }

            Describe(context, null);
            await PublishedResponseCache.ServeAsync(context, response, MaxAge);
        }

        private CachedResponse Keep(string key, CachedResponse response) =>
            _kept.Set(key, response, new MemoryCacheEntryOptions { Size = response.Size, SlidingExpiration = TimeSpan.FromHours(6) });

        /// <summary>The licence as a link (RFC 8288) on every file, and a file name for CSV downloads.</summary>
        private static void Describe(HttpContext context, string? fileName)
        {
            context.Response.Headers.Link = $"<{TermsPath}>; rel=\"license\"";
            if (fileName is not null)
            {
                context.Response.Headers.ContentDisposition = $"inline; filename=\"open-data.csv\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";
            }
        }

        private static string Fingerprint(IReadOnlyList<PublishedEntry> entries) =>
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(";", entries.Select(e => $"{e.ReportId:N}.{e.Version}")))))[..24];

        private static DateTimeOffset LastModified(IReadOnlyList<PublishedEntry> entries) =>
            entries.Count == 0 ? DateTimeOffset.UnixEpoch : entries.Max(e => e.PublishedAt);

        /// <summary>A total of 公开01表 found by its label (the template says where it is), formatted as in the report JSON.</summary>
        private static string? Total(Report report, TemplateSet set, string label)
        {
            var table = set.FindTable("01");
            var panel = table?.Panels.FirstOrDefault(p => p.Rows.Any(r => r.Label == label));
            var row = panel?.Rows.First(r => r.Label == label);
            if (table is null || panel is null || row is null)
            {
                return null;
            }

            var column = panel.Columns[0];
            return report.CellsOf("01").FirstOrDefault(c => c.RowKey == row.Key && c.Column == column.No) is { } cell
                ? CellValueText.Format(cell.Value, table.KindOf(row.Key, column.No))
                : null;
        }
    }

    internal static OpenDataTermsDto Terms() => new(TermsName, TermsPath);
}

/// <summary>
/// One published cell: where it is published (region, department, year, revision), where in the report, its value, and
/// whether it is 演示数据 (a synthetic demo department's, CSV column 演示数据 是/否).
/// </summary>
public sealed record OpenDataRowDto(string Region, string DepartmentCode, string DepartmentName, int Year, int Revision, string Table, string TableName,
    string Row, string? Code, string Name, int Column, string ColumnName, string Value, bool Synthetic);

public sealed record OpenDataTermsDto(string Name, string Url);

public sealed record OpenDataDto(int Year, string? Region, int Reports, int Count, OpenDataTermsDto License, IReadOnlyList<OpenDataRowDto> Rows);

public sealed record OpenDataFileDto(int Year, string Csv, string Json);

public sealed record OpenDataYearDto(int Year, int Revision, DateTimeOffset PublishedAt, string? Income, string? Expenditure, string Page, string Report, string Csv, string Pack);

/// <summary>A department in the open-data catalogue; <see cref="Synthetic"/>: 演示数据, generated for the demo, not a real department.</summary>
public sealed record OpenDataDepartmentDto(string Code, string Name, string Region, string Level, bool Synthetic, IReadOnlyList<OpenDataYearDto> Years);

public sealed record OpenDataCatalogDto(OpenDataTermsDto License, IReadOnlyList<OpenDataFileDto> Files, IReadOnlyList<OpenDataDepartmentDto> Departments);
