using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FinalAccounts.Infrastructure.Catalogs;

/// <summary>
/// The catalogues kept in the database, versioned per year and kind (ADR 0019), and the in-memory
/// <see cref="ClassificationCatalogs"/> every page, validator and rule reads. Several nodes share one database: a node
/// learns of another node's import by comparing the number of stored versions (one cheap <c>COUNT</c>, versions are
/// only ever added) with the number it last loaded — before each save, reconciliation and catalogue request, and
/// every few seconds in the background (<see cref="CatalogWatcher"/>) for pages.
/// </summary>
public sealed class CatalogStore(IDbContextFactory<FinalAccountsDbContext> contexts, ReferenceData reference) : IDisposable
{
    public const string SystemUser = "system";

    // The catalogues read from the data files at start: what version 1 of each year and kind is seeded from.
    private readonly IReadOnlyList<ClassificationCatalog> _shipped = reference.Catalogs.All.ToList();
    private readonly SemaphoreSlim _loading = new(1, 1);
    private int _loadedStamp = -1;

    public ClassificationCatalogs Catalogs => reference.Catalogs;

    public void Dispose() => _loading.Dispose();

    /// <summary>
    /// Stores each shipped catalogue as version 1 of its year and kind unless that year and kind has versions
    /// already. Runs at start (under the migration lock on PostgreSQL, so one node seeds).
    /// </summary>
    public async Task SeedAsync(FinalAccountsDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var present = (await db.CatalogVersions.Select(v => new { v.Year, v.Kind }).Distinct().ToListAsync(cancellationToken))
            .Select(v => (v.Year, v.Kind)).ToHashSet();
        foreach (var catalog in _shipped.Where(c => !present.Contains((c.Year, CatalogKinds.ToText(c.Kind)))))
        {
            Add(db, catalog, 1, now, SystemUser, $"随程序提供的 catalogs/{catalog.Year}/{CatalogKinds.ToText(catalog.Kind)}.csv", CatalogDiff.Between(null, catalog));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Adds a version's row and codes to the context (saved by the caller, with its audit entry).</summary>
    public static CatalogVersionRecord Add(FinalAccountsDbContext db, ClassificationCatalog catalog, int version, DateTimeOffset now, string user, string source, CatalogDiff diff)
    {
        var record = new CatalogVersionRecord
        {
            Id = Guid.CreateVersion7(),
            Year = catalog.Year,
            Kind = CatalogKinds.ToText(catalog.Kind),
            Version = version,
            CreatedAt = now,
            CreatedBy = user,
            Source = source.Length > 300 ? source[..300] : source,
            Count = catalog.Count,
            Added = diff.Added.Count,
            Renamed = diff.Renamed.Count,
            Removed = diff.Removed.Count,
        };
        db.CatalogVersions.Add(record);
        db.CatalogEntries.AddRange(catalog.Entries.Select(e => new CatalogEntryRecord { VersionId = record.Id, Code = e.Key, Name = e.Value }));
        return record;
    }

    /// <summary>
    /// Makes the in-memory catalogues the current stored versions if any version was added since they were loaded
    /// (by this node or another). Cheap when nothing changed: one COUNT.
    /// </summary>
    public async Task EnsureCurrentAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stamp = await db.CatalogVersions.CountAsync(cancellationToken);
        if (stamp == Volatile.Read(ref _loadedStamp))
        {
            return;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            stamp = await db.CatalogVersions.CountAsync(cancellationToken);
            if (stamp == _loadedStamp)
            {
                return;
            }

            var versions = await db.CatalogVersions.AsNoTracking().ToListAsync(cancellationToken);
            var current = versions.GroupBy(v => (v.Year, v.Kind)).Select(g => g.MaxBy(v => v.Version)!).ToList();
            var loaded = Catalogs.All.ToDictionary(c => (c.Year, CatalogKinds.ToText(c.Kind)), c => c.Version);
            var newer = new List<ClassificationCatalog>();
            foreach (var version in current.Where(v => loaded.GetValueOrDefault((v.Year, v.Kind), -1) != v.Version))
            {
                newer.Add(await LoadAsync(db, version, cancellationToken));
            }

            Catalogs.Replace(newer);
            Volatile.Write(ref _loadedStamp, stamp);
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Every stored version, newest first within each year and kind.</summary>
    public async Task<IReadOnlyList<CatalogVersionRecord>> VersionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await db.CatalogVersions.AsNoTracking().ToListAsync(cancellationToken))
            .OrderBy(v => v.Year).ThenBy(v => v.Kind, StringComparer.Ordinal).ThenByDescending(v => v.Version).ToList();
    }

    /// <summary>One version of a year's catalogue (null = the current one), or null if there is none.</summary>
    public async Task<(CatalogVersionRecord Version, ClassificationCatalog Catalog)?> FindAsync(int year, ClassificationKind kind, int? version, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await FindAsync(db, year, kind, version, cancellationToken);
    }

    public static async Task<(CatalogVersionRecord Version, ClassificationCatalog Catalog)?> FindAsync(FinalAccountsDbContext db, int year, ClassificationKind kind, int? version, CancellationToken cancellationToken)
    {
        var kindText = CatalogKinds.ToText(kind);
        var query = db.CatalogVersions.AsNoTracking().Where(v => v.Year == year && v.Kind == kindText);
        var record = version is { } n
            ? await query.FirstOrDefaultAsync(v => v.Version == n, cancellationToken)
            : await query.OrderByDescending(v => v.Version).FirstOrDefaultAsync(cancellationToken);
        return record is null ? null : (record, await LoadAsync(db, record, cancellationToken));
    }

    /// <summary>The stored mapping of a kind's codes from one year to another (empty if none was uploaded).</summary>
    public async Task<CodeMapping> MappingAsync(ClassificationKind kind, int fromYear, int toYear, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var kindText = CatalogKinds.ToText(kind);
        var pairs = await db.CatalogMappings.AsNoTracking()
            .Where(m => m.FromYear == fromYear && m.ToYear == toYear && m.Kind == kindText)
            .Select(m => new CodePair(m.FromCode, m.ToCode)).ToListAsync(cancellationToken);
        return new CodeMapping(kind, fromYear, toYear, pairs);
    }

    private static async Task<ClassificationCatalog> LoadAsync(FinalAccountsDbContext db, CatalogVersionRecord version, CancellationToken cancellationToken)
    {
        var entries = await db.CatalogEntries.AsNoTracking().Where(e => e.VersionId == version.Id).ToDictionaryAsync(e => e.Code, e => e.Name, cancellationToken);
        var kind = CatalogKinds.Parse(version.Kind) ?? ClassificationKind.Functional;
        return new ClassificationCatalog(kind, version.Year, entries) { Version = version.Version };
    }
}

/// <summary>Checks every few seconds whether another node imported a catalogue, so pages show the current names.</summary>
public sealed class CatalogWatcher(CatalogStore store, Microsoft.Extensions.Logging.ILogger<CatalogWatcher> logger) : Microsoft.Extensions.Hosting.BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await store.EnsureCurrentAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be away for a while (ADR 0013): the next tick tries again.
                logger.LogWarning("Catalogue version check failed: {Error}", e.Message);
            }
        }
    }
}
