using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Infrastructure.Persistence;

public sealed class FinalAccountsDbContext(DbContextOptions<FinalAccountsDbContext> options) : DbContext(options)
{
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<Report> Reports => Set<Report>();
    public DbSet<ReportCell> ReportCells => Set<ReportCell>();
    public DbSet<StoredReconciliation> Reconciliations => Set<StoredReconciliation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FinalAccountsDbContext).Assembly);

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    // The concurrency token is compared against its original value, so bumping the current value makes a save
    // fail when someone else saved the same entity since it was loaded.
    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified)
            {
                entry.Entity.IncrementVersion();
            }
        }
    }
}
