using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Search;
using FinalAccounts.Infrastructure.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinalAccounts.Infrastructure.Persistence.Configurations;

internal sealed class SearchParagraphConfiguration : IEntityTypeConfiguration<SearchParagraph>
{
    public void Configure(EntityTypeBuilder<SearchParagraph> builder)
    {
        builder.ToTable("search_paragraphs");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.HasOne<Report>().WithMany().HasForeignKey(p => p.ReportId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.ReportId);
        builder.HasIndex(p => new { p.DepartmentId, p.FiscalYear });
        builder.Property(p => p.Heading).HasMaxLength(200).IsRequired();
        builder.Property(p => p.Text).IsRequired();
    }
}

internal sealed class SearchTermConfiguration : IEntityTypeConfiguration<SearchTermRecord>
{
    public void Configure(EntityTypeBuilder<SearchTermRecord> builder)
    {
        builder.ToTable("search_terms");
        // Term first: the lookup is by term; the paragraph index serves the cascade.
        builder.HasKey(t => new { t.Term, t.ParagraphId });
        builder.Property(t => t.Term).HasMaxLength(SearchTerms.MaxLength);
        builder.HasOne<SearchParagraph>().WithMany().HasForeignKey(t => t.ParagraphId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => t.ParagraphId);
    }
}
