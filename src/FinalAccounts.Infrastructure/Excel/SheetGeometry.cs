using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Infrastructure.Excel;

/// <summary>
/// Where a table sits on its sheet — shared by the writer and the reader, so a workbook read back is interpreted
/// exactly as it was written: title, 表号 and the 部门/年度/单位 line on rows 1–3, the header rows, then the body.
/// </summary>
internal sealed class SheetGeometry
{
    public const int TitleRow = 1;
    public const int CaptionRow = 2;
    public const int MetaRow = 3;
    public const int FirstHeaderRow = 4;

    public SheetGeometry(TableTemplate table)
    {
        Table = table;
        Width = table.BodyWidth;
        var offset = 0;
        var offsets = new List<int>();
        foreach (var panel in table.Panels)
        {
            offsets.Add(offset);
            offset += panel.Width;
        }

        PanelOffsets = offsets;
        HeaderCells = PlaceHeader(table.Header, Width);
        FirstBodyRow = FirstHeaderRow + table.Header.Count;
    }

    public TableTemplate Table { get; }

    /// <summary>Columns the table spans (1-based columns 1..Width).</summary>
    public int Width { get; }

    /// <summary>0-based first column of each panel.</summary>
    public IReadOnlyList<int> PanelOffsets { get; }

    public IReadOnlyList<PlacedHeader> HeaderCells { get; }

    public int FirstBodyRow { get; }

    /// <summary>1-based sheet column of a value column (栏次 <paramref name="columnNo"/>) in a panel.</summary>
    public int ValueColumn(int panelIndex, int columnNo)
    {
        var panel = Table.Panels[panelIndex];
        var index = panel.Columns.ToList().FindIndex(c => c.No == columnNo);
        return PanelOffsets[panelIndex] + panel.StubWidth + index + 1;
    }

    /// <summary>1-based sheet column where a panel's stub begins.</summary>
    public int StubColumn(int panelIndex) => PanelOffsets[panelIndex] + 1;

    public static string Reference(int column, int row) => ColumnName(column) + row.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string ColumnName(int column)
    {
        var name = "";
        for (var c = column; c > 0; c = (c - 1) / 26)
        {
            name = (char)('A' + ((c - 1) % 26)) + name;
        }

        return name;
    }

    public static int ColumnIndex(string reference)
    {
        var column = 0;
        foreach (var ch in reference)
        {
            if (!char.IsAsciiLetter(ch))
            {
                break;
            }

            column = (column * 26) + (char.ToUpperInvariant(ch) - 'A' + 1);
        }

        return column;
    }

    /// <summary>Lays the header rows out as HTML does: a cell occupies the first free column of its row.</summary>
    private static List<PlacedHeader> PlaceHeader(IReadOnlyList<IReadOnlyList<HeaderCell>> header, int width)
    {
        var taken = new bool[header.Count, Math.Max(width, 1) + 64];
        var placed = new List<PlacedHeader>();
        for (var r = 0; r < header.Count; r++)
        {
            var column = 0;
            foreach (var cell in header[r])
            {
                while (taken[r, column])
                {
                    column++;
                }

                for (var dr = 0; dr < cell.RowSpan && r + dr < header.Count; dr++)
                {
                    for (var dc = 0; dc < cell.ColSpan; dc++)
                    {
                        taken[r + dr, column + dc] = true;
                    }
                }

                placed.Add(new PlacedHeader(cell.Text, FirstHeaderRow + r, column + 1, cell.ColSpan, Math.Min(cell.RowSpan, header.Count - r)));
                column += cell.ColSpan;
            }
        }

        return placed;
    }
}

/// <summary>A header cell at its sheet position (1-based row and column) with its spans.</summary>
internal sealed record PlacedHeader(string Text, int Row, int Column, int ColSpan, int RowSpan);
