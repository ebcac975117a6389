using FinalAccounts.Domain.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinalAccounts.Infrastructure.Persistence.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.UserName).HasMaxLength(256).IsRequired();
        builder.Property(a => a.Address).HasMaxLength(64).IsRequired();
        builder.Property(a => a.Action).HasMaxLength(40).IsRequired();
        builder.Property(a => a.Detail).IsRequired();
        builder.Property(a => a.DepartmentCode).HasMaxLength(64);
        builder.Property(a => a.TableNo).HasMaxLength(4);
        builder.Property(a => a.RowKey).HasMaxLength(20);
        builder.Property(a => a.OldValue).HasMaxLength(40);
        builder.Property(a => a.NewValue).HasMaxLength(40);
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => a.ReportId);
        builder.HasIndex(a => a.UserName);
    }
}
