using FinalAccounts.Infrastructure.Pdf;
using FinalAccounts.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>The whole portal in-process, on its own real database (SQLite file or PostgreSQL database).</summary>
public sealed class PortalFactory(string connectionString, string? dataDirectory = null) : WebApplicationFactory<Program>
{
    private readonly string _logs = System.Environment.GetEnvironmentVariable("FINALACCOUNTS_TEST_LOGS") ?? Directory.CreateTempSubdirectory("fa-logs-").FullName;

    public string ConnectionString { get; } = connectionString;

    /// <summary>
    /// The Chromium the tests drive and the portals print PDFs with: what the portal would choose (the lighter
    /// chromium-headless-shell when installed, else chromium), or what FINALACCOUNTS_CHROMIUM names.
    /// </summary>
    public static string Chromium { get; } = System.Environment.GetEnvironmentVariable("FINALACCOUNTS_CHROMIUM") is { Length: > 0 } path
        ? path
        : PdfOptions.DefaultChromium;

    /// <summary>
    /// One PDF printer (a Playwright driver and a Chromium, launched on first use) for every test portal that keeps the
    /// default PDF settings: each launch costs about a second and a half of CPU, and a dozen portals print. Registered as
    /// an instance, so no portal's container disposes it when the portal stops.
    /// </summary>
    private static readonly Lazy<ChromiumPdfPrinter> SharedPrinter =
        new(() => new ChromiumPdfPrinter(new PdfOptions { ChromiumPath = Chromium }, NullLogger<ChromiumPdfPrinter>.Instance));

    /// <summary>False where a test configures PDF printing itself (e.g. a missing Chromium).</summary>
    public bool SharePdfPrinter { get; init; } = true;

    /// <summary>Where this portal writes its log files (tests read them).</summary>
    public string LogDirectory => _logs;

    /// <summary>"Production" for what only a deployed portal does (HSTS, trusted proxies).</summary>
    public string Environment { get; init; } = "Development";

    /// <summary>Configuration on top of the defaults, e.g. FinalAccounts:ForwardedHeaders:KnownProxies:0.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Whether this portal runs background jobs. Off unless a test needs them: every portal publishes the demo report
    /// at start, and the pack that follows (a PDF rendered by Chromium) is the dearest thing a test portal does.
    /// </summary>
    public bool RunJobs { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("FinalAccounts:Jobs:RunJobs", RunJobs ? "true" : "false");
        builder.UseSetting("FinalAccounts:Pdf:ChromiumPath", Chromium);
        // Compressing (mostly brotli 11 of every page a test views once) was a tenth of the test process's CPU in a
        // profile; the cache behaves the same at any level.
        builder.UseSetting("FinalAccounts:PublicCache:Compression", "Fastest");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("ConnectionStrings:FinalAccounts", ConnectionString);
        builder.UseSetting("FinalAccounts:LogDirectory", _logs);
        builder.UseSetting("FinalAccounts:ExportDirectory", Path.Combine(_logs, "exports"));
        // Tests create many accounts; production-strength PBKDF2 would dominate their run time.
        builder.ConfigureServices(services => services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000));
        if (dataDirectory is not null)
        {
            builder.UseSetting("FinalAccounts:DataDirectory", dataDirectory);
        }

        if (SharePdfPrinter && !Settings.Keys.Any(k => k.StartsWith("FinalAccounts:Pdf:", StringComparison.Ordinal)))
        {
            builder.ConfigureTestServices(services => services.AddSingleton(SharedPrinter.Value));
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (System.Environment.GetEnvironmentVariable("FINALACCOUNTS_TEST_LOGS") is not null)
        {
            return; // kept for inspection
        }

        try
        {
            Directory.Delete(_logs, recursive: true);
        }
        catch (IOException)
        {
            // The rolling file may still be held by a closing logger; a temp directory left behind is harmless.
        }
    }
}

/// <summary>A portal with the demo data on a fresh SQLite or PostgreSQL database, shared by one test class.</summary>
public abstract class PortalFixture : IAsyncLifetime
{
    private string _connectionString = "";

    public PortalFactory Portal { get; private set; } = default!;

    protected abstract bool UsePostgres { get; }

    /// <summary>Background jobs (batches, packs) run only in the portals of the classes that test them.</summary>
    protected virtual bool RunJobs => false;

    /// <summary>False where the portal must seed an empty database itself (the production start).</summary>
    protected virtual bool StartsWithDemoData => true;

    protected virtual PortalFactory CreatePortal(string connectionString) => new(connectionString) { RunJobs = RunJobs };

    /// <summary>
    /// Whether this class uses the process's one shared portal of its database kind (<see cref="SharedPortals"/>)
    /// instead of starting its own.
    /// </summary>
    protected virtual bool Shared => false;

    public async Task InitializeAsync()
    {
        if (Shared)
        {
            Portal = await SharedPortals.GetAsync(UsePostgres);
            return;
        }

        _connectionString = StartsWithDemoData
            ? await DemoDatabases.NewAsync(UsePostgres)
            : UsePostgres ? await TestDatabases.CreatePostgresAsync() : TestDatabases.NewSqlite();
        Portal = CreatePortal(_connectionString);
        _ = Portal.Server; // start now: migrations and demo data
    }

    public async Task DisposeAsync()
    {
        if (Shared)
        {
            return; // the last class using it is not known; the process's exit ends it
        }

        await Portal.DisposeAsync();
        await TestDatabases.DropAsync(_connectionString);
    }
}

public sealed class SqlitePortal : PortalFixture
{
    protected override bool UsePostgres => false;
}

public sealed class PostgresPortal : PortalFixture
{
    protected override bool UsePostgres => true;
}

/// <summary>
/// The SQLite portal shared by every class that only reads the demo data and what its own <see cref="Scenario"/>s
/// create. A class that changes what other classes see (catalogues, templates, regions, settings) or counts rows of a
/// whole table (audit entries, every table's rows) keeps a <see cref="SqlitePortal"/> of its own.
/// </summary>
public sealed class SharedSqlitePortal : PortalFixture
{
    protected override bool UsePostgres => false;

    protected override bool Shared => true;
}

/// <summary>The PostgreSQL portal shared like <see cref="SharedSqlitePortal"/>.</summary>
public sealed class SharedPostgresPortal : PortalFixture
{
    protected override bool UsePostgres => true;

    protected override bool Shared => true;
}

/// <summary>
/// One portal per database kind for the whole test process. Each portal start costs about a second of CPU, and its
/// first requests as much again (EF Core compiles its queries per portal, the DI container its activators), so
/// classes that can share one do.
/// </summary>
public static class SharedPortals
{
    private static readonly Lazy<Task<PortalFactory>> Sqlite = new(() => StartAsync(postgres: false));
    private static readonly Lazy<Task<PortalFactory>> Postgres = new(() => StartAsync(postgres: true));

    public static Task<PortalFactory> GetAsync(bool postgres) => (postgres ? Postgres : Sqlite).Value;

    private static async Task<PortalFactory> StartAsync(bool postgres)
    {
        var connectionString = await DemoDatabases.NewAsync(postgres);
        var portal = new PortalFactory(connectionString);
        _ = portal.Server;
        if (!postgres)
        {
            // The PostgreSQL cluster of a run is thrown away with it; a SQLite file would stay in the temp directory.
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                try
                {
                    File.Delete(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource);
                }
                catch (IOException)
                {
                    // still open by a closing portal: a temp file left behind is harmless
                }
            };
        }

        return portal;
    }
}

/// <summary>A SQLite portal that runs background jobs (batches, packs after publication).</summary>
public sealed class SqliteJobsPortal : PortalFixture
{
    protected override bool UsePostgres => false;

    protected override bool RunJobs => true;
}

/// <summary>A PostgreSQL portal that runs background jobs (batches, packs after publication).</summary>
public sealed class PostgresJobsPortal : PortalFixture
{
    protected override bool UsePostgres => true;

    protected override bool RunJobs => true;
}

/// <summary>The portal as deployed (Production: no demo accounts, no developer pages), on SQLite.</summary>
public sealed class ProductionSqlitePortal : PortalFixture
{
    protected override bool UsePostgres => false;

    protected override bool StartsWithDemoData => false;

    protected override PortalFactory CreatePortal(string connectionString) => new(connectionString)
    {
        Environment = "Production",
        Settings = new Dictionary<string, string> { ["FinalAccounts:AdminPassword"] = "Demo#2023pass" },
    };
}
