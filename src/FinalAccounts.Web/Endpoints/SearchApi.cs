using FinalAccounts.Infrastructure.Search;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FinalAccounts.Web.Endpoints;

/// <summary>GET /api/search: the home page's search as JSON (public, read-only, any site may read it).</summary>
public static class SearchApi
{
    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/search", SearchAsync)
            .WithTags("公开数据 Public data")
            .RequireCors(OpenDataApi.CorsPolicy)
            .WithSummary("按部门名称、别名、地区、年度、级次和情况说明全文搜索 / Search departments and the published 情况说明")
            .WithDescription("q 匹配部门名称、别名、编码、地区，并按中文双字（bigram）检索已公开决算的情况说明全文（所有词都须出现）；region 按地区前缀筛选，year 为年度，level 为级次，条件同时生效。")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task<Results<Ok<SearchResultDto>, ProblemHttpResult>> SearchAsync(
        SearchQueries search, string? q, string? region, int? year, string? level, CancellationToken cancellationToken)
    {
        if (q?.Length > 200)
        {
            return TypedResults.Problem(title: "数据有误", detail: "搜索词不能超过 200 个字符。", statusCode: StatusCodes.Status400BadRequest);
        }

        var result = await search.SearchAsync(new SearchRequest(q, region, year, level), cancellationToken);
        return TypedResults.Ok(SearchResultDto.From(result));
    }
}

public sealed record SearchDepartmentDto(string Code, string Name, IReadOnlyList<string> Aliases, string Region, string Level, bool Synthetic, IReadOnlyList<int> Years, string Page);

/// <summary>A matched paragraph: <c>snippet</c> as plain text and as parts with the matched ones flagged.</summary>
public sealed record SearchParagraphDto(
    string Code, string Department, string Region, string Level, bool Synthetic, int FiscalYear, int Revision, string Heading,
    bool ExactPhrase, string Snippet, IReadOnlyList<SearchSnippetPartDto> Parts, string Page);

public sealed record SearchSnippetPartDto(string Text, bool Match);

public sealed record SearchFacetsDto(IReadOnlyList<string> Regions, IReadOnlyList<int> Years, IReadOnlyList<string> Levels);

public sealed record SearchResultDto(IReadOnlyList<SearchDepartmentDto> Departments, IReadOnlyList<SearchParagraphDto> Paragraphs, bool MoreParagraphs, SearchFacetsDto Facets)
{
    public static SearchResultDto From(SearchResult result) => new(
        result.Departments.Select(d => new SearchDepartmentDto(d.Code, d.Name, d.Aliases, d.Region, d.Level, d.Synthetic, d.PublishedYears,
            $"/departments/{Uri.EscapeDataString(d.Code)}")).ToList(),
        result.Paragraphs.Select(p => new SearchParagraphDto(p.Code, p.Department, p.Region, p.Level, p.Synthetic, p.FiscalYear, p.Revision, p.Heading,
            p.ExactPhrase, string.Concat(p.Snippet.Select(s => s.Text)), p.Snippet.Select(s => new SearchSnippetPartDto(s.Text, s.Match)).ToList(),
            $"/reports/{Uri.EscapeDataString(p.Code)}/{p.FiscalYear}#part-narrative")).ToList(),
        result.MoreParagraphs,
        new SearchFacetsDto(result.Facets.Regions, result.Facets.Years, result.Facets.Levels));
}
