using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Accounts;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Infrastructure.Persistence;

public sealed class FinalAccountsDbContext(DbContextOptions<FinalAccountsDbContext> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<Report> Reports => Set<Report>();
    public DbSet<ReportCell> ReportCells => Set<ReportCell>();
    public DbSet<StoredReconciliation> Reconciliations => Set<StoredReconciliation>();
    public DbSet<UserDepartment> UserDepartments => Set<UserDepartment>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<LoginFailure> LoginFailures => Set<LoginFailure>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder); // Identity's tables
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FinalAccountsDbContext).Assembly);
    }

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
        // The audit log is append-only.
        if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("审计日志只能追加，不能修改或删除");
        }

        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified)
            {
                entry.Entity.IncrementVersion();
            }
        }
    }
}
