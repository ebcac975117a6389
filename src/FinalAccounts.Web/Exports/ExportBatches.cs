using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using FinalAccounts.Infrastructure.Jobs;
using FinalAccounts.Infrastructure.Reports;

namespace FinalAccounts.Web.Exports;

/// <summary>A finished batch export: the zip in the export directory and what it holds.</summary>
public sealed record ExportBatchResult(string File, string FileName, long Bytes, string Sha256, int Packs);

/// <summary>
/// Exports, as a background job on any node, the auditor pack of every published report of a region and year into
/// one zip (<c>{code}-{year}-r{revision}.zip</c> each, plus a <c>manifest.json</c> with their SHA-256), written to the
/// export directory — which all nodes must share (a volume) so that any node can serve the download.
/// </summary>
public sealed class ExportBatches(ReportQueries queries, ReportExports exports, TimeProvider clock, Microsoft.Extensions.Options.IOptions<Infrastructure.Configuration.FinalAccountsOptions> options, IHostEnvironment environment, ILogger<ExportBatches> logger)
    : IJobHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public string Kind => JobKinds.ExportBatch;

    public string Directory => options.Value.ExportDirectory is { Length: > 0 } configured
        ? configured
        : Path.Combine(environment.ContentRootPath, "data", "exports");

    public static string FileNameOf(JobRecord job) => $"{(job.Region.Length == 0 ? "全部区划" : job.Region)}-{job.FiscalYear}-部门决算审计包.zip";

    /// <summary>Finished exports are kept for <c>FinalAccounts:ExportRetentionDays</c> (7 by default), then deleted.</summary>
    private void RemoveOldExports()
    {
        var days = options.Value.ExportRetentionDays;
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-days);
        foreach (var file in new DirectoryInfo(Directory).EnumerateFiles("*.zip").Where(f => f.LastWriteTimeUtc < cutoff))
        {
            file.Delete();
            logger.LogInformation("Export {File} removed after {Days} days", file.Name, days);
        }
    }

    public async Task<object?> RunAsync(JobExecution job, CancellationToken cancellationToken)
    {
        var batch = job.ParametersAs<BatchParameters>();
        var codes = await queries.PublishedCodesAsync(batch.Region, batch.FiscalYear, cancellationToken);
        await job.BeginAsync(codes.Count, cancellationToken);
        System.IO.Directory.CreateDirectory(Directory);
        RemoveOldExports();
        var name = $"{job.Record.Id}.zip";
        var path = Path.Combine(Directory, name);
        // Per attempt: a node that died mid-write leaves its partial file; the next attempt starts its own.
        var partial = $"{path}.{job.Record.Attempt}.partial";
        var listed = new List<object>();
        try
        {
            await using (var file = File.Create(partial))
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
            {
                foreach (var code in codes)
                {
                    var published = await queries.FindPublishedAsync(code, batch.FiscalYear, cancellationToken)
                        ?? throw new JobFailure($"{code} {batch.FiscalYear} 已不再公开");
                    var pack = await exports.PackAsync(published.Report, published.Department, published.EarlierRevisions, cancellationToken);
                    if (!pack.IsSuccess)
                    {
                        throw new JobFailure($"{published.Department.Name}：" + string.Join("；", pack.Errors.Select(e => e.Message)));
                    }

                    var entryName = $"{code}-{batch.FiscalYear}-r{published.Report.Revision}.zip";
                    var entry = zip.CreateEntry(entryName, CompressionLevel.NoCompression); // packs are compressed already
                    await using (var stream = entry.Open())
                    {
                        await stream.WriteAsync(pack.Value.Zip, cancellationToken);
                    }

                    listed.Add(new { department = code, name = published.Department.Name, revision = published.Report.Revision, file = entryName, sha256 = pack.Value.Sha256 });
                    await job.AdvanceAsync(1, cancellationToken);
                }

                var manifest = zip.CreateEntry("manifest.json");
                await using var manifestStream = manifest.Open();
                await JsonSerializer.SerializeAsync(manifestStream, new { region = batch.Region, fiscalYear = batch.FiscalYear, generatedAt = clock.GetUtcNow(), requestedBy = job.Record.RequestedBy, packs = listed }, Json, cancellationToken);
            }

            File.Move(partial, path, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }

        await using var read = File.OpenRead(path);
        var result = new ExportBatchResult(name, FileNameOf(job.Record), read.Length, Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(read, cancellationToken)), codes.Count);
        logger.LogInformation("Export batch {Job}: {Count} packs of {Region} {Year}, {Bytes} bytes", job.Record.Id, codes.Count, batch.Region, batch.FiscalYear, result.Bytes);
        return result;
    }
}

/// <summary>Builds and archives the auditor pack of a newly published revision (any node; skipped if already archived).</summary>
public sealed class ReportPackJobs(ReportQueries queries, ReportExports exports) : IJobHandler
{
    public string Kind => JobKinds.ReportPack;

    public async Task<object?> RunAsync(JobExecution job, CancellationToken cancellationToken)
    {
        var reportId = job.ParametersAs<PackParameters>().ReportId;
        await job.BeginAsync(1, cancellationToken);
        if (await queries.FindArchivedPackAsync(reportId, cancellationToken) is { } archived)
        {
            return new { sha256 = archived.Sha256, archivedBefore = true };
        }

        var published = await queries.FindPublishedByIdAsync(reportId, cancellationToken)
            ?? throw new JobFailure($"决算 {reportId} 不存在或未公开，无需生成审计包");
        var pack = await exports.PackAsync(published.Report, published.Department, published.EarlierRevisions, cancellationToken);
        if (!pack.IsSuccess)
        {
            throw new JobFailure("审计包生成失败：" + string.Join("；", pack.Errors.Select(e => e.Message)));
        }

        var stored = await exports.ArchiveAsync(published.Report, pack.Value, cancellationToken);
        return new { sha256 = stored.Sha256, bytes = stored.Zip.LongLength };
    }
}
