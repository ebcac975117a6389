using FinalAccounts.Domain.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinalAccounts.Infrastructure.Persistence.Configurations;

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> builder)
    {
        builder.ToTable("regions");
        builder.HasKey(r => r.Code);
        builder.Property(r => r.Code).HasMaxLength(6).ValueGeneratedNever();
        builder.Property(r => r.Name).HasMaxLength(50).IsRequired();
        builder.Property(r => r.Level).IsRequired();
        builder.Property(r => r.ParentCode).HasMaxLength(6);
        builder.Property(r => r.FullName).HasMaxLength(100).IsRequired();
        // A department's region string names one region: the full path is unique.
        builder.HasIndex(r => r.FullName).IsUnique();
        builder.HasIndex(r => r.ParentCode);
    }
}
