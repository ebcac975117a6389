using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Search;
using FinalAccounts.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FinalAccounts.Infrastructure.Search;

/// <summary>
/// Keeps the full-text index of published 情况说明 (ADR 0025): written when a revision is published (and at start-up
/// for published revisions it lacks), never on a read. The index lives in the shared database, so every node answers
/// the same.
/// </summary>
public sealed class SearchIndex(IDbContextFactory<FinalAccountsDbContext> contexts, ILogger<SearchIndex> logger)
{
    /// <summary>
    /// Adds the paragraphs and terms of a published revision to the context (saved with the caller's other changes).
    /// The caller removes an earlier revision's rows first (<see cref="IndexAsync"/> does).
    /// </summary>
    public static int Stage(FinalAccountsDbContext db, Report report)
    {
        var count = 0;
        foreach (var section in report.Narrative.OrderBy(s => s.Order))
        {
            var ordinal = 0;
            foreach (var text in SearchTerms.Paragraphs(section.Text))
            {
                var paragraph = new SearchParagraph(report.Id, report.DepartmentId, report.FiscalYear, section.Order, Cut(section.Heading, 200), ++ordinal, text);
                db.SearchParagraphs.Add(paragraph);
                db.SearchTerms.AddRange(SearchTerms.Of(text).Select(term => new SearchTermRecord(term, paragraph.Id)));
                count++;
            }
        }

        return count;
    }

    /// <summary>Indexes a published revision in place of any other revision of its department-year, in one transaction.</summary>
    public async Task IndexAsync(Guid reportId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var report = await db.Reports.AsNoTracking().SingleOrDefaultAsync(r => r.Id == reportId, cancellationToken);
        if (report is not { Status: ReportStatus.Published })
        {
            return;
        }

        // Saving changes is one transaction already; the delete joins it through an explicit one.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SearchTerms.Where(t => db.SearchParagraphs.Any(p => p.Id == t.ParagraphId && p.DepartmentId == report.DepartmentId && p.FiscalYear == report.FiscalYear))
            .ExecuteDeleteAsync(cancellationToken);
        await db.SearchParagraphs.Where(p => p.DepartmentId == report.DepartmentId && p.FiscalYear == report.FiscalYear).ExecuteDeleteAsync(cancellationToken);
        var count = Stage(db, report);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Search index: {Count} paragraphs of report {Report}", count, reportId);
    }

    /// <summary>At start-up: the latest published revision of every department-year that has a 情况说明 but no index rows.</summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var missing = await db.Reports.AsNoTracking()
            .Where(r => r.Status == ReportStatus.Published && r.Narrative.Any())
            .Where(r => !db.Reports.Any(o => o.DepartmentId == r.DepartmentId && o.FiscalYear == r.FiscalYear && o.Status == ReportStatus.Published && o.Revision > r.Revision))
            .Where(r => !db.SearchParagraphs.Any(p => p.ReportId == r.Id))
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);
        foreach (var id in missing)
        {
            await IndexAsync(id, cancellationToken);
        }
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}
