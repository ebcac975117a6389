using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Accounts;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Infrastructure.Persistence;

public sealed class FinalAccountsDbContext(DbContextOptions<FinalAccountsDbContext> options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
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
    public DbSet<Jobs.JobRecord> Jobs => Set<Jobs.JobRecord>();
    public DbSet<Reports.ArchivedPack> ArchivedPacks => Set<Reports.ArchivedPack>();
    public DbSet<Nodes.NodeHeartbeat> Nodes => Set<Nodes.NodeHeartbeat>();
    public DbSet<Domain.Templates.TemplateSetUpload> TemplateSetUploads => Set<Domain.Templates.TemplateSetUpload>();
    public DbSet<Catalogs.CatalogVersionRecord> CatalogVersions => Set<Catalogs.CatalogVersionRecord>();
    public DbSet<Catalogs.CatalogEntryRecord> CatalogEntries => Set<Catalogs.CatalogEntryRecord>();
    public DbSet<Catalogs.CatalogMappingRecord> CatalogMappings => Set<Catalogs.CatalogMappingRecord>();
    public DbSet<Domain.Regions.Region> Regions => Set<Domain.Regions.Region>();
    public DbSet<Search.SearchParagraph> SearchParagraphs => Set<Search.SearchParagraph>();
    public DbSet<Search.SearchTermRecord> SearchTerms => Set<Search.SearchTermRecord>();

    /// <summary>ASP.NET Core data-protection keys, shared by every node so cookies and antiforgery tokens work on all of them.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder); // Identity's tables
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FinalAccountsDbContext).Assembly);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var detecting = BeforeSave();
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detecting;
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var detecting = BeforeSave();
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detecting;
        }
    }

    /// <summary>
    /// Detects changes once (a report brings ~1,000 tracked cells; every <c>Entries()</c> call would scan them all
    /// again), then checks text lengths and bumps versions; the save itself then skips detection.
    /// </summary>
    private bool BeforeSave()
    {
        ChangeTracker.DetectChanges();
        var detecting = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            CheckTextLengths();
            BumpVersions();
        }
        catch
        {
            ChangeTracker.AutoDetectChangesEnabled = detecting;
            throw;
        }

        return detecting;
    }

    /// <summary>
    /// Text longer than its column is refused before anything is written, the same way on both databases (SQLite
    /// would store it, PostgreSQL fail with 22001): a clear error naming the field instead of a 500 or a silent difference.
    /// </summary>
    private void CheckTextLengths()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is string text && property.Metadata.GetMaxLength() is { } max && text.Length > max)
                {
                    throw new TextTooLongException(entry.Metadata.ClrType.Name, property.Metadata.Name, max, text.Length);
                }
            }
        }
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
                // Changes were detected before this: mark the new version to be written (the WHERE keeps the old one).
                entry.Property(nameof(IVersioned.Version)).IsModified = true;
            }
        }
    }
}

/// <summary>A text longer than its column allows; nothing was written.</summary>
public sealed class TextTooLongException(string entity, string property, int maxLength, int length)
    : Exception($"{entity}.{property}: {length} characters, at most {maxLength}")
{
    public string Field { get; } = property;
    public int MaxLength { get; } = maxLength;
    public int Length { get; } = length;
}
