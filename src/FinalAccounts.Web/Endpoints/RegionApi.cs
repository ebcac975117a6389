using FinalAccounts.Application.Regions;
using FinalAccounts.Domain.Regions;
using FinalAccounts.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FinalAccounts.Web.Endpoints;

/// <summary>
/// The region tree (ADR 0023): public reading (a department's region is one of its full paths), administrators add and
/// rename. Codes are 6-digit 行政区划代码; the level follows from the code (xx0000 省, xxyy00 市, else 县).
/// </summary>
public static class RegionApi
{
    public static IEndpointRouteBuilder MapRegionApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/regions", ReadTree).WithTags("公开数据 Public data").RequireCors(OpenDataApi.CorsPolicy)
            .WithSummary("区划树（省 → 市 → 县）：代码、名称、级别、全称（部门的地区即全称）、是否演示数据 / The region tree");
        app.MapPut("/api/regions/{code}", Save).WithTags("管理 Administration").RequireAuthorization()
            .WithSummary("添加或改名区划（管理员；{\"name\",\"level\":\"省|市|县\",\"parentCode\",\"synthetic\"}；改名时下级区划和部门的地区随之更新）/ Add or rename a region (admin)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Ok<List<RegionNodeDto>>> ReadTree(ManageRegions useCase, CancellationToken cancellationToken)
    {
        var tree = await useCase.TreeAsync(cancellationToken);
        return TypedResults.Ok(tree.Roots.Select(r => RegionNodeDto.From(tree, r)).ToList());
    }

    private static async Task<Results<Ok<RegionSavedDto>, Created<RegionSavedDto>, ProblemHttpResult>> Save(string code, RegionRequest request, ManageRegions useCase, HttpContext context)
    {
        var result = await useCase.SaveAsync(AuthSetup.CallerOf(context), code, request.Name, request.Level, request.ParentCode, request.Synthetic ?? false, context.RequestAborted);
        if (!result.IsSuccess)
        {
            return ApiProblems.From(result.Errors);
        }

        var saved = result.Value;
        var dto = new RegionSavedDto(RegionDto.From(saved.Region), saved.RegionsRenamed, saved.DepartmentsMoved);
        return saved.Added ? TypedResults.Created($"/api/regions/{saved.Region.Code}", dto) : TypedResults.Ok(dto);
    }
}

/// <summary>An add or rename: the name; level and parent may be left out (they follow from the code) and cannot change.</summary>
public sealed record RegionRequest(string? Name, string? Level, string? ParentCode, bool? Synthetic);

/// <summary>A region: code, name, level (省/市/县), parent's code, full path (what a department's region names), demo data or not.</summary>
public sealed record RegionDto(string Code, string Name, string Level, string? ParentCode, string FullName, bool Synthetic)
{
    public static RegionDto From(Region r) => new(r.Code, r.Name, Region.LevelName(r.Level), r.ParentCode, r.FullName, r.Synthetic);
}

/// <summary>A region with the regions below it.</summary>
public sealed record RegionNodeDto(string Code, string Name, string Level, string? ParentCode, string FullName, bool Synthetic, IReadOnlyList<RegionNodeDto> Children)
{
    public static RegionNodeDto From(RegionTree tree, Region r) =>
        new(r.Code, r.Name, Region.LevelName(r.Level), r.ParentCode, r.FullName, r.Synthetic, tree.Children(r.Code).Select(c => From(tree, c)).ToList());
}

/// <summary>What a save did: the region, and how many regions below and departments took the new path on a rename.</summary>
public sealed record RegionSavedDto(RegionDto Region, int RegionsRenamed, int DepartmentsMoved);
