using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinalAccounts.Infrastructure.Persistence.Configurations;

internal sealed class ArchivedPackConfiguration : IEntityTypeConfiguration<ArchivedPack>
{
    public void Configure(EntityTypeBuilder<ArchivedPack> builder)
    {
        builder.ToTable("report_packs");
        builder.HasKey(p => p.ReportId);
        builder.Property(p => p.ReportId).ValueGeneratedNever();
        builder.HasOne<Report>().WithOne().HasForeignKey<ArchivedPack>(p => p.ReportId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(p => p.Sha256).HasMaxLength(64).IsRequired();
        builder.Property(p => p.Zip).IsRequired();
        builder.Property(p => p.BuiltBy).HasMaxLength(200).IsRequired();
    }
}
