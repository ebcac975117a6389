using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Infrastructure.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FinalAccounts.Web.Endpoints;

/// <summary>The public, read-only JSON API: published data only, no login.</summary>
public static class PublicApi
{
    public static IEndpointRouteBuilder MapPublicApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("公开数据 Public data").RequireCors(OpenDataApi.CorsPolicy);
        api.MapGet("/departments", ListDepartments)
            .WithSummary("部门及其已公开年度 / Departments with their published years");
        api.MapGet("/reports/{deptCode}/{year:int}", GetReport)
            .WithSummary("已公开的部门决算（最新修订版）/ A published report, latest revision")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/reports/{deptCode}/{year:int}/diff", GetDiff)
            .WithSummary("两个已公开修订版之间的单元格差异 / Cell-level diff between two published revisions")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/departments/{deptCode}/compare", CompareYears)
            .WithSummary("两个已公开年度逐单元格对比（科目按科目对照表对应）/ Two published years compared cell by cell, codes mapped across years")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/templates/{id}", GetTemplate)
            .WithSummary("模板（表样）定义 / A template set")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<List<DepartmentDto>>> ListDepartments(ReportQueries queries, string? q, CancellationToken cancellationToken)
    {
        var departments = await queries.ListDepartmentsAsync(q, cancellationToken);
        return TypedResults.Ok(departments.Select(d => new DepartmentDto(d.Code, d.Name, d.Aliases, d.Region, d.Level, d.PublishedYears) { Synthetic = d.Synthetic }).ToList());
    }

    private static async Task<Results<Ok<ReportDto>, ProblemHttpResult>> GetReport(
        string deptCode, int year, ReportQueries queries, TemplateSetRegistry templates, ClassificationCatalogs catalogs, CancellationToken cancellationToken)
    {
        var found = await queries.FindPublishedAsync(deptCode, year, cancellationToken);
        if (found is null)
        {
            return TypedResults.Problem(
                title: "未找到已公开的决算",
                detail: $"部门“{deptCode}”没有 {year} 年度已公开的部门决算。",
                statusCode: StatusCodes.Status404NotFound);
        }

        return TypedResults.Ok(ReportDto.From(found.Department, found.Report, found.EarlierRevisions, templates, catalogs));
    }

    private static async Task<Results<Ok<DiffDto>, ProblemHttpResult>> GetDiff(string deptCode, int year, int from, int to, ReportQueries queries, TemplateSetRegistry templates, CancellationToken cancellationToken)
    {
        var before = await queries.FindPublishedRevisionAsync(deptCode, year, from, cancellationToken);
        var after = await queries.FindPublishedRevisionAsync(deptCode, year, to, cancellationToken);
        if (before is null || after is null)
        {
            return TypedResults.Problem(title: "未找到修订版", detail: $"部门“{deptCode}”{year} 年度没有已公开的第 {(before is null ? from : to)} 版。", statusCode: StatusCodes.Status404NotFound);
        }

        var set = templates.Find(after.TemplateSetId)!;
        return TypedResults.Ok(new DiffDto(from, to, CellChanges.Between(before.Cells, after.Cells).Select(c =>
        {
            var kind = set.FindTable(c.Address.TableNo)?.KindOf(c.Address.RowKey, c.Address.Column) ?? ValueKind.Amount;
            return new DiffCellDto(c.Address.TableNo, c.Address.RowKey, c.Address.Column,
                c.Old is { } o ? CellValueText.Format(o, kind) : null, c.New is { } n ? CellValueText.Format(n, kind) : null);
        }).ToList()));
    }

    private static async Task<Results<Ok<YearComparisonDto>, ProblemHttpResult>> CompareYears(string deptCode, int? from, int? to, PublishedYears years, CancellationToken cancellationToken)
    {
        if (from is null || to is null)
        {
            return ApiProblems.From([new Domain.Common.DomainError("compare.years_missing", "请用查询参数 from 和 to 给出要对比的两个年度，如 ?from=2022&to=2023", from is null ? "from" : "to")]);
        }

        var result = await years.CompareAsync(deptCode, from.Value, to.Value, cancellationToken);
        if (result?.Comparison is not { } comparison)
        {
            return TypedResults.Problem(title: "未找到已公开的决算",
                detail: result is null ? $"部门“{deptCode}”不存在。" : $"部门“{deptCode}”{result.Missing}。", statusCode: StatusCodes.Status404NotFound);
        }

        return TypedResults.Ok(YearComparisonDto.Of(result.Department!, comparison));
    }

    private static Results<Ok<TemplateSetDto>, ProblemHttpResult> GetTemplate(string id, TemplateSetRegistry templates)
    {
        var set = templates.Find(id);
        return set is null
            ? TypedResults.Problem(title: "未找到模板", detail: $"模板“{id}”不存在。", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(TemplateSetDto.From(set));
    }

    /// <summary>Non-blank cells in printed order: line by line, panel by panel, then the footer totals.</summary>
    internal static IEnumerable<CellDto> CellsInOrder(TableLayout layout)
    {
        foreach (var row in layout.Template.Panels.Select((_, panel) => panel)
                     .SelectMany(panel => layout.Lines.Select(line => line.Panels[panel]))
                     .OfType<LayoutRow>())
        {
            foreach (var value in row.Values.Where(v => v.Value is not null))
            {
                yield return new CellDto(row.Key, value.Column, CellValueText.Format(value.Value!.Value, value.Kind));
            }
        }

        foreach (var footer in layout.Footers.Where(f => f.Value is not null))
        {
            var column = layout.Template.Panels[footer.Row.ToPanel].Columns[0].No;
            yield return new CellDto(footer.Row.Key, column, CellValueText.Format(footer.Value!.Value, footer.Kind));
        }
    }
}

public sealed record DepartmentDto(string Code, string Name, IReadOnlyList<string> Aliases, string Region, string Level, IReadOnlyList<int> Years)
{
    /// <summary>演示数据: a synthetic demo department (the field appears only when true).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool Synthetic { get; init; }
}

public sealed record DepartmentRefDto(string Code, string Name)
{
    /// <summary>
    /// 演示数据: a synthetic demo department's report. Written only when true, so a real report's JSON (in its
    /// auditor pack) is byte for byte what it was.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool Synthetic { get; init; }
}

/// <summary>A report as the read API serves it (also the JSON of the auditor pack).</summary>
public sealed record ReportDto(
    DepartmentRefDto Department,
    int FiscalYear,
    int Revision,
    string Status,
    string TemplateSet,
    DateTimeOffset? PublishedAt,
    IReadOnlyList<int> EarlierRevisions,
    OverviewDto Overview,
    IReadOnlyList<TableDto> Tables)
{
    public static ReportDto From(Domain.Departments.Department department, Report report, IReadOnlyList<int> earlier, TemplateSetRegistry templates, ClassificationCatalogs catalogs)
    {
        var set = templates.Find(report.TemplateSetId)
            ?? throw new InvalidOperationException($"Report {report.Id} uses unknown template set {report.TemplateSetId}");
        var tables = set.Tables.Select(t =>
        {
            var layout = TableLayout.Resolve(t, report.CellsOf(t.TableNo), catalogs.ForTable(set, t));
            return new TableDto(t.TableNo, t.Title, t.Name, PublicApi.CellsInOrder(layout).ToList());
        }).ToList();
        var overview = new OverviewDto(
            report.NameInHeaders,
            report.Duties,
            report.Units.Select(u => new UnitDto(u.Seq, u.Name, u.BudgetLevel)).ToList(),
            new StaffDto(report.Staff.Active, report.Staff.Retired, report.Staff.Other, report.Staff.RetiredPaidByPensionFund));
        return new ReportDto(new DepartmentRefDto(department.Code, department.Name) { Synthetic = department.Synthetic }, report.FiscalYear, report.Revision, report.Status.ToString(),
            report.TemplateSetId, report.PublishedAt, earlier, overview, tables);
    }
}

public sealed record OverviewDto(string NameInHeaders, string Duties, IReadOnlyList<UnitDto> Units, StaffDto Staff);

public sealed record UnitDto(string Seq, string Name, string BudgetLevel);

public sealed record StaffDto(int? Active, int? Retired, int? Other, int? RetiredPaidByPensionFund);

/// <summary>A table as cells; <c>row</c> is the 行次, classification code or total key, <c>col</c> the 栏次.</summary>
public sealed record TableDto(string TableNo, string Title, string Name, IReadOnlyList<CellDto> Cells);

public sealed record CellDto(string Row, int Col, string Value);

public sealed record DiffDto(int From, int To, IReadOnlyList<DiffCellDto> Changes);

/// <summary>A changed cell: its value in the earlier and the later revision (null = blank).</summary>
public sealed record DiffCellDto(string Table, string Row, int Col, string? From, string? To);

/// <summary>Two published years of a department compared (ADR 0024): listed rows are those with a change or a code mapping.</summary>
public sealed record YearComparisonDto(
    DepartmentRefDto Department,
    int From,
    int FromRevision,
    string FromTemplateSet,
    int To,
    int ToRevision,
    string ToTemplateSet,
    bool SameTemplateSet,
    string? Note,
    int ChangedCells,
    IReadOnlyList<CodePairDto> Mappings,
    IReadOnlyList<YearTableDto> Tables)
{
    public static YearComparisonDto Of(Domain.Departments.Department department, YearComparison c) => new(
        new DepartmentRefDto(department.Code, department.Name),
        c.FromYear, c.FromRevision, c.FromSet, c.ToYear, c.ToRevision, c.ToSet, c.SameSet,
        c.SameSet ? null : $"两个年度使用不同的表样（{c.FromSet} 与 {c.ToSet}），只比较两套表样共有的表、行次、科目和栏次",
        c.Tables.Sum(t => t.ChangedCells),
        c.MappingsUsed.Select(p => new CodePairDto(p.FromCode, p.ToCode)).ToList(),
        c.Tables.Select(t => new YearTableDto(t.TableNo, t.Name, t.Compared, t.Note, t.ChangedCells, t.UnchangedCells,
            t.ListedRows.Select(r => new YearRowDto(r.Key, r.Label, r.FromKeys, r.ToKeys, r.MappingNote,
                r.Listed.Select(cell => new YearCellDto(cell.Column, cell.ColumnLabel,
                    cell.From is { } f ? CellValueText.Format(f, cell.Kind) : null,
                    cell.To is { } v ? CellValueText.Format(v, cell.Kind) : null,
                    cell.Difference is { } d ? CellValueText.Format(d, cell.Kind) : null,
                    cell.PercentChange,
                    YearCellDto.ChangeName(cell.Change))).ToList())).ToList())).ToList());
}

/// <summary>One table compared; <c>compared</c> false when only one year's template set has it.</summary>
public sealed record YearTableDto(string TableNo, string Name, bool Compared, string? Note, int ChangedCells, int UnchangedCells, IReadOnlyList<YearRowDto> Rows);

/// <summary>A row: a 行次 or a classification code; <c>mapping</c> says how codes were tied across the years.</summary>
public sealed record YearRowDto(string Key, string Label, IReadOnlyList<string> FromKeys, IReadOnlyList<string> ToKeys, string? Mapping, IReadOnlyList<YearCellDto> Cells);

/// <summary>A cell: both years' values as the report JSON formats them (null = blank), difference, % change, and
/// <c>change</c>: increase, decrease, same, onlyFrom (blank in the later year) or onlyTo (blank in the earlier one).</summary>
public sealed record YearCellDto(int Column, string ColumnLabel, string? From, string? To, string? Difference, decimal? PercentChange, string Change)
{
    public static string ChangeName(YearChange change) => change switch
    {
        YearChange.Increase => "increase",
        YearChange.Decrease => "decrease",
        YearChange.OnlyFrom => "onlyFrom",
        YearChange.OnlyTo => "onlyTo",
        _ => "same",
    };
}
