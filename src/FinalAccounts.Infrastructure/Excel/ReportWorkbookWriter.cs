using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Performance;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Infrastructure.Excel;

/// <summary>Whose workbook this is. A blank workbook (for offline filling) has no department.</summary>
public sealed record WorkbookSubject(
    string TemplateSetId,
    string TemplateVersion,
    string? DepartmentCode,
    string? DepartmentName,
    int FiscalYear,
    int? Revision,
    int? Version,
    string? Status)
{
    /// <summary>A synthetic demo department's report: every sheet's printed page header says 演示数据.</summary>
    public bool Synthetic { get; init; }

    /// <summary>The department's own notes under its tables, by 表号 (printed instead of the template's when the table is empty).</summary>
    public IReadOnlyDictionary<string, string> TableNotes { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Writes a report (or a blank template) as an .xlsx in the official layout: one sheet per table, named by the set's
/// short name — title, the caption (表号) line and the 部门/年度 part of the unit line where the set's layout prints them, merged headers with 栏次, codes, <c>#,##0.00</c> amounts and whole counts, “——” cells,
/// footnotes, frozen header rows, A4 print set-up one page wide with repeated header rows — plus a 勾稽校验 sheet
/// and a hidden sheet that identifies the template set, department and year for import.
/// </summary>
public static class ReportWorkbookWriter
{
    public const string MetaSheet = "_finalaccounts";
    public const string ReconciliationSheet = "勾稽校验";
    public const string NarrativeSheet = "情况说明";
    public const string FormatMarker = "finalaccounts-workbook/1";

    public static void Write(
        Stream output,
        TemplateSet set,
        WorkbookSubject subject,
        IReadOnlyCollection<ReportCell> cells,
        Func<TableTemplate, ClassificationCatalog?> catalogOf,
        ReconciliationResult? reconciliation,
        WorkbookNarrative? narrative = null,
        PerformanceDocument? performance = null)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        // Fixed relationship ids (the SDK would pick random ones): the same report gives the same bytes, which keeps the
        // auditor pack's hash stable.
        var workbookPart = document.AddNewPart<WorkbookPart>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rIdWorkbook");
        workbookPart.Workbook = new Workbook();
        var styles = workbookPart.AddNewPart<WorkbookStylesPart>("rIdStyles");
        styles.Stylesheet = Styles.Create();
        var sheets = workbookPart.Workbook.AppendChild(new Sheets());
        var definedNames = new DefinedNames();
        uint sheetId = 1;

        foreach (var table in set.Tables)
        {
            var layout = TableLayout.Resolve(table, cells, catalogOf(table));
            var (part, titleRows) = WriteTable(workbookPart, layout, subject);
            sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = sheetId, Name = table.ShortName });
            // Print titles: the header rows repeat on every printed page.
            definedNames.Append(new DefinedName($"'{table.ShortName.Replace("'", "''", StringComparison.Ordinal)}'!$1:${titleRows}") { Name = "_xlnm.Print_Titles", LocalSheetId = sheetId - 1 });
            sheetId++;
        }

        if (narrative is { Sections.Count: > 0 } or { Glossary.Count: > 0 })
        {
            var part = WriteNarrative(workbookPart, narrative);
            sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = sheetId++, Name = NarrativeSheet });
        }

        if (performance is not null)
        {
            foreach (var (name, part) in PerformanceWorkbook.Write(workbookPart, performance))
            {
                sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = sheetId++, Name = name });
            }
        }

        if (reconciliation is not null)
        {
            var part = WriteReconciliation(workbookPart, reconciliation, set);
            sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = sheetId++, Name = ReconciliationSheet });
        }

        var meta = WriteMeta(workbookPart, subject);
        sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(meta), SheetId = sheetId, Name = MetaSheet, State = SheetStateValues.Hidden });
        if (subject.Synthetic)
        {
            // The page header prints on every page of every sheet and leaves the cells (which imports read) alone.
            // It follows pageSetup, the last element every sheet is built with, as the schema orders them.
            foreach (var part in workbookPart.WorksheetParts)
            {
                part.Worksheet.Append(new HeaderFooter(new OddHeader($"&C&\"-,Bold\"{Seeding.SyntheticRegion.Label}：依据真实决算结构生成的合成数据")));
            }
        }

        workbookPart.Workbook.Append(definedNames);
        workbookPart.Workbook.Save();
    }

    private static (WorksheetPart Part, int TitleRows) WriteTable(WorkbookPart workbookPart, TableLayout layout, WorkbookSubject subject)
    {
        var table = layout.Template;
        var geometry = new SheetGeometry(table);
        var sheet = new SheetBuilder();
        var width = geometry.Width;

        sheet.Text(SheetGeometry.TitleRow, 1, table.Title, Styles.Title);
        sheet.Merge(SheetGeometry.TitleRow, 1, 1, width);
        sheet.Text(SheetGeometry.CaptionRow, 1, table.Caption, Styles.RightPlain);
        sheet.Merge(SheetGeometry.CaptionRow, 1, 1, width);
        // 部门 on the left half, the year in the middle, the unit on the right, as printed.
        var left = Math.Max(1, (width + 1) / 2);
        var right = width >= 4 ? 2 : 1;
        // Rows keep their places when the form prints no caption or 部门/年度 (the reader finds the header by position).
        sheet.Text(SheetGeometry.MetaRow, 1, table.Print.DepartmentLine ? "部门：" + (subject.DepartmentName ?? "") : null, Styles.Plain);
        sheet.Merge(SheetGeometry.MetaRow, 1, 1, left);
        if (width - left - right >= 1 && table.Print.DepartmentLine)
        {
            sheet.Text(SheetGeometry.MetaRow, left + 1, $"{subject.FiscalYear}年度", Styles.CenterPlain);
            sheet.Merge(SheetGeometry.MetaRow, left + 1, 1, width - left - right);
        }

        sheet.Text(SheetGeometry.MetaRow, width - right + 1, table.UnitLabel, Styles.RightPlain);
        sheet.Merge(SheetGeometry.MetaRow, width - right + 1, 1, right);

        foreach (var h in geometry.HeaderCells)
        {
            for (var r = h.Row; r < h.Row + h.RowSpan; r++)
            {
                for (var c = h.Column; c < h.Column + h.ColSpan; c++)
                {
                    sheet.Text(r, c, r == h.Row && c == h.Column ? h.Text : null, Styles.Header);
                }
            }

            sheet.Merge(h.Row, h.Column, h.RowSpan, h.ColSpan);
        }

        var row = geometry.FirstBodyRow;
        foreach (var line in layout.Lines)
        {
            for (var p = 0; p < table.Panels.Count; p++)
            {
                WritePanelRow(sheet, geometry, p, line.Panels[p], row);
            }

            row++;
        }

        if (layout.Footers.Count > 0)
        {
            for (var c = 1; c <= width; c++)
            {
                sheet.Text(row, c, null, Styles.Body);
            }

            foreach (var footer in layout.Footers)
            {
                var from = geometry.StubColumn(footer.Row.FromPanel);
                var valueColumn = geometry.ValueColumn(footer.Row.ToPanel, table.Panels[footer.Row.ToPanel].Columns[0].No);
                sheet.Text(row, from, footer.Row.Label, Styles.LabelTotal);
                sheet.Merge(row, from, 1, valueColumn - from);
                sheet.Value(row, valueColumn, footer.Value, footer.Kind, total: true);
            }

            row++;
        }

        var notes = table.Footnotes.ToList();
        if (layout.IsEmpty && (subject.TableNotes.GetValueOrDefault(table.TableNo) ?? table.EmptyNoteFor(subject.DepartmentName ?? "", subject.FiscalYear)) is { } emptyNote)
        {
            notes.Insert(0, emptyNote);
        }

        foreach (var note in notes)
        {
            sheet.Text(row, 1, note, Styles.Footnote);
            sheet.Merge(row, 1, 1, width);
            sheet.Height(row, 15 * Math.Max(1, (int)Math.Ceiling(note.Length / (width * 7.0))));
            row++;
        }

        var widths = new double[width];
        for (var p = 0; p < table.Panels.Count; p++)
        {
            var panel = table.Panels[p];
            var offset = geometry.PanelOffsets[p];
            if (panel.Stub == StubKind.ItemAndRowNumber)
            {
                widths[offset] = 34;
                if (panel.RowNumbers)
                {
                    widths[offset + 1] = 6;
                }
            }
            else if (panel.Stub == StubKind.CodeAndName)
            {
                for (var c = 0; c < panel.CodeSpan; c++)
                {
                    widths[offset + c] = panel.CodeSpan == 1 ? 12 : 7;
                }

                widths[offset + panel.CodeSpan] = 30;
            }

            for (var c = panel.StubWidth; c < panel.Width; c++)
            {
                widths[offset + c] = 14;
            }
        }

        var part = workbookPart.AddNewPart<WorksheetPart>("rIdTable" + table.TableNo);
        var titleRows = geometry.FirstBodyRow - 1;
        part.Worksheet = sheet.Build(widths, frozenRows: titleRows, landscape: widths.Sum() > 110);
        return (part, titleRows);
    }

    private static void WritePanelRow(SheetBuilder sheet, SheetGeometry geometry, int panelIndex, LayoutRow? row, int sheetRow)
    {
        var panel = geometry.Table.Panels[panelIndex];
        var start = geometry.StubColumn(panelIndex);
        if (row is null)
        {
            for (var c = 0; c < panel.Width; c++)
            {
                sheet.Text(sheetRow, start + c, null, Styles.Body);
            }

            return;
        }

        var labelStyle = row.IsTotal ? Styles.LabelTotal : Styles.LabelIndent(row.Indent);
        if (panel.Stub == StubKind.None)
        {
            // The single 三公 row: no stub cells.
        }
        else if (panel.Stub == StubKind.ItemAndRowNumber)
        {
            sheet.Text(sheetRow, start, row.IsFiller ? null : row.Label, labelStyle);
            if (panel.RowNumbers)
            {
                sheet.Text(sheetRow, start + 1, row.Key, Styles.Center);
            }
        }
        else if (row.Code is null)
        {
            sheet.Text(sheetRow, start, row.Label, labelStyle);
            for (var c = 1; c < panel.StubWidth; c++)
            {
                sheet.Text(sheetRow, start + c, null, labelStyle);
            }

            sheet.Merge(sheetRow, start, 1, panel.StubWidth);
        }
        else
        {
            // The code is text (keeps leading digits as typed): whole across the 类/款/项 columns, or split into them.
            var parts = geometry.Table.Print.CodeCells(row.Code, panel.CodeSpan);
            for (var c = 0; c < panel.CodeSpan; c++)
            {
                sheet.Text(sheetRow, start + c, c < parts.Count ? parts[c] : null, Styles.Code);
            }

            if (parts.Count == 1)
            {
                sheet.Merge(sheetRow, start, 1, panel.CodeSpan);
            }
            sheet.Text(sheetRow, start + panel.CodeSpan, row.Label, labelStyle);
        }

        foreach (var value in row.Values)
        {
            var column = geometry.ValueColumn(panelIndex, value.Column);
            if (value.NotApplicable)
            {
                sheet.Text(sheetRow, column, "——", Styles.NotApplicable);
            }
            else
            {
                sheet.Value(sheetRow, column, row.IsFiller ? null : value.Value, value.Kind, row.IsTotal);
            }
        }
    }

    /// <summary>第三部分 情况说明 (one row per section) and 第四部分 名词解释 (one row per term): read-only, not imported.</summary>
    private static WorksheetPart WriteNarrative(WorkbookPart workbookPart, WorkbookNarrative narrative)
    {
        var sheet = new SheetBuilder();
        sheet.Text(1, 1, "部分", Styles.Header);
        sheet.Text(1, 2, "内容", Styles.Header);
        var row = 2;
        foreach (var (heading, text) in narrative.Sections)
        {
            sheet.Text(row, 1, heading, Styles.Body);
            sheet.Text(row++, 2, text, Styles.Body);
        }

        if (narrative.Glossary.Count > 0)
        {
            sheet.Text(row, 1, "名词解释", Styles.Header);
            sheet.Text(row++, 2, null, Styles.Header);
            foreach (var (term, definition) in narrative.Glossary)
            {
                sheet.Text(row, 1, term, Styles.Body);
                sheet.Text(row++, 2, definition, Styles.Body);
            }
        }

        var part = workbookPart.AddNewPart<WorksheetPart>("rIdNarrative");
        part.Worksheet = sheet.Build([28, 120], frozenRows: 1, landscape: true);
        return part;
    }

    private static WorksheetPart WriteReconciliation(WorkbookPart workbookPart, ReconciliationResult result, TemplateSet set)
    {
        var sheet = new SheetBuilder();
        string[] headings = ["规则", "级别", "说明", "结果", "位置", "左边", "右边", "差额", "容差", "涉及单元格"];
        for (var c = 0; c < headings.Length; c++)
        {
            sheet.Text(1, c + 1, headings[c], Styles.Header);
        }

        var row = 2;
        foreach (var rule in result.Rules)
        {
            var checks = rule.Notable;
            if (checks.Count == 0)
            {
                checks = [new CheckResult(rule.Rule.Id, rule.Rule.Severity, rule.Status, null, null, null, null, 0, [], null)];
            }

            foreach (var check in checks)
            {
                sheet.Text(row, 1, rule.Rule.Id, Styles.Body);
                sheet.Text(row, 2, Severity(rule.Rule.Severity), Styles.Body);
                sheet.Text(row, 3, check.Message ?? rule.Rule.Label, Styles.Body);
                sheet.Text(row, 4, Status(check.Status), Styles.Body);
                sheet.Text(row, 5, check.Where, Styles.Body);
                sheet.Value(row, 6, check.Lhs, ValueKind.Amount, false);
                sheet.Value(row, 7, check.Rhs, ValueKind.Amount, false);
                sheet.Value(row, 8, check.Difference, ValueKind.Amount, false);
                sheet.Value(row, 9, check.Status == CheckStatus.Pass && check.Lhs is null ? null : check.Tolerance, ValueKind.Amount, false);
                sheet.Text(row, 10, string.Join("、", check.Cells.Select(c => c.ToString(set))), Styles.Body);
                row++;
            }
        }

        var part = workbookPart.AddNewPart<WorksheetPart>("rIdReconciliation");
        part.Worksheet = sheet.Build([10, 8, 50, 8, 16, 14, 14, 12, 8, 60], frozenRows: 1, landscape: true);
        return part;
    }

    private static WorksheetPart WriteMeta(WorkbookPart workbookPart, WorkbookSubject subject)
    {
        var sheet = new SheetBuilder();
        var entries = new (string Key, string? Value)[]
        {
            ("format", FormatMarker),
            ("templateSet", subject.TemplateSetId),
            ("templateVersion", subject.TemplateVersion),
            ("department", subject.DepartmentCode),
            ("departmentName", subject.DepartmentName),
            ("fiscalYear", subject.FiscalYear.ToString(CultureInfo.InvariantCulture)),
            ("revision", subject.Revision?.ToString(CultureInfo.InvariantCulture)),
            ("version", subject.Version?.ToString(CultureInfo.InvariantCulture)),
            ("status", subject.Status),
        };
        if (subject.Synthetic)
        {
            entries = [.. entries, ("synthetic", Seeding.SyntheticRegion.Label)];
        }

        for (var i = 0; i < entries.Length; i++)
        {
            sheet.Text(i + 1, 1, entries[i].Key, Styles.Plain);
            sheet.Text(i + 1, 2, entries[i].Value, Styles.Plain);
        }

        var part = workbookPart.AddNewPart<WorksheetPart>("rIdMeta");
        part.Worksheet = sheet.Build([16, 40], frozenRows: 0, landscape: false);
        return part;
    }

    private static string Severity(RuleSeverity severity) => severity switch
    {
        RuleSeverity.Error => "错误",
        RuleSeverity.Warning => "警告",
        _ => "提示",
    };

    private static string Status(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "通过",
        CheckStatus.Tail => "尾差",
        CheckStatus.Fail => "不通过",
        _ => "不适用",
    };

    /// <summary>Collects cells row by row, then emits them in the order Excel requires.</summary>
    internal sealed class SheetBuilder
    {
        private readonly SortedDictionary<int, SortedDictionary<int, Cell>> _rows = [];
        private readonly List<string> _merges = [];
        private readonly Dictionary<int, double> _heights = [];

        public void Text(int row, int column, string? text, uint style)
        {
            var cell = new Cell { CellReference = SheetGeometry.Reference(column, row), StyleIndex = style };
            if (!string.IsNullOrEmpty(text))
            {
                cell.DataType = CellValues.InlineString;
                // Stored text may predate the input rule (TextRules); Open XML cannot write what XML 1.0 cannot hold.
                cell.InlineString = new InlineString(new Text(TextRules.ToXmlSafe(text)) { Space = SpaceProcessingModeValues.Preserve });
            }

            Put(row, column, cell);
        }

        public void Value(int row, int column, decimal? value, ValueKind kind, bool total)
        {
            var style = kind == ValueKind.Count ? (total ? Styles.CountTotal : Styles.Count) : (total ? Styles.AmountTotal : Styles.Amount);
            var cell = new Cell { CellReference = SheetGeometry.Reference(column, row), StyleIndex = style };
            if (value is { } v)
            {
                cell.DataType = CellValues.Number;
                cell.CellValue = new CellValue(CellValueText.Format(v, kind));
            }

            Put(row, column, cell);
        }

        public void Merge(int row, int column, int rows, int columns)
        {
            if (rows > 1 || columns > 1)
            {
                _merges.Add($"{SheetGeometry.Reference(column, row)}:{SheetGeometry.Reference(column + columns - 1, row + rows - 1)}");
            }
        }

        public void Height(int row, double points) => _heights[row] = points;

        public Worksheet Build(IReadOnlyList<double> widths, int frozenRows, bool landscape)
        {
            var worksheet = new Worksheet();
            worksheet.Append(new SheetProperties(new PageSetupProperties { FitToPage = true }));
            var view = new SheetView { WorkbookViewId = 0 };
            if (frozenRows > 0)
            {
                // VerticalSplit is the number of frozen rows (ySplit).
                view.Append(new Pane
                {
                    VerticalSplit = frozenRows,
                    TopLeftCell = SheetGeometry.Reference(1, frozenRows + 1),
                    ActivePane = PaneValues.BottomLeft,
                    State = PaneStateValues.Frozen,
                });
            }

            worksheet.Append(new SheetViews(view));
            var columns = new Columns();
            for (var i = 0; i < widths.Count; i++)
            {
                columns.Append(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = widths[i], CustomWidth = true });
            }

            worksheet.Append(columns);
            var data = new SheetData();
            foreach (var (index, cells) in _rows)
            {
                var row = new Row { RowIndex = (uint)index };
                if (_heights.TryGetValue(index, out var height))
                {
                    row.Height = height;
                    row.CustomHeight = true;
                }

                row.Append(cells.Values);
                data.Append(row);
            }

            worksheet.Append(data);
            if (_merges.Count > 0)
            {
                worksheet.Append(new MergeCells(_merges.Select(m => new MergeCell { Reference = m })));
            }

            worksheet.Append(new PageMargins { Left = 0.5, Right = 0.5, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
            worksheet.Append(new PageSetup
            {
                PaperSize = 9, // A4
                Orientation = landscape ? OrientationValues.Landscape : OrientationValues.Portrait,
                FitToWidth = 1,
                FitToHeight = 0, // as many pages tall as needed
            });
            return worksheet;
        }

        public void Put(int row, int column, Cell cell)
        {
            if (!_rows.TryGetValue(row, out var cells))
            {
                _rows[row] = cells = [];
            }

            cells[column] = cell;
        }
    }

    /// <summary>The stylesheet: indices of <c>cellXfs</c> used above.</summary>
    internal static class Styles
    {
        public const uint Plain = 0;
        public const uint Title = 1;
        public const uint RightPlain = 2;
        public const uint CenterPlain = 3;
        public const uint Header = 4;
        public const uint Body = 5;
        public const uint LabelTotal = 6;
        public const uint Center = 7;
        public const uint Code = 8;
        public const uint NotApplicable = 9;
        public const uint Amount = 10;
        public const uint AmountTotal = 11;
        public const uint Count = 12;
        public const uint CountTotal = 13;
        public const uint Footnote = 14;
        private const uint FirstIndent = 15; // 15..18: labels indented 0..3 levels

        private const uint AmountFormat = 164;

        public static uint LabelIndent(int indent) => FirstIndent + (uint)Math.Clamp(indent, 0, 3);

        public static Stylesheet Create()
        {
            var fonts = new Fonts(
                Font(11, bold: false),
                Font(16, bold: true),
                Font(11, bold: true),
                Font(9, bold: false));
            var fills = new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFF2F2F2" }) { PatternType = PatternValues.Solid }));
            var borders = new Borders(
                new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
                new Border(
                    new LeftBorder { Style = BorderStyleValues.Thin },
                    new RightBorder { Style = BorderStyleValues.Thin },
                    new TopBorder { Style = BorderStyleValues.Thin },
                    new BottomBorder { Style = BorderStyleValues.Thin },
                    new DiagonalBorder()));
            var formats = new NumberingFormats(new NumberingFormat { NumberFormatId = AmountFormat, FormatCode = "#,##0.00" }) { Count = 1 };
            var xfs = new CellFormats(
                Xf(0, 0, 0, 0, null),                                                            // Plain
                Xf(1, 0, 0, 0, HorizontalAlignmentValues.Center),                                 // Title
                Xf(0, 0, 0, 0, HorizontalAlignmentValues.Right),                                  // RightPlain
                Xf(0, 0, 0, 0, HorizontalAlignmentValues.Center),                                 // CenterPlain
                Xf(2, 2, 1, 0, HorizontalAlignmentValues.Center, wrap: true),                     // Header
                Xf(0, 0, 1, 0, null, wrap: true),                                                 // Body
                Xf(2, 0, 1, 0, HorizontalAlignmentValues.Center),                                 // LabelTotal
                Xf(0, 0, 1, 0, HorizontalAlignmentValues.Center),                                 // Center
                Xf(0, 0, 1, 49, HorizontalAlignmentValues.Left),                                  // Code (text format @)
                Xf(0, 0, 1, 0, HorizontalAlignmentValues.Center),                                 // NotApplicable
                Xf(0, 0, 1, AmountFormat, HorizontalAlignmentValues.Right),                       // Amount
                Xf(2, 0, 1, AmountFormat, HorizontalAlignmentValues.Right),                       // AmountTotal
                Xf(0, 0, 1, 3, HorizontalAlignmentValues.Right),                                  // Count (#,##0)
                Xf(2, 0, 1, 3, HorizontalAlignmentValues.Right),                                  // CountTotal
                Xf(3, 0, 0, 0, HorizontalAlignmentValues.Left, wrap: true),                       // Footnote
                Xf(0, 0, 1, 0, HorizontalAlignmentValues.Left, indent: 0),
                Xf(0, 0, 1, 0, HorizontalAlignmentValues.Left, indent: 1),
                Xf(0, 0, 1, 0, HorizontalAlignmentValues.Left, indent: 2),
                Xf(0, 0, 1, 0, HorizontalAlignmentValues.Left, indent: 3));
            return new Stylesheet(formats, fonts, fills, borders, new CellStyleFormats(new CellFormat()), xfs);
        }

        private static Font Font(double size, bool bold)
        {
            var font = new Font();
            if (bold)
            {
                font.Append(new Bold());
            }

            font.Append(new FontSize { Val = size });
            font.Append(new FontName { Val = "宋体" });
            return font;
        }

        private static CellFormat Xf(uint font, uint fill, uint border, uint format, HorizontalAlignmentValues? horizontal, bool wrap = false, uint? indent = null)
        {
            var xf = new CellFormat
            {
                FontId = font,
                FillId = fill,
                BorderId = border,
                NumberFormatId = format,
                ApplyFont = font != 0,
                ApplyFill = fill != 0,
                ApplyBorder = border != 0,
                ApplyNumberFormat = format != 0,
            };
            if (horizontal is not null || wrap || indent is not null)
            {
                xf.ApplyAlignment = true;
                xf.Append(new Alignment { Horizontal = horizontal, Vertical = VerticalAlignmentValues.Center, WrapText = wrap ? true : null, Indent = indent is > 0 ? indent : null });
            }

            return xf;
        }
    }
}

/// <summary>The text parts of a report for the workbook's 情况说明 sheet.</summary>
public sealed record WorkbookNarrative(IReadOnlyList<(string Heading, string Text)> Sections, IReadOnlyList<(string Term, string Definition)> Glossary);
