using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinalAccounts.Infrastructure.Persistence.Configurations;

internal sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> builder)
    {
        builder.ToTable("reports");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasOne<Department>().WithMany().HasForeignKey(r => r.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.DepartmentId, r.FiscalYear, r.Revision }).IsUnique();
        builder.Property(r => r.TemplateSetId).HasMaxLength(64).IsRequired();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20).IsRequired();
        builder.Property(r => r.NameInHeaders).HasMaxLength(200).IsRequired();
        builder.Property(r => r.Duties).IsRequired();
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Property(r => r.RevisionNote);

        builder.OwnsOne(r => r.Staff, staff =>
        {
            staff.Property(s => s.Active).HasColumnName("StaffActive");
            staff.Property(s => s.Retired).HasColumnName("StaffRetired");
            staff.Property(s => s.Other).HasColumnName("StaffOther");
            staff.Property(s => s.RetiredPaidByPensionFund).HasColumnName("StaffRetiredPaidByPensionFund");
        });
        builder.Navigation(r => r.Staff).IsRequired();

        builder.OwnsMany(r => r.Units, unit =>
        {
            unit.ToTable("report_units");
            unit.WithOwner().HasForeignKey("ReportId");
            unit.Property(u => u.Seq).HasMaxLength(10);
            unit.Property(u => u.Name).HasMaxLength(200).IsRequired();
            unit.Property(u => u.BudgetLevel).HasMaxLength(50).IsRequired();
            unit.HasKey("ReportId", nameof(BudgetUnit.Seq));
        });
        builder.Navigation(r => r.Units).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.OwnsMany(r => r.Narrative, section =>
        {
            section.ToTable("report_narrative_sections");
            section.WithOwner().HasForeignKey("ReportId");
            section.Property(s => s.Order).ValueGeneratedNever(); // the order is given, not generated
            section.Property(s => s.Heading).HasMaxLength(200).IsRequired();
            section.Property(s => s.Text).IsRequired();
            section.HasKey("ReportId", nameof(NarrativeSection.Order));
        });
        builder.Navigation(r => r.Narrative).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.OwnsMany(r => r.Glossary, term =>
        {
            term.ToTable("report_glossary_terms");
            term.WithOwner().HasForeignKey("ReportId");
            term.Property(t => t.Order).ValueGeneratedNever();
            term.Property(t => t.Term).HasMaxLength(200).IsRequired();
            term.Property(t => t.Definition).IsRequired();
            term.HasKey("ReportId", nameof(GlossaryTerm.Order));
        });
        builder.Navigation(r => r.Glossary).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.OwnsMany(r => r.NarrativeInputs, input =>
        {
            input.ToTable("report_narrative_inputs");
            input.WithOwner().HasForeignKey("ReportId");
            input.Property(i => i.Key).HasMaxLength(100);
            input.Property(i => i.Value).HasPrecision(18, 4); // 自评总分 and rates may carry more than two decimals
            input.HasKey("ReportId", nameof(NarrativeInputValue.Key));
        });
        builder.Navigation(r => r.NarrativeInputs).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.OwnsOne(r => r.Performance, performance =>
        {
            // One JSON document per report (ADR 0017): read and replaced whole, versioned with the report.
            performance.ToTable("report_performance");
            performance.WithOwner().HasForeignKey("ReportId");
            performance.HasKey("ReportId");
            performance.Property(p => p.Document).IsRequired();
        });

        builder.OwnsMany(r => r.TableNotes, note =>
        {
            note.ToTable("report_table_notes");
            note.WithOwner().HasForeignKey("ReportId");
            note.Property(n => n.TableNo).HasMaxLength(10);
            note.Property(n => n.Text).IsRequired();
            note.HasKey("ReportId", nameof(ReportTableNote.TableNo));
        });
        builder.Navigation(r => r.TableNotes).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.OwnsMany(r => r.Explanations, explanation =>
        {
            explanation.ToTable("report_explanations");
            explanation.WithOwner().HasForeignKey("ReportId");
            explanation.Property(e => e.RuleId).HasMaxLength(20);
            explanation.Property(e => e.Text).IsRequired();
            explanation.HasKey("ReportId", nameof(ReportExplanation.RuleId));
        });
        builder.Navigation(r => r.Explanations).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.OwnsMany(r => r.Comments, comment =>
        {
            comment.ToTable("report_comments");
            comment.WithOwner().HasForeignKey("ReportId");
            comment.Property(c => c.Order).ValueGeneratedNever();
            comment.Property(c => c.Author).HasMaxLength(256).IsRequired();
            comment.Property(c => c.Text).IsRequired();
            comment.Property(c => c.TableNo).HasMaxLength(4);
            comment.Property(c => c.RowKey).HasMaxLength(20);
            comment.HasKey("ReportId", nameof(ReviewComment.Order));
        });
        builder.Navigation(r => r.Comments).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.OwnsMany(r => r.PrintedNames, name =>
        {
            name.ToTable("report_printed_code_names");
            name.WithOwner().HasForeignKey("ReportId");
            name.Property(n => n.TableNo).HasMaxLength(4);
            name.Property(n => n.Code).HasMaxLength(20);
            name.Property(n => n.Name).HasMaxLength(200).IsRequired();
            name.HasKey("ReportId", nameof(PrintedCodeName.TableNo), nameof(PrintedCodeName.Code));
        });
        builder.Navigation(r => r.PrintedNames).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.HasMany(r => r.Cells).WithOne().HasForeignKey("ReportId").OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Cells).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
