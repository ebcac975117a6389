using FinalAccounts.Domain.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinalAccounts.Infrastructure.Persistence.Configurations;

internal sealed class TemplateSetUploadConfiguration : IEntityTypeConfiguration<TemplateSetUpload>
{
    public void Configure(EntityTypeBuilder<TemplateSetUpload> builder)
    {
        builder.ToTable("template_set_uploads");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).HasMaxLength(64).ValueGeneratedNever();
        builder.Property(u => u.Version).HasMaxLength(32);
        builder.Property(u => u.Name).HasMaxLength(200);
        builder.Property(u => u.UploadedBy).HasMaxLength(256);
        builder.Property(u => u.ActivatedBy).HasMaxLength(256);
        builder.Ignore(u => u.IsActive);
    }
}
