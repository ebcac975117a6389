using FinalAccounts.Domain.Regions;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Templates;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Infrastructure.Regions;

/// <summary>
/// The region tree in the database (ADR 0023): seeded from the shipped <c>Data/regions/regions.csv</c> when the table
/// is empty, changed only by administrators afterwards. Read whole (it is small) for every use: no cache to keep in
/// step between nodes.
/// </summary>
public sealed class RegionStore(IDbContextFactory<FinalAccountsDbContext> contexts)
{
    public const string ShippedFile = "regions/regions.csv";

    private static readonly Lazy<RegionTree> ShippedTree = new(() =>
    {
        var parsed = RegionFile.Parse(ReferenceDataLoader.ReadEmbedded(ShippedFile), ShippedFile);
        return parsed.IsSuccess ? parsed.Value : throw new InvalidOperationException(string.Join("；", parsed.Errors));
    });

    /// <summary>The tree as shipped (a bad shipped file stops the start, naming its lines).</summary>
    public static RegionTree Shipped => ShippedTree.Value;

    /// <summary>Loads the shipped tree into an empty table (called at start, under the migration lock).</summary>
    public static async Task SeedAsync(FinalAccountsDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Regions.AnyAsync(cancellationToken))
        {
            return;
        }

        db.Regions.AddRange(Shipped.All.Select(r => new Region(r.Code, r.Name, r.Level, r.ParentCode, r.FullName, r.Synthetic)));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<RegionTree> TreeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await TreeAsync(db, cancellationToken);
    }

    public static async Task<RegionTree> TreeAsync(FinalAccountsDbContext db, CancellationToken cancellationToken = default) =>
        new(await db.Regions.AsNoTracking().ToListAsync(cancellationToken));
}
