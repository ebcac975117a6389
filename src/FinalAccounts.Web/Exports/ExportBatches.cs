using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using System.Threading.Channels;
using FinalAccounts.Infrastructure.Reconciliation;
using FinalAccounts.Infrastructure.Reports;

namespace FinalAccounts.Web.Exports;

/// <summary>Progress of one batch export: the auditor packs of every published report of a region and year.</summary>
public sealed class ExportJob(Guid id, string region, int fiscalYear, string requestedBy, DateTimeOffset queuedAt)
{
    private int _done;

    public Guid Id { get; } = id;
    public string Region { get; } = region;
    public int FiscalYear { get; } = fiscalYear;
    public string RequestedBy { get; } = requestedBy;
    public DateTimeOffset QueuedAt { get; } = queuedAt;
    public BatchState State { get; internal set; } = BatchState.Queued;
    public int Total { get; internal set; }
    public int Done => _done;
    public DateTimeOffset? StartedAt { get; internal set; }
    public DateTimeOffset? FinishedAt { get; internal set; }
    public string? Error { get; internal set; }

    /// <summary>The finished zip on disk (only when completed).</summary>
    public string? FilePath { get; internal set; }

    public long? FileBytes { get; internal set; }
    public string? Sha256 { get; internal set; }
    public double Percent => Total == 0 ? (State == BatchState.Completed ? 100 : 0) : Math.Round(100.0 * Done / Total, 1);
    public string FileName => $"{Region}-{FiscalYear}-部门决算审计包.zip";

    internal void Advance() => Interlocked.Increment(ref _done);
}

/// <summary>
/// Exports, in the background, the auditor pack of every published report of a region and year into one zip
/// (<c>{code}-{year}-r{revision}.zip</c> each, plus a <c>manifest.json</c> with their SHA-256), written to the export
/// directory. One job runs at a time; progress is visible while it runs.
/// </summary>
public sealed class ExportBatches(ReportQueries queries, ReportExports exports, TimeProvider clock, IConfiguration configuration, IHostEnvironment environment, ILogger<ExportBatches> logger)
    : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private readonly Channel<ExportJob> _queue = Channel.CreateUnbounded<ExportJob>();
    private readonly ConcurrentDictionary<Guid, ExportJob> _jobs = new();

    private string Directory => configuration["FinalAccounts:ExportDirectory"] is { Length: > 0 } configured
        ? configured
        : Path.Combine(environment.ContentRootPath, "data", "exports");

    public ExportJob Enqueue(string region, int fiscalYear, string requestedBy)
    {
        var job = new ExportJob(Guid.CreateVersion7(), region, fiscalYear, requestedBy, clock.GetUtcNow());
        _jobs[job.Id] = job;
        _queue.Writer.TryWrite(job);
        return job;
    }

    public ExportJob? Find(Guid id) => _jobs.GetValueOrDefault(id);

    public IReadOnlyList<ExportJob> Recent => _jobs.Values.OrderByDescending(j => j.QueuedAt).Take(20).ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(job, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                File.Delete(Path.Combine(Directory, $"{job.Id}.zip.partial"));
                job.State = BatchState.Failed;
                job.Error ??= "批量导出中断：" + ex.Message;
                job.FinishedAt = clock.GetUtcNow();
                logger.LogError(ex, "Export batch {Job} ({Region} {Year}) failed", job.Id, job.Region, job.FiscalYear);
            }
        }
    }

    /// <summary>Finished exports are kept for <c>FinalAccounts:ExportRetentionDays</c> (7 by default), then deleted.</summary>
    private void RemoveOldExports()
    {
        var days = int.TryParse(configuration["FinalAccounts:ExportRetentionDays"], out var d) && d > 0 ? d : 7;
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-days);
        foreach (var file in new DirectoryInfo(Directory).EnumerateFiles("*.zip").Where(f => f.LastWriteTimeUtc < cutoff))
        {
            file.Delete();
            logger.LogInformation("Export {File} removed after {Days} days", file.Name, days);
        }
    }

    private async Task RunAsync(ExportJob job, CancellationToken cancellationToken)
    {
        job.State = BatchState.Running;
        job.StartedAt = clock.GetUtcNow();
        var codes = await queries.PublishedCodesAsync(job.Region, job.FiscalYear, cancellationToken);
        job.Total = codes.Count;
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
                    job.Error = $"{published.Department.Name}：" + string.Join("；", pack.Errors.Select(e => e.Message));
                    throw new InvalidOperationException(job.Error);
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
            await JsonSerializer.SerializeAsync(manifestStream, new { region = job.Region, fiscalYear = job.FiscalYear, generatedAt = clock.GetUtcNow(), requestedBy = job.RequestedBy, packs = listed }, Json, cancellationToken);
        }

        File.Move(partial, path, overwrite: true);
        job.FilePath = path;
        job.FileBytes = new FileInfo(path).Length;
        await using (var read = File.OpenRead(path))
        {
            job.Sha256 = Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(read, cancellationToken));
        }

        job.State = BatchState.Completed;
        job.FinishedAt = clock.GetUtcNow();
        logger.LogInformation("Export batch {Job}: {Count} packs of {Region} {Year}, {Bytes} bytes", job.Id, job.Total, job.Region, job.FiscalYear, job.FileBytes);
    }
}
