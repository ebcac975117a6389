using FinalAccounts.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinalAccounts.Infrastructure.Persistence.Configurations;

internal sealed class JobRecordConfiguration : IEntityTypeConfiguration<JobRecord>
{
    public void Configure(EntityTypeBuilder<JobRecord> builder)
    {
        builder.ToTable("jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Id).ValueGeneratedNever();
        builder.Property(j => j.Kind).HasMaxLength(32).IsRequired();
        builder.Property(j => j.Parameters).IsRequired();
        builder.Property(j => j.Region).HasMaxLength(200).IsRequired();
        builder.Property(j => j.RequestedBy).HasMaxLength(256).IsRequired();
        builder.Property(j => j.State).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.Property(j => j.ClaimedBy).HasMaxLength(200);
        builder.Ignore(j => j.Percent);
        // The claim query looks for queued jobs and running ones whose lease ran out, oldest first.
        builder.HasIndex(j => new { j.State, j.LeaseUntilMs }).HasDatabaseName("IX_jobs_State_LeaseUntilMs");
    }
}
