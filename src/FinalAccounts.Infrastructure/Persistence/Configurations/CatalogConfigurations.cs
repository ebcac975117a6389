using FinalAccounts.Infrastructure.Catalogs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinalAccounts.Infrastructure.Persistence.Configurations;

internal sealed class CatalogVersionConfiguration : IEntityTypeConfiguration<CatalogVersionRecord>
{
    public void Configure(EntityTypeBuilder<CatalogVersionRecord> builder)
    {
        builder.ToTable("catalog_versions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.Kind).HasMaxLength(20).IsRequired();
        builder.Property(v => v.CreatedBy).HasMaxLength(256).IsRequired();
        builder.Property(v => v.Source).HasMaxLength(300).IsRequired();
        // Two imports at once cannot both become version N: the second fails and is told to retry.
        builder.HasIndex(v => new { v.Year, v.Kind, v.Version }).IsUnique();
    }
}

internal sealed class CatalogEntryConfiguration : IEntityTypeConfiguration<CatalogEntryRecord>
{
    public void Configure(EntityTypeBuilder<CatalogEntryRecord> builder)
    {
        builder.ToTable("catalog_entries");
        builder.HasKey(e => new { e.VersionId, e.Code });
        builder.Property(e => e.Code).HasMaxLength(20);
        builder.Property(e => e.Name).HasMaxLength(200).IsRequired();
        builder.HasOne<CatalogVersionRecord>().WithMany().HasForeignKey(e => e.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CatalogMappingConfiguration : IEntityTypeConfiguration<CatalogMappingRecord>
{
    public void Configure(EntityTypeBuilder<CatalogMappingRecord> builder)
    {
        builder.ToTable("catalog_mappings");
        builder.HasKey(m => new { m.FromYear, m.ToYear, m.Kind, m.FromCode, m.ToCode });
        builder.Property(m => m.Kind).HasMaxLength(20);
        builder.Property(m => m.FromCode).HasMaxLength(20);
        builder.Property(m => m.ToCode).HasMaxLength(20);
    }
}
