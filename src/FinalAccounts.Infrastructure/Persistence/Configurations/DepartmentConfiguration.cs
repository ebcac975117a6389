using FinalAccounts.Domain.Departments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinalAccounts.Infrastructure.Persistence.Configurations;

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        builder.ToTable("departments");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Code).HasMaxLength(64).IsRequired();
        builder.HasIndex(d => d.Code).IsUnique();
        builder.Property(d => d.Name).HasMaxLength(200).IsRequired();
        builder.Property(d => d.Region).HasMaxLength(100).IsRequired();
        builder.Property(d => d.Level).HasMaxLength(50).IsRequired();
        builder.Property(d => d.Duties).IsRequired();
        builder.Property(d => d.Version).IsConcurrencyToken();

        builder.OwnsMany(d => d.Aliases, alias =>
        {
            alias.ToTable("department_aliases");
            alias.WithOwner().HasForeignKey("DepartmentId");
            alias.Property(a => a.Name).HasMaxLength(200);
            alias.HasKey("DepartmentId", nameof(DepartmentAlias.Name));
        });
        builder.Navigation(d => d.Aliases).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.OwnsMany(d => d.Units, unit =>
        {
            unit.ToTable("department_units");
            unit.WithOwner().HasForeignKey("DepartmentId");
            unit.Property(u => u.Seq).HasMaxLength(10);
            unit.Property(u => u.Name).HasMaxLength(200).IsRequired();
            unit.Property(u => u.BudgetLevel).HasMaxLength(50).IsRequired();
            unit.HasKey("DepartmentId", nameof(BudgetUnit.Seq));
        });
        builder.Navigation(d => d.Units).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
