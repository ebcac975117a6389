using System.ComponentModel.DataAnnotations;
using System.Net;
using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Infrastructure.Excel;
using FinalAccounts.Infrastructure.Jobs;
using FinalAccounts.Infrastructure.Pdf;
using Microsoft.Extensions.Options;

namespace FinalAccounts.Infrastructure.Configuration;

/// <summary>
/// Every setting of the portal, the <c>FinalAccounts</c> configuration section as one object, validated when the
/// portal starts (a wrong value stops the start with the key named, instead of failing later in a request).
/// </summary>
public sealed class FinalAccountsOptions
{
    public const string Section = "FinalAccounts";

    /// <summary>Load the demo report on first start.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>Demo-only data beyond the real demo report (off unless asked for).</summary>
    public DemoSettings Demo { get; set; } = new();

    /// <summary>The first administrator's password (or the environment variable FINALACCOUNTS_ADMIN_PASSWORD).</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Operator's template sets and catalogues (added to or replacing the shipped ones).</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Where batch exports are written; shared by all nodes. Default: data/exports under the content root.</summary>
    public string? ExportDirectory { get; set; }

    [Range(1, 3650)]
    public int ExportRetentionDays { get; set; } = 7;

    public string? LogDirectory { get; set; }

    /// <summary>This node's name in jobs and health (default: host:process:random).</summary>
    [MaxLength(200)]
    public string? NodeId { get; set; }

    public DatabaseSettings Database { get; set; } = new();

    public ImportSettings Import { get; set; } = new();

    public PdfOptions Pdf { get; set; } = new();

    public JobOptions Jobs { get; set; } = new();

    public AuthOptions Auth { get; set; } = new();

    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    public PublicCacheSettings PublicCache { get; set; } = new();

    public PublicationSettings Publication { get; set; } = new();
}

/// <summary>Published pages and JSON served from memory, once rendered per revision (ADR 0021).</summary>
/// <summary>
/// The publication deadline of each fiscal year's 部门决算 (the region pages count the days since it):
/// <c>FinalAccounts:Publication:Deadlines:2023</c> = <c>2024-09-30</c>. A year not configured uses the default rule,
/// 30 September of the following year (ADR 0023).
/// </summary>
public sealed class PublicationSettings
{
    public Dictionary<string, string> Deadlines { get; set; } = [];

    public static DateOnly DefaultDeadline(int fiscalYear) => new(fiscalYear + 1, 9, 30);

    /// <summary>The configured deadline of a year, or the default rule's.</summary>
    public DateOnly DeadlineOf(int fiscalYear) =>
        Deadlines.TryGetValue(fiscalYear.ToString(System.Globalization.CultureInfo.InvariantCulture), out var text)
        && DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            ? date
            : DefaultDeadline(fiscalYear);

    /// <summary>Each key that is not a year or value that is not a date, named.</summary>
    public IEnumerable<string> Problems() => Deadlines
        .Where(d => !int.TryParse(d.Key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100
            || !DateOnly.TryParseExact(d.Value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
        .Select(d => $"配置 {FinalAccountsOptions.Section}:Publication:Deadlines:{d.Key} 无效（{d.Value}）：键应为年度（2000–2100），值应为日期 yyyy-MM-dd");
}

public sealed class PublicCacheSettings
{
    /// <summary>Off: every public GET is rendered (as before ADR 0021).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long browsers and proxies may reuse a response without asking (then they revalidate with the ETag).</summary>
    [Range(0, 86_400)]
    public int MaxAgeSeconds { get; set; } = 60;

    /// <summary>How long a node trusts its knowledge of the latest revision: the most a publication on another node goes unseen.</summary>
    [Range(0, 3600)]
    public int RevisionCheckSeconds { get; set; } = 2;

    /// <summary>Memory for rendered responses (each stored plain, gzip and brotli).</summary>
    [Range(1, 16_384)]
    public int Megabytes { get; set; } = 128;

    /// <summary>
    /// How hard each rendered page is compressed (gzip and brotli), once per revision. SmallestSize (brotli 11) pays a
    /// few hundred milliseconds of CPU at the first view for the fewest bytes on every later one; Fastest suits
    /// short-lived portals, e.g. the test suite's, whose pages are viewed a handful of times.
    /// </summary>
    public System.IO.Compression.CompressionLevel Compression { get; set; } = System.IO.Compression.CompressionLevel.SmallestSize;
}

public sealed class DatabaseSettings
{
    /// <summary>How long start-up waits for an unreachable database before giving up.</summary>
    [Range(0, 3600)]
    public int StartupWaitSeconds { get; set; } = 120;
}

/// <summary>Workbook uploads: size, zip entries and uncompressed size (against zip bombs).</summary>
public sealed class ImportSettings
{
    [Range(1, 1024)]
    public int MaxMegabytes { get; set; } = 10;

    [Range(10, 100_000)]
    public int MaxEntries { get; set; } = 300;

    [Range(1, 10_240)]
    public int MaxUncompressedMegabytes { get; set; } = 100;

    public UploadLimits ToLimits() => new(MaxMegabytes * 1024L * 1024L, MaxEntries, MaxUncompressedMegabytes * 1024L * 1024L);
}

/// <summary>The reverse proxies whose X-Forwarded-For/-Proto are believed (none set: only loopback).</summary>
public sealed class ForwardedHeadersSettings
{
    public string[] KnownProxies { get; set; } = [];

    public string[] KnownNetworks { get; set; } = [];
}

/// <summary>Checks every value of every subsection, and names the key of each wrong one in Chinese.</summary>
public sealed class FinalAccountsOptionsValidator : IValidateOptions<FinalAccountsOptions>
{
    public ValidateOptionsResult Validate(string? name, FinalAccountsOptions options)
    {
        var failures = new List<string>();
        Check(options, FinalAccountsOptions.Section, failures);
        Check(options.Database, $"{FinalAccountsOptions.Section}:Database", failures);
        Check(options.Import, $"{FinalAccountsOptions.Section}:Import", failures);
        Check(options.Pdf, $"{FinalAccountsOptions.Section}:Pdf", failures);
        Check(options.Jobs, JobOptions.Section, failures);
        Check(options.PublicCache, $"{FinalAccountsOptions.Section}:PublicCache", failures);
        var auth = new AuthOptionsValidator().Validate(name, options.Auth);
        if (auth.Failed)
        {
            failures.AddRange(auth.Failures);
        }

        failures.AddRange(options.Publication.Problems());
        failures.AddRange(options.ForwardedHeaders.KnownProxies.Where(p => !IPAddress.TryParse(p, out _))
            .Select(p => $"配置 {FinalAccountsOptions.Section}:ForwardedHeaders:KnownProxies 中的“{p}”不是 IP 地址"));
        failures.AddRange(options.ForwardedHeaders.KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _))
            .Select(n => $"配置 {FinalAccountsOptions.Section}:ForwardedHeaders:KnownNetworks 中的“{n}”不是网段（如 10.0.0.0/8）"));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(object settings, string section, List<string> failures)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true))
        {
            failures.AddRange(results.SelectMany(r => r.MemberNames.DefaultIfEmpty("?").Select(member =>
                $"配置 {section}:{member} 的值不在允许范围内（{settings.GetType().GetProperty(member)?.GetValue(settings)}）：{Range(settings, member)}")));
        }
    }

    private static string Range(object settings, string member) =>
        settings.GetType().GetProperty(member)?.GetCustomAttributes(typeof(RangeAttribute), false).OfType<RangeAttribute>().FirstOrDefault() is { } range
            ? $"应在 {range.Minimum} 到 {range.Maximum} 之间"
            : "请检查";
}

/// <summary><c>FinalAccounts:Demo</c>.</summary>
public sealed class DemoSettings
{
    /// <summary>
    /// Seed the synthetic 演示省 region (every page and file of it marked 演示数据). On in <c>scripts/run.sh</c>'s
    /// launch profile; off by default so tests, which count global state, never get it unless they ask.
    /// </summary>
    public bool SyntheticRegion { get; set; }
}
