using FinalAccounts.Application.Catalogs;
using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Infrastructure.Catalogs;
using FinalAccounts.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FinalAccounts.Web.Endpoints;

/// <summary>
/// 科目目录 (ADR 0019): versions per year and kind, import with preview (CSV <c>code,name</c> or the ministry's .xlsx),
/// codes entered as printed awaiting confirmation, and year-to-year mappings. Reading needs a signed-in caller;
/// every change is for administrators, audited, and in effect on every node without a restart.
/// </summary>
public static class CatalogApi
{
    public const string CsvContentType = "text/csv";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var catalogs = app.MapGroup("/api/catalogs").WithTags("科目目录 Catalogues").RequireAuthorization();
        catalogs.MapGet("", List).WithSummary("列出各年度、各类别的科目目录及其版本 / List catalogues (years × kinds) with their versions");
        catalogs.MapGet("/unconfirmed", Unconfirmed).WithSummary("列出填报人按印制名称填报、目录中没有的科目（管理员）/ Codes entered as printed awaiting confirmation (admin)");
        catalogs.MapGet("/{year:int}/{kind}", Read).WithSummary("读取一个年度一个类别的科目（?version= 指定版本，缺省为当前版本）/ Read a catalogue's codes")
            .ProducesProblem(StatusCodes.Status404NotFound);
        catalogs.MapPut("/{year:int}/{kind}", Import)
            .WithSummary("导入科目目录，成为新的当前版本（管理员；请求体 text/csv 表头 code,name，或 .xlsx 第一个工作表的科目编码、科目名称列；有任何错误则不写入）/ Import a catalogue as a new version (admin)")
            .Accepts<string>(CsvContentType, XlsxContentType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        catalogs.MapPost("/{year:int}/{kind}/preview", Preview)
            .WithSummary("预览导入：新增、更名、删除的科目及受影响的草稿，不写入（管理员）/ Preview an import: added, renamed, removed codes and affected drafts (admin)")
            .Accepts<string>(CsvContentType, XlsxContentType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        catalogs.MapPost("/{year:int}/{kind}/confirm", Confirm)
            .WithSummary("确认填报的科目：加入目录，成为新版本（管理员；{\"code\",\"name\"}，名称缺省取填报的印制名称）/ Confirm a code entered as printed (admin)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        catalogs.MapGet("/mapping/{fromYear:int}/{toYear:int}", ReadMapping).WithSummary("读取两个年度之间的科目对照（?kind=functional|economic）/ Read a year-to-year code mapping")
            .ProducesProblem(StatusCodes.Status404NotFound);
        catalogs.MapPut("/mapping/{fromYear:int}/{toYear:int}", SaveMapping)
            .WithSummary("保存两个年度之间的科目对照（管理员；text/csv 表头 from_code,to_code，按两个年度的目录核对；?kind=functional|economic）/ Store a year-to-year code mapping (admin)")
            .Accepts<string>(CsvContentType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Ok<List<CatalogSummaryDto>>, ProblemHttpResult>> List(ManageCatalogs useCase, HttpContext context)
    {
        var result = await useCase.ListAsync(AuthSetup.CallerOf(context), context.RequestAborted);
        return result.IsSuccess
            ? TypedResults.Ok(result.Value.GroupBy(v => (v.Year, v.Kind)).Select(g => new CatalogSummaryDto(g.Key.Year, g.Key.Kind, g.First().Version, g.First().Count,
                g.Select(CatalogVersionDto.From).ToList())).ToList())
            : ApiProblems.From(result.Errors);
    }

    private static async Task<Results<Ok<CatalogDto>, ProblemHttpResult>> Read(int year, string kind, int? version, ManageCatalogs useCase, HttpContext context)
    {
        if (Kind(kind) is not { } parsed)
        {
            return UnknownKind(kind);
        }

        var result = await useCase.ReadAsync(AuthSetup.CallerOf(context), year, parsed, version, context.RequestAborted);
        if (!result.IsSuccess)
        {
            return ApiProblems.From(result.Errors);
        }

        var (record, catalog) = result.Value;
        var levels = ClassificationCode.LevelsOf(parsed);
        return TypedResults.Ok(new CatalogDto(year, CatalogKinds.ToText(parsed), CatalogVersionDto.From(record),
            catalog.Entries.Select(e => new CatalogCodeDto(e.Key, e.Value, ClassificationCode.LevelName(ClassificationCode.LevelOf(e.Key, levels)))).ToList()));
    }

    private static async Task<Results<Ok<CatalogImportedDto>, ProblemHttpResult>> Import(int year, string kind, ManageCatalogs useCase, HttpContext context)
    {
        if (Kind(kind) is not { } parsed)
        {
            return UnknownKind(kind);
        }

        var upload = await UploadAsync(context);
        if (!upload.IsSuccess)
        {
            return ApiProblems.From(upload.Errors);
        }

        var result = await useCase.ImportAsync(AuthSetup.CallerOf(context), year, parsed, upload.Value, context.RequestAborted);
        return result.IsSuccess ? TypedResults.Ok(CatalogImportedDto.From(result.Value)) : ApiProblems.From(result.Errors);
    }

    private static async Task<Results<Ok<CatalogPreviewDto>, ProblemHttpResult>> Preview(int year, string kind, ManageCatalogs useCase, HttpContext context)
    {
        if (Kind(kind) is not { } parsed)
        {
            return UnknownKind(kind);
        }

        var upload = await UploadAsync(context);
        if (!upload.IsSuccess)
        {
            return ApiProblems.From(upload.Errors);
        }

        var result = await useCase.PreviewAsync(AuthSetup.CallerOf(context), year, parsed, upload.Value, context.RequestAborted);
        return result.IsSuccess ? TypedResults.Ok(CatalogPreviewDto.From(result.Value)) : ApiProblems.From(result.Errors);
    }

    private static async Task<Results<Ok<CatalogImportedDto>, ProblemHttpResult>> Confirm(int year, string kind, ConfirmCodeRequest request, ManageCatalogs useCase, HttpContext context)
    {
        if (Kind(kind) is not { } parsed)
        {
            return UnknownKind(kind);
        }

        if (string.IsNullOrWhiteSpace(request.Code))
        {
            return ApiProblems.From([new DomainError("catalog.code_missing", "缺少要确认的科目编码 code", "code")]);
        }

        var result = await useCase.ConfirmAsync(AuthSetup.CallerOf(context), year, parsed, request.Code.Trim(), request.Name, context.RequestAborted);
        return result.IsSuccess ? TypedResults.Ok(CatalogImportedDto.From(result.Value)) : ApiProblems.From(result.Errors);
    }

    private static async Task<Results<Ok<List<UnconfirmedCodeDto>>, ProblemHttpResult>> Unconfirmed(ManageCatalogs useCase, HttpContext context)
    {
        var result = await useCase.UnconfirmedAsync(AuthSetup.CallerOf(context), context.RequestAborted);
        return result.IsSuccess ? TypedResults.Ok(result.Value.Select(UnconfirmedCodeDto.From).ToList()) : ApiProblems.From(result.Errors);
    }

    private static async Task<Results<Ok<CatalogMappingDto>, ProblemHttpResult>> ReadMapping(int fromYear, int toYear, string? kind, CatalogStore store, HttpContext context)
    {
        if (Kind(kind ?? "functional") is not { } parsed)
        {
            return UnknownKind(kind!);
        }

        var mapping = await store.MappingAsync(parsed, fromYear, toYear, context.RequestAborted);
        return TypedResults.Ok(CatalogMappingDto.From(mapping));
    }

    private static async Task<Results<Ok<CatalogMappingDto>, ProblemHttpResult>> SaveMapping(int fromYear, int toYear, string? kind, ManageCatalogs useCase, HttpContext context)
    {
        if (Kind(kind ?? "functional") is not { } parsed)
        {
            return UnknownKind(kind!);
        }

        var upload = await UploadAsync(context);
        if (!upload.IsSuccess)
        {
            return ApiProblems.From(upload.Errors);
        }

        var result = await useCase.SaveMappingAsync(AuthSetup.CallerOf(context), fromYear, toYear, parsed, upload.Value, context.RequestAborted);
        return result.IsSuccess ? TypedResults.Ok(CatalogMappingDto.From(result.Value)) : ApiProblems.From(result.Errors);
    }

    private static ClassificationKind? Kind(string kind) => CatalogKinds.Parse(kind);

    private static ProblemHttpResult UnknownKind(string kind) =>
        ApiProblems.From([new DomainError("catalog.kind_not_found", $"科目类别“{kind}”不存在：应为 functional（支出功能分类）或 economic（支出经济分类）", "kind")]);

    /// <summary>The request body, refused as soon as it passes the catalogue size limit (a chunked upload has no Content-Length).</summary>
    private static async Task<Result<CatalogUpload>> UploadAsync(HttpContext context)
    {
        if (context.Request.ContentLength is { } length && length > CatalogImport.MaxBytes)
        {
            return Result<CatalogUpload>.Failure(CatalogImport.TooLarge(length));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > CatalogImport.MaxBytes)
            {
                return Result<CatalogUpload>.Failure(CatalogImport.TooLarge(buffer.Length + read));
            }

            buffer.Write(chunk, 0, read);
        }

        // The file name, when a client sends one (X-File-Name, URL-encoded), goes into the version's source and the audit log.
        var name = context.Request.Headers["X-File-Name"].ToString();
        var source = name.Length > 0 ? Uri.UnescapeDataString(name) : $"上传的{(buffer.Length >= 2 && buffer.GetBuffer()[0] == (byte)'P' ? " .xlsx" : " CSV")}";
        return Result<CatalogUpload>.Success(new CatalogUpload(buffer.ToArray(), source.Length > 200 ? source[..200] : source));
    }
}

/// <summary>One year's catalogue of one kind: its current version and count, and every version (newest first).</summary>
public sealed record CatalogSummaryDto(int Year, string Kind, int CurrentVersion, int Count, IReadOnlyList<CatalogVersionDto> Versions);

/// <summary>A stored version: who imported it when, from what, and how it differs from the version before.</summary>
public sealed record CatalogVersionDto(int Version, DateTimeOffset CreatedAt, string CreatedBy, string Source, int Count, int Added, int Renamed, int Removed)
{
    public static CatalogVersionDto From(CatalogVersionRecord v) => new(v.Version, v.CreatedAt, v.CreatedBy, v.Source, v.Count, v.Added, v.Renamed, v.Removed);
}

/// <summary>A catalogue's codes with their level (类/款/项).</summary>
public sealed record CatalogDto(int Year, string Kind, CatalogVersionDto Version, IReadOnlyList<CatalogCodeDto> Codes);

public sealed record CatalogCodeDto(string Code, string Name, string Level);

public sealed record RenamedCodeDto(string Code, string OldName, string NewName);

/// <summary>A draft that uses a code the import removes or renames.</summary>
public sealed record AffectedDraftDto(string Department, string DepartmentName, int FiscalYear, int Revision, string Table, string Code, string Change);

/// <summary>What an import would change (nothing is written).</summary>
public sealed record CatalogPreviewDto(int Year, string Kind, int? CurrentVersion, int Count, IReadOnlyList<CatalogCodeDto> Added, IReadOnlyList<RenamedCodeDto> Renamed,
    IReadOnlyList<CatalogCodeDto> Removed, IReadOnlyList<AffectedDraftDto> AffectedDrafts, IReadOnlyList<string> Confirms)
{
    public static CatalogPreviewDto From(CatalogPreview p)
    {
        var levels = ClassificationCode.LevelsOf(p.Kind);
        CatalogCodeDto Code(KeyValuePair<string, string> e) => new(e.Key, e.Value, ClassificationCode.LevelName(ClassificationCode.LevelOf(e.Key, levels)));
        return new(p.Year, CatalogKinds.ToText(p.Kind), p.CurrentVersion, p.Count, p.Diff.Added.Select(Code).ToList(),
            p.Diff.Renamed.Select(r => new RenamedCodeDto(r.Code, r.OldName, r.NewName)).ToList(), p.Diff.Removed.Select(Code).ToList(),
            p.AffectedDrafts.Select(a => new AffectedDraftDto(a.DepartmentCode, a.DepartmentName, a.FiscalYear, a.Revision, a.TableNo, a.Code, a.Change)).ToList(), p.Confirms);
    }
}

/// <summary>The version an import or confirmation stored.</summary>
public sealed record CatalogImportedDto(int Year, string Kind, CatalogVersionDto Version)
{
    public static CatalogImportedDto From(CatalogImported i) => new(i.Version.Year, i.Version.Kind, CatalogVersionDto.From(i.Version));
}

/// <summary>A code to confirm; the name defaults to the one the officer entered as printed.</summary>
public sealed record ConfirmCodeRequest(string? Code, string? Name);

public sealed record UnconfirmedUseDto(string Department, string DepartmentName, int FiscalYear, int Revision, string Status, string Table, string Name);

/// <summary>A code entered as printed that its year's catalogue lacks, with the names given and the reports using it.</summary>
public sealed record UnconfirmedCodeDto(int Year, string Kind, string Code, IReadOnlyList<string> Names, IReadOnlyList<UnconfirmedUseDto> Reports)
{
    public static UnconfirmedCodeDto From(UnconfirmedCode u) => new(u.Year, CatalogKinds.ToText(u.Kind), u.Code, u.Names,
        u.Reports.Select(r => new UnconfirmedUseDto(r.DepartmentCode, r.DepartmentName, r.FiscalYear, r.Revision, r.Status, r.TableNo, r.Name)).ToList());
}

public sealed record CodePairDto(string FromCode, string ToCode);

/// <summary>A stored mapping of one kind's codes from one year to another.</summary>
public sealed record CatalogMappingDto(int FromYear, int ToYear, string Kind, IReadOnlyList<CodePairDto> Pairs)
{
    public static CatalogMappingDto From(CodeMapping m) => new(m.FromYear, m.ToYear, CatalogKinds.ToText(m.Kind), m.Pairs.Select(p => new CodePairDto(p.FromCode, p.ToCode)).ToList());
}
