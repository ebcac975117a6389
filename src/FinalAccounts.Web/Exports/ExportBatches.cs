using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using FinalAccounts.Infrastructure.Jobs;
using FinalAccounts.Infrastructure.Reports;

namespace FinalAccounts.Web.Exports;

/// <summary>Progress of one batch export: the auditor packs of every published report of a region and year.</summary>
public sealed class ExportJob(Guid id, string region, int fiscalYear, string requestedBy, DateTimeOffset queuedAt) : QueuedJob(id, queuedAt)
{
    public string Region { get; } = region;
    public int FiscalYear { get; } = fiscalYear;
    public string RequestedBy { get; } = requestedBy;

    /// <summary>The finished zip on disk (only when completed).</summary>
    public string? FilePath { get; private set; }

    public long? FileBytes { get; private set; }
    public string? Sha256 { get; private set; }
    public string FileName => $"{Region}-{FiscalYear}-部门决算审计包.zip";

    internal void Begin(int total) => Total = total;

    internal void Advance() => AdvanceBy(1);

    internal void Written(string path, long bytes, string sha256) => (FilePath, FileBytes, Sha256) = (path, bytes, sha256);
}

/// <summary>
/// Exports, in the background, the auditor pack of every published report of a region and year into one zip
/// (<c>{code}-{year}-r{revision}.zip</c> each, plus a <c>manifest.json</c> with their SHA-256), written to the export
/// directory. One job runs at a time; progress is visible while it runs.
/// </summary>
public sealed class ExportBatches(ReportQueries queries, ReportExports exports, TimeProvider clock, IConfiguration configuration, IHostEnvironment environment, ILogger<ExportBatches> logger)
    : JobQueue<ExportJob>(clock, logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private string Directory => configuration["FinalAccounts:ExportDirectory"] is { Length: > 0 } configured
        ? configured
        : Path.Combine(environment.ContentRootPath, "data", "exports");

    protected override string FailurePrefix => "批量导出中断：";

    public ExportJob Enqueue(string region, int fiscalYear, string requestedBy) =>
        Enqueue(new ExportJob(Guid.CreateVersion7(), region, fiscalYear, requestedBy, Clock.GetUtcNow()));

    protected override void OnFailed(ExportJob job) => File.Delete(Path.Combine(Directory, $"{job.Id}.zip.partial"));

    /// <summary>Finished exports are kept for <c>FinalAccounts:ExportRetentionDays</c> (7 by default), then deleted.</summary>
    private void RemoveOldExports()
    {
        var days = int.TryParse(configuration["FinalAccounts:ExportRetentionDays"], out var d) && d > 0 ? d : 7;
        var cutoff = Clock.GetUtcNow().UtcDateTime.AddDays(-days);
        foreach (var file in new DirectoryInfo(Directory).EnumerateFiles("*.zip").Where(f => f.LastWriteTimeUtc < cutoff))
        {
            file.Delete();
            Logger.LogInformation("Export {File} removed after {Days} days", file.Name, days);
        }
    }

    protected override async Task WorkAsync(ExportJob job, CancellationToken cancellationToken)
    {
        var codes = await queries.PublishedCodesAsync(job.Region, job.FiscalYear, cancellationToken);
        job.Begin(codes.Count);
        System.IO.Directory.CreateDirectory(Directory);
        RemoveOldExports();
        var path = Path.Combine(Directory, $"{job.Id}.zip");
        var partial = path + ".partial";
        var listed = new List<object>();
        await using (var file = File.Create(partial))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            foreach (var code in codes)
            {
                var published = await queries.FindPublishedAsync(code, job.FiscalYear, cancellationToken)
                    ?? throw new InvalidOperationException($"{code} {job.FiscalYear} 已不再公开");
                var pack = await exports.PackAsync(published.Report, published.Department, published.EarlierRevisions, cancellationToken);
                if (!pack.IsSuccess)
                {
                    throw new JobFailure($"{published.Department.Name}：" + string.Join("；", pack.Errors.Select(e => e.Message)));
                }

                var name = $"{code}-{job.FiscalYear}-r{published.Report.Revision}.zip";
                var entry = zip.CreateEntry(name, CompressionLevel.NoCompression); // packs are compressed already
                await using (var stream = entry.Open())
                {
                    await stream.WriteAsync(pack.Value.Zip, cancellationToken);
                }

                listed.Add(new { department = code, name = published.Department.Name, revision = published.Report.Revision, file = name, sha256 = pack.Value.Sha256 });
                job.Advance();
            }

            var manifest = zip.CreateEntry("manifest.json");
            await using var manifestStream = manifest.Open();
            await JsonSerializer.SerializeAsync(manifestStream, new { region = job.Region, fiscalYear = job.FiscalYear, generatedAt = Clock.GetUtcNow(), requestedBy = job.RequestedBy, packs = listed }, Json, cancellationToken);
        }

        File.Move(partial, path, overwrite: true);
        await using (var read = File.OpenRead(path))
        {
            job.Written(path, read.Length, Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(read, cancellationToken)));
        }

        Logger.LogInformation("Export batch {Job}: {Count} packs of {Region} {Year}, {Bytes} bytes", job.Id, job.Total, job.Region, job.FiscalYear, job.FileBytes);
    }
}
