using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Web.Endpoints;

/// <summary>
/// A template set as served by the API (the same fields as its data file, docs/template-format.md); <c>Years</c> are the
/// 决算 years it serves. Every table carries its resolved layout and every fixed row its key and printed label — the
/// keys a client writes cells with.
/// </summary>
public sealed record TemplateSetDto(string Id, string Version, string Name, string Locality, int FiscalYear, TemplateYearsDto Years, int CatalogYear, IReadOnlyList<TableTemplateDto> Tables)
{
    public string? Note { get; init; }

    public OverviewLayoutDto? Overview { get; init; }

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
                p.Stub switch
                {
                    StubKind.ItemAndRowNumber => "item-rowno",
                    StubKind.None => "none",
                    _ => "code-name",
                },
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
            t.Footnotes)
        {
            ShortName = t.ShortName,
            Optional = t.Optional,
            EmptyNote = t.EmptyNote,
            Layout = new TableLayoutDto(
                t.Print.DepartmentLine,
                t.Print.RowNumbers,
                t.Print.ColumnNumbers,
                t.Print.CodedTotal == TotalPosition.Last ? "last" : "first",
                t.Print.CodeColumns == CodeColumns.Split ? "split" : "whole"),
        }).ToList())
    {
        Note = set.Note,
        Overview = new OverviewLayoutDto(
            set.Overview.Title,
            set.Overview.DutiesHeading,
            set.Overview.UnitsHeading,
            set.Overview.UnitsSentence,
            set.Overview.UnitsColumns.Select(c => new UnitsColumnDto(c.Field, c.Label)).ToList(),
            set.Overview.Staff),
    };
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
    IReadOnlyList<string> Footnotes)
{
    /// <summary>How messages, sheet names and CSV files name the table.</summary>
    public string ShortName { get; init; } = "";

    /// <summary>Whether the table may be empty.</summary>
    public bool Optional { get; init; }

    /// <summary>The note printed under the table when it is empty (<c>{department}</c>, <c>{year}</c> filled in).</summary>
    public string? EmptyNote { get; init; }

    public TableLayoutDto Layout { get; init; } = default!;
}

/// <summary>What a table prints: the 部门/年度 line, 行次, 栏次, where a coded table's 合计 stands, codes whole or split.</summary>
public sealed record TableLayoutDto(bool DepartmentLine, bool RowNumbers, bool ColumnNumbers, string CodedTotal, string CodeColumns);

/// <summary>How 第一部分 概况 is printed.</summary>
public sealed record OverviewLayoutDto(string Title, string DutiesHeading, string UnitsHeading, string UnitsSentence, IReadOnlyList<UnitsColumnDto> UnitsColumns, bool Staff);

public sealed record UnitsColumnDto(string Field, string Label);

public sealed record HeaderCellDto(string Text, int Colspan, int Rowspan);

public sealed record PanelDto(string Stub, int CodeSpan, IReadOnlyList<ColumnDto> Columns, IReadOnlyList<RowDto> Rows, CodedDto? Coded);

public sealed record ColumnDto(int No, string Label, string Kind, bool AllowNegative);

public sealed record RowDto(string Key, string Label, int Indent, bool Total, bool Filler, string? Code, string? Kind, IReadOnlyList<int> Na);

public sealed record CodedDto(string Classification, IReadOnlyList<int> Levels, string TotalKey, string TotalLabel);

public sealed record FooterDto(string Key, string Label, int FromPanel, int ToPanel);

/// <summary>The first and last 决算 year a template set serves.</summary>
public sealed record TemplateYearsDto(int From, int To);
