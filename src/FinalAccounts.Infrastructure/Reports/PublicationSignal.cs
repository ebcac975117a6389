using FinalAccounts.Domain.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FinalAccounts.Infrastructure.Reports;

/// <summary>
/// A counter this node bumps whenever it saves a report, a department or an archived pack, so that whatever it remembers about
/// published revisions (the public response cache, ADR 0021) is looked up again at once after its own publications.
/// Other nodes' publications are seen after a short, bounded time instead (<see cref="PublishedRevisions"/>).
/// </summary>
public sealed class PublicationSignal : SaveChangesInterceptor
{
    private long _generation;

    public long Generation => Interlocked.Read(ref _generation);

    public void Bump() => Interlocked.Increment(ref _generation);

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Notice(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Notice(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Notice(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Notice(eventData.Context);
        return ValueTask.FromResult(result);
    }

    // Before and after the save: a reader that looked up between the two sees the new counter after the commit.
    private void Notice(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries().Any(e => e.Entity is Report or ArchivedPack or Domain.Departments.Department))
        {
            Bump();
        }
    }
}

/// <summary>The latest published revision of a department-year as the public cache keys it.</summary>
public sealed record Publication(Guid ReportId, int Revision, int Version, DateTimeOffset LastModified, bool PackReady, int DepartmentVersion, string Years = "")
{
    /// <summary>
    /// Identifies the published content: a new revision, a re-publication, the archived pack or an edit of the
    /// department (its name and region are on the page) changes it; so does a publication of another of the
    /// department's years (<see cref="Years"/>), as the page's multi-year chart shows every year (ADR 0024).
    /// </summary>
    public string Key => $"{ReportId:N}.{Version}.{(PackReady ? 1 : 0)}.{DepartmentVersion}.{Years}";
}

/// <summary>
/// Which revision of a department-year is the latest published one, looked up with one small query and remembered for
/// at most <c>maxAge</c>, or until this node saves a report or pack (<see cref="PublicationSignal"/>). Several nodes
/// share one database (ADR 0013): a publication made on another node is seen here within <c>maxAge</c>.
/// </summary>
public sealed class PublishedRevisions(IDbContextFactory<Persistence.FinalAccountsDbContext> contexts, PublicationSignal signal, TimeProvider clock)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Code, int Year), Remembered> _known = new();

    private sealed record Remembered(Task<Publication?> Lookup, long Generation, long ExpiresAt);

    public Task<Publication?> FindAsync(string code, int year, TimeSpan maxAge)
    {
        var now = clock.GetTimestamp();
        var generation = signal.Generation;
        if (_known.TryGetValue((code, year), out var known) && known.Generation == generation && now < known.ExpiresAt
            && !known.Lookup.IsFaulted && !known.Lookup.IsCanceled)
        {
            return known.Lookup;
        }

        // Concurrent readers share one lookup; a failed one is not remembered.
        var lookup = LookupAsync(code, year);
        _known[(code, year)] = new Remembered(lookup, generation, now + (long)(maxAge.TotalSeconds * clock.TimestampFrequency));
        return lookup;
    }

    private async Task<Publication?> LookupAsync(string code, int year)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var latest = await db.Reports.AsNoTracking()
            .Where(r => r.FiscalYear == year && r.Status == ReportStatus.Published)
            .Join(db.Departments.Where(d => d.Code == code), r => r.DepartmentId, d => d.Id, (r, d) => new { r.Id, r.Revision, r.Version, r.PublishedAt, r.UpdatedAt, Department = d.Version, DepartmentId = d.Id })
            .OrderByDescending(r => r.Revision)
            .FirstOrDefaultAsync();
        if (latest is null)
        {
            return null;
        }

        // Every published year's latest revision (and its version, a re-publication changes it): the multi-year chart.
        var years = (await db.Reports.AsNoTracking().Where(r => r.DepartmentId == latest.DepartmentId && r.Status == ReportStatus.Published)
                .Select(r => new { r.FiscalYear, r.Revision, r.Version }).ToListAsync())
            .GroupBy(r => r.FiscalYear).Select(g => g.MaxBy(r => r.Revision)!).OrderBy(r => r.FiscalYear)
            .Select(r => $"{r.FiscalYear}-{r.Revision}-{r.Version}");
        var pack = await db.ArchivedPacks.AsNoTracking().Where(p => p.ReportId == latest.Id).Select(p => (DateTimeOffset?)p.BuiltAt).FirstOrDefaultAsync();
        var published = latest.PublishedAt ?? latest.UpdatedAt;
        var modified = pack is { } built && built > published ? built : published;
        return new Publication(latest.Id, latest.Revision, latest.Version, modified, pack is not null, latest.Department, string.Join("_", years));
    }
}
