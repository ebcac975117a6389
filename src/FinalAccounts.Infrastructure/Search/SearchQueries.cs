using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Search;
using FinalAccounts.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Infrastructure.Search;

/// <summary>What a reader asks: text (name, alias, code, region, or words of a 情况说明) and filters that combine.</summary>
public sealed record SearchRequest(string? Query, string? Region = null, int? Year = null, string? Level = null)
{
    public string? Text => string.IsNullOrWhiteSpace(Query) ? null : Query.Trim();
}

/// <summary>A department whose name, alias, code or region matches (or every department the filters leave, when browsing).</summary>
public sealed record DepartmentHit(string Code, string Name, IReadOnlyList<string> Aliases, string Region, string Level, bool Synthetic, IReadOnlyList<int> PublishedYears);

/// <summary>A paragraph of a published 情况说明 holding every term of the query.</summary>
public sealed record ParagraphHit(
    string Code, string Department, string Region, string Level, bool Synthetic, int FiscalYear, int Revision,
    int SectionOrder, string Heading, bool ExactPhrase, IReadOnlyList<SnippetPart> Snippet);

/// <summary>The values the filters offer: regions, years with a published report, levels.</summary>
public sealed record SearchFacets(IReadOnlyList<string> Regions, IReadOnlyList<int> Years, IReadOnlyList<string> Levels);

public sealed record SearchResult(IReadOnlyList<DepartmentHit> Departments, IReadOnlyList<ParagraphHit> Paragraphs, bool MoreParagraphs, SearchFacets Facets);

/// <summary>
/// Search and browse for the home page and <c>GET /api/search</c> (ADR 0025). Reads only: published revisions through
/// the full-text index (which holds nothing else), departments by name, alias, code or region.
/// </summary>
public sealed class SearchQueries(IDbContextFactory<FinalAccountsDbContext> contexts)
{
    /// <summary>At most this many paragraphs are returned (best first); the page says when there are more.</summary>
    public const int MaxParagraphs = 50;

    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var departments = db.Departments.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(request.Region))
        {
            var region = request.Region.Trim();
            departments = departments.Where(d => d.Region.StartsWith(region));
        }

        if (!string.IsNullOrWhiteSpace(request.Level))
        {
            var level = request.Level.Trim();
            departments = departments.Where(d => d.Level == level);
        }

        if (request.Year is { } year)
        {
            departments = departments.Where(d => db.Reports.Any(r => r.DepartmentId == d.Id && r.FiscalYear == year && r.Status == ReportStatus.Published));
        }

        var text = request.Text;
        var named = text is null
            ? departments
            : departments.Where(d => d.Name.Contains(text) || d.Code.Contains(text) || d.Region.Contains(text) || d.Aliases.Any(a => a.Name.Contains(text)));
        var found = await named.OrderBy(d => d.Region).ThenBy(d => d.Name).ToListAsync(cancellationToken);
        var ids = found.Select(d => d.Id).ToList();
        var years = (await db.Reports.AsNoTracking()
            .Where(r => ids.Contains(r.DepartmentId) && r.Status == ReportStatus.Published)
            .Select(r => new { r.DepartmentId, r.FiscalYear })
            .Distinct()
            .ToListAsync(cancellationToken)).ToLookup(y => y.DepartmentId, y => y.FiscalYear);
        var departmentHits = found.Select(d => new DepartmentHit(
            d.Code, d.Name, d.Aliases.Select(a => a.Name).ToList(), d.Region, d.Level, d.Synthetic, years[d.Id].OrderDescending().ToList())).ToList();

        var (paragraphs, more) = text is null ? ([], false) : await ParagraphsAsync(db, departments, text, request.Year, cancellationToken);
        return new SearchResult(departmentHits, paragraphs, more, await FacetsAsync(db, cancellationToken));
    }

    private static async Task<(IReadOnlyList<ParagraphHit>, bool)> ParagraphsAsync(
        FinalAccountsDbContext db, IQueryable<Domain.Departments.Department> departments, string text, int? year, CancellationToken cancellationToken)
    {
        var terms = SearchTerms.Of(text);
        if (terms.Count == 0)
        {
            return ([], false);
        }

        // Bigrams and letter/digit runs are looked up in the index (every one must occur: AND); a lone CJK character of
        // the query is a unigram the index only has where the text has it alone, so it is matched in the text instead.
        var indexed = terms.Where(t => !(t.Length == 1 && SearchTerms.IsCjk(t[0]))).ToList();
        var single = terms.Except(indexed).ToList();
        var paragraphs = db.SearchParagraphs.AsNoTracking();
        if (indexed.Count > 0)
        {
            var count = indexed.Count;
            var matching = db.SearchTerms.Where(t => indexed.Contains(t.Term)).GroupBy(t => t.ParagraphId).Where(g => g.Count() == count).Select(g => g.Key);
            paragraphs = paragraphs.Where(p => matching.Contains(p.Id));
        }

        foreach (var character in single)
        {
            paragraphs = paragraphs.Where(p => p.Text.Contains(character));
        }

        if (year is { } y)
        {
            paragraphs = paragraphs.Where(p => p.FiscalYear == y);
        }

        // Only a published revision's rows are ever written; the join keeps that true even mid-correction.
        var rows = await (
                from p in paragraphs
                join r in db.Reports on p.ReportId equals r.Id
                join d in departments on p.DepartmentId equals d.Id
                where r.Status == ReportStatus.Published
                orderby p.FiscalYear descending, d.Region, d.Name, p.SectionOrder, p.Ordinal
                select new { p.ReportId, d.Code, d.Name, d.Region, d.Level, d.Synthetic, p.FiscalYear, r.Revision, p.SectionOrder, p.Ordinal, p.Heading, p.Text })
            .Take(MaxParagraphs * 4)
            .ToListAsync(cancellationToken);
        // A paragraph indexed twice (a publication racing another node's start-up catch-up) is listed once.
        rows = rows.DistinctBy(r => (r.ReportId, r.SectionOrder, r.Ordinal)).ToList();
        var phrase = SearchTerms.Normalize(text);
        var hits = rows
            .Select(r => new ParagraphHit(r.Code, r.Name, r.Region, r.Level, r.Synthetic, r.FiscalYear, r.Revision, r.SectionOrder, r.Heading,
                SearchTerms.Normalize(r.Text).Contains(phrase, StringComparison.Ordinal), SearchTerms.Snippet(r.Text, text)))
            .OrderByDescending(h => h.ExactPhrase) // stable: the year/department order stays within each group
            .ToList();
        return (hits.Take(MaxParagraphs).ToList(), hits.Count > MaxParagraphs);
    }

    private static async Task<SearchFacets> FacetsAsync(FinalAccountsDbContext db, CancellationToken cancellationToken)
    {
        var regions = await db.Departments.AsNoTracking().Select(d => d.Region).Distinct().ToListAsync(cancellationToken);
        var levels = await db.Departments.AsNoTracking().Select(d => d.Level).Distinct().ToListAsync(cancellationToken);
        var years = await db.Reports.AsNoTracking().Where(r => r.Status == ReportStatus.Published).Select(r => r.FiscalYear).Distinct().ToListAsync(cancellationToken);
        // Regions as departments have them; the filter matches by prefix, so a province's region takes in its cities'.
        return new SearchFacets(
            regions.Order(StringComparer.Ordinal).ToList(),
            years.OrderDescending().ToList(),
            levels.Order(StringComparer.Ordinal).ToList());
    }
}
