using FinalAccounts.Infrastructure.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinalAccounts.Infrastructure.Persistence.Configurations;

internal sealed class NodeHeartbeatConfiguration : IEntityTypeConfiguration<NodeHeartbeat>
{
    public void Configure(EntityTypeBuilder<NodeHeartbeat> builder)
    {
        builder.ToTable("nodes");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).HasMaxLength(200).ValueGeneratedNever();
    }
}
