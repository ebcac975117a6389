using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinalAccounts.Infrastructure.Persistence.Configurations;

internal sealed class StoredReconciliationConfiguration : IEntityTypeConfiguration<StoredReconciliation>
{
    public void Configure(EntityTypeBuilder<StoredReconciliation> builder)
    {
        builder.ToTable("reconciliations");
        builder.HasKey(r => r.ReportId);
        builder.Property(r => r.ReportId).ValueGeneratedNever();
        builder.HasOne<Report>().WithOne().HasForeignKey<StoredReconciliation>(r => r.ReportId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.DataHash).HasMaxLength(64).IsRequired();
        builder.Property(r => r.RuleSetVersion).HasMaxLength(32).IsRequired();
        builder.Property(r => r.ResultJson).IsRequired();
    }
}
