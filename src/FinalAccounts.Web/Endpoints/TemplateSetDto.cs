using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Web.Endpoints;

/// <summary>A template set as served by the API (the same fields as its data file); <c>Years</c> are the 决算 years it serves.</summary>
public sealed record TemplateSetDto(string Id, string Version, string Name, string Locality, int FiscalYear, TemplateYearsDto Years, int CatalogYear, IReadOnlyList<TableTemplateDto> Tables)
{
    public static TemplateSetDto From(TemplateSet set) => new(
        set.Id,
        set.Version,
        set.Name,
        set.Locality,
        set.FiscalYear,
        new TemplateYearsDto(set.FirstYear, set.LastYear),
        set.CatalogYear,
        set.Tables.Select(t => new TableTemplateDto(
            t.TableNo,
            t.Name,
            t.Title,
            t.Caption,
            t.UnitLabel,
            t.Header.Select(line => (IReadOnlyList<HeaderCellDto>)line.Select(c => new HeaderCellDto(c.Text, c.ColSpan, c.RowSpan)).ToList()).ToList(),
            t.Panels.Select(p => new PanelDto(
                p.Stub == StubKind.ItemAndRowNumber ? "item-rowno" : "code-name",
                p.CodeSpan,
                p.Columns.Select(c => new ColumnDto(c.No, c.Label, c.Kind == ValueKind.Count ? "count" : "amount", c.AllowNegative)).ToList(),
                p.Rows.Select(r => new RowDto(r.Key, r.Label, r.Indent, r.IsTotal, r.IsFiller, r.Code, r.Kind switch
                {
                    ValueKind.Count => "count",
                    ValueKind.Amount => "amount",
                    _ => null,
                }, r.NotApplicableColumns.Order().ToList())).ToList(),
                p.Coded is { } coded
                    ? new CodedDto(coded.Classification == ClassificationKind.Functional ? "functional" : "economic", coded.LevelLengths, coded.TotalKey, coded.TotalLabel)
                    : null)).ToList(),
            t.Footer.Select(f => new FooterDto(f.Key, f.Label, f.FromPanel, f.ToPanel)).ToList(),
            t.Footnotes)).ToList());
}

public sealed record TableTemplateDto(
    string TableNo,
    string Name,
    string Title,
    string Caption,
    string UnitLabel,
    IReadOnlyList<IReadOnlyList<HeaderCellDto>> Header,
    IReadOnlyList<PanelDto> Panels,
    IReadOnlyList<FooterDto> Footer,
    IReadOnlyList<string> Footnotes);

public sealed record HeaderCellDto(string Text, int Colspan, int Rowspan);

public sealed record PanelDto(string Stub, int CodeSpan, IReadOnlyList<ColumnDto> Columns, IReadOnlyList<RowDto> Rows, CodedDto? Coded);

public sealed record ColumnDto(int No, string Label, string Kind, bool AllowNegative);

public sealed record RowDto(string Key, string Label, int Indent, bool Total, bool Filler, string? Code, string? Kind, IReadOnlyList<int> Na);

public sealed record CodedDto(string Classification, IReadOnlyList<int> Levels, string TotalKey, string TotalLabel);

public sealed record FooterDto(string Key, string Label, int FromPanel, int ToPanel);

/// <summary>The first and last 决算 year a template set serves.</summary>
public sealed record TemplateYearsDto(int From, int To);
