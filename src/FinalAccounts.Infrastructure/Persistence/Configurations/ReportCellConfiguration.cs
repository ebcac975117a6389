using FinalAccounts.Domain.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinalAccounts.Infrastructure.Persistence.Configurations;

internal sealed class ReportCellConfiguration : IEntityTypeConfiguration<ReportCell>
{
    public void Configure(EntityTypeBuilder<ReportCell> builder)
    {
        builder.ToTable("report_cells");
        builder.Property<Guid>("ReportId");
        builder.HasKey("ReportId", nameof(ReportCell.TableNo), nameof(ReportCell.RowKey), nameof(ReportCell.Column));
        builder.Property(c => c.TableNo).HasMaxLength(4);
        builder.Property(c => c.RowKey).HasMaxLength(20);
        builder.Property(c => c.Value).HasPrecision(18, 2);
        builder.Ignore(c => c.Address);
    }
}
