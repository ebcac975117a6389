using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Infrastructure.Excel;
using FinalAccounts.Infrastructure.Jobs;
using FinalAccounts.Infrastructure.Pdf;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reconciliation;
using FinalAccounts.Infrastructure.Reports;
using FinalAccounts.Infrastructure.Templates;
using FinalAccounts.Web.Components.Reports;
using FinalAccounts.Web.Endpoints;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace FinalAccounts.Web.Exports;

/// <summary>One file of an auditor pack and its SHA-256.</summary>
public sealed record PackFile(string Name, long Bytes, string Sha256);

/// <summary>An auditor pack: the zip and its own SHA-256 (shown on the public page so anyone can check a copy).</summary>
public sealed record ReportPack(byte[] Zip, string Sha256, IReadOnlyList<PackFile> Files);

/// <summary>
/// The downloads of a report: the PDF (the print document rendered by Chromium), and the auditor pack (PDF, workbook,
/// JSON, one CSV per table, reconciliation, manifest). Every file of a pack is the same bytes each time for the same
/// revision (fixed dates and zip timestamps), so a pack's hash identifies the published revision.
/// </summary>
public sealed class ReportExports(
    IServiceScopeFactory scopes,
    ILoggerFactory loggers,
    TemplateSetRegistry templates,
    ClassificationCatalogs catalogs,
    ReconciliationService reconciliation,
    ChromiumPdfPrinter printer,
    PdfOptions options,
    ReportQueries queries,
    WorkbookService workbooks,
    IDbContextFactory<FinalAccountsDbContext> contexts,
    NodeIdentity node,
    ReferenceData reference) : IDisposable
{
    public const string PdfContentType = "application/pdf";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    private readonly MemoryCache? _files = options.CacheMegabytes > 0
        ? new MemoryCache(new MemoryCacheOptions { SizeLimit = options.CacheMegabytes * 1024L * 1024L })
        : null;

    public void Dispose() => _files?.Dispose();

    /// <summary>
    /// Keeps a published revision's pack for good (first writer wins: two nodes building the same pack store it once).
    /// Returns the archived pack, which is the one served from then on.
    /// </summary>
    public async Task<ArchivedPack> ArchiveAsync(Report report, ReportPack pack, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var archived = new ArchivedPack { ReportId = report.Id, Version = report.Version, Sha256 = pack.Sha256, Zip = pack.Zip, BuiltAt = DateTimeOffset.UtcNow, BuiltBy = node.Id };
        db.ArchivedPacks.Add(archived);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return archived;
        }
        catch (DbUpdateException)
        {
            return await queries.FindArchivedPackAsync(report.Id, cancellationToken) ?? throw new InvalidOperationException($"审计包 {report.Id} 无法保存");
        }
    }

    /// <summary>The print document as one self-contained HTML page.</summary>
    public async Task<string> RenderHtmlAsync(Report report, Department department)
    {
        var set = SetOf(report);
        var layouts = set.Tables.Select(t => TableLayout.Resolve(t, report.CellsOf(t.TableNo), catalogs.ForTable(set, t))).ToList();
        var evaluated = reconciliation.Evaluate(report, department);
        var outcome = evaluated is { } e ? new ReconciliationOutcome(e.Result, e.Hash, report.UpdatedAt, false) : null;
        // Components are rendered in a scope of their own (the renderer needs scoped services), outside any request.
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<PrintDocument>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(PrintDocument.Report)] = report,
                [nameof(PrintDocument.Department)] = department,
                [nameof(PrintDocument.Template)] = set,
                [nameof(PrintDocument.Layouts)] = layouts,
                [nameof(PrintDocument.Outcome)] = outcome,
                [nameof(PrintDocument.BaseUrl)] = $"/reports/{Uri.EscapeDataString(department.Code)}/{report.FiscalYear}",
                [nameof(PrintDocument.Performance)] = PerformanceView.Of(report, reference),
                [nameof(PrintDocument.Charts)] = ReportCharts.Of(report, set, catalogs),
            }));
            return output.ToHtmlString();
        });
        return "<!DOCTYPE html>\n" + html;
    }

    /// <summary>The report's workbook (cached by version like the PDF; a version's content never changes).</summary>
    public byte[] Workbook(Report report, Department department) =>
        _files is null
            ? workbooks.Export(report, department)
            : _files.GetOrCreate(("xlsx", report.Id, report.Version), entry =>
            {
                var bytes = workbooks.Export(report, department);
                entry.Size = bytes.Length;
                entry.SlidingExpiration = TimeSpan.FromHours(6);
                return bytes;
            })!;

    public async Task<Result<byte[]>> PdfAsync(Report report, Department department, CancellationToken cancellationToken = default)
    {
        var key = ("pdf", report.Id, report.Version);
        if (_files?.Get<byte[]>(key) is { } cached)
        {
            return Result<byte[]>.Success(cached);
        }

        var html = await RenderHtmlAsync(report, department);
        var pdf = await printer.PrintAsync(html, StampOf(report).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "+00'00'", cancellationToken,
            department.Synthetic ? FinalAccounts.Infrastructure.Seeding.SyntheticRegion.Label : null);
        if (pdf.IsSuccess)
        {
            _files?.Set(key, pdf.Value, new MemoryCacheEntryOptions { Size = pdf.Value.Length, SlidingExpiration = TimeSpan.FromHours(6) });
        }

        return pdf;
    }

    public async Task<Result<ReportPack>> PackAsync(Report report, Department department, IReadOnlyList<int> earlierRevisions, CancellationToken cancellationToken = default)
    {
        // A published revision's pack is built once (at publication) and then always served as archived.
        if (report.Status == ReportStatus.Published && await queries.FindArchivedPackAsync(report.Id, cancellationToken) is { } archived && archived.Version == report.Version)
        {
            return Result<ReportPack>.Success(new ReportPack(archived.Zip, archived.Sha256, FilesOf(archived.Zip)));
        }

        var pdf = await PdfAsync(report, department, cancellationToken);
        if (!pdf.IsSuccess)
        {
            return Result<ReportPack>.Failure(pdf.Errors);
        }

        var stamp = StampOf(report);
        var set = SetOf(report);
        var files = new List<(string Name, byte[] Bytes)>
        {
            ("report.pdf", pdf.Value),
            ("report.xlsx", DeterministicZip.Normalize(Workbook(report, department), stamp)),
            ("report.json", JsonSerializer.SerializeToUtf8Bytes(ReportDto.From(department, report, earlierRevisions, templates, catalogs), Json)),
        };
        files.AddRange(set.Tables.Select(t => ($"tables/{t.ShortName}.csv", Csv(TableLayout.Resolve(t, report.CellsOf(t.TableNo), catalogs.ForTable(set, t))))));
        if (report.Performance is { } stored && PerformanceView.Of(report, reference) is { } performance)
        {
            // The stored canonical document as it is, and one CSV per sheet for spreadsheet readers.
            files.Add(("performance.json", Encoding.UTF8.GetBytes(stored.Document)));
            files.AddRange(PerformanceCsv.Sheets(performance.Document, performance.Grades).Select(s => ($"performance/{s.Name}.csv", s.Bytes)));
        }

        var evaluated = reconciliation.Evaluate(report, department);
        if (evaluated is { } e)
        {
            var dto = ReconciliationDto.From(new ReconciliationOutcome(e.Result, e.Hash, stamp, false), strict: false, all: true);
            files.Add(("reconciliation.json", JsonSerializer.SerializeToUtf8Bytes(dto, Json)));
        }

        var listed = files.Select(f => new PackFile(f.Name, f.Bytes.LongLength, Sha256(f.Bytes))).ToList();
        var manifest = new
        {
            format = "finalaccounts-pack/1",
            // 演示数据 only where true: a real report's manifest (and so its pack's hash) is unchanged.
            department = department.Synthetic
                ? (object)new { code = department.Code, name = department.Name, synthetic = true }
                : new { code = department.Code, name = department.Name },
            fiscalYear = report.FiscalYear,
            revision = report.Revision,
            status = report.Status.ToString(),
            version = report.Version,
            templateSet = report.TemplateSetId,
            publishedAt = report.PublishedAt,
            files = listed.Select(f => new { name = f.Name, bytes = f.Bytes, sha256 = f.Sha256 }),
        };
        files.Add(("manifest.json", JsonSerializer.SerializeToUtf8Bytes(manifest, Json)));

        var zip = DeterministicZip.Create(files, stamp);
        return Result<ReportPack>.Success(new ReportPack(zip, Sha256(zip), listed));
    }

    /// <summary>The files of an archived pack, read back from its zip.</summary>
    private static IReadOnlyList<PackFile> FilesOf(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.Where(e => e.FullName != "manifest.json").Select(e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return new PackFile(e.FullName, copy.Length, Sha256(copy.ToArray()));
        }).ToList();
    }

    /// <summary>
    /// A table as CSV (UTF-8 with BOM so Excel opens it): one block per panel, codes kept as text. Headers follow the
    /// set's layout: 行次 and “栏次.名称” where the form prints them, the row key and the column name where it does not.
    /// </summary>
    public static byte[] Csv(TableLayout layout)
    {
        var text = new StringBuilder();
        var table = layout.Template;
        for (var p = 0; p < table.Panels.Count; p++)
        {
            var panel = table.Panels[p];
            var heading = new List<string> { panel.Coded is not null ? "科目编码" : table.Print.RowNumbers && panel.Stub == StubKind.ItemAndRowNumber ? "行次" : "行键", "项目" };
            heading.AddRange(panel.Columns.Select(c => table.Print.ColumnNumbers ? $"{c.No}.{c.Label}" : c.Label));
            text.AppendLine(string.Join(',', heading.Select(Quote)));
            foreach (var line in layout.Lines)
            {
                if (line.Panels[p] is not { IsFiller: false } row)
                {
                    continue;
                }

                var fields = new List<string> { panel.Coded is null ? row.Key : row.Code ?? "", row.Label };
                fields.AddRange(row.Values.Select(v => v.NotApplicable ? "——" : v.Value is { } x ? CellValueText.Format(x, v.Kind) : ""));
                text.AppendLine(string.Join(',', fields.Select(Quote)));
            }
        }

        foreach (var footer in layout.Footers)
        {
            text.AppendLine(string.Join(',', new[] { footer.Row.Key, footer.Row.Label, footer.Value is { } v ? CellValueText.Format(v, footer.Kind) : "" }.Select(Quote)));
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];

        // Codes are written as they are; Excel may show them as numbers, which loses nothing for 3–7 digit codes.
        static string Quote(string field) =>
            field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private TemplateSet SetOf(Report report) =>
        templates.Find(report.TemplateSetId) ?? throw new InvalidOperationException($"模板 {report.TemplateSetId} 不存在");

    /// <summary>The moment a revision's files are dated: its publication, or its last change for a draft.</summary>
    private static DateTime StampOf(Report report) => (report.PublishedAt ?? report.UpdatedAt).UtcDateTime;
}

/// <summary>Zip files whose bytes depend only on their content: fixed entry order and timestamps.</summary>
public static class DeterministicZip
{
    public static byte[] Create(IEnumerable<(string Name, byte[] Bytes)> files, DateTime stamp)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in files)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = ZipTime(stamp);
                using var stream = entry.Open();
                stream.Write(bytes);
            }
        }

        return output.ToArray();
    }

    /// <summary>Rewrites a zip-based file (an .xlsx) with fixed timestamps; the parts and their order are kept.</summary>
    public static byte[] Normalize(byte[] zipBytes, DateTime stamp)
    {
        using var input = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
        return Create(input.Entries.Select(e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return (e.FullName, copy.ToArray());
        }).ToList(), stamp);
    }

    // Zip timestamps hold 1980–2107 local-time-free values with 2-second precision.
    private static DateTimeOffset ZipTime(DateTime stamp) =>
        new(Math.Clamp(stamp.Year, 1980, 2107), stamp.Month, stamp.Day, stamp.Hour, stamp.Minute, stamp.Second / 2 * 2, TimeSpan.Zero);
}
