using System.Globalization;
using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Infrastructure.Excel;

/// <summary>Guards against huge files and zip bombs: checked before the workbook is parsed.</summary>
public sealed record UploadLimits(long MaxBytes, int MaxEntries, long MaxUncompressedBytes)
{
    public static UploadLimits Default { get; } = new(10 * 1024 * 1024, 300, 100L * 1024 * 1024);

    /// <summary>From <c>FinalAccounts:Import:MaxMegabytes</c>, <c>MaxEntries</c> and <c>MaxUncompressedMegabytes</c>; defaults otherwise.</summary>
    public static UploadLimits From(Func<string, string?> setting)
    {
        long? Megabytes(string key) => long.TryParse(setting(key), out var mb) && mb > 0 ? mb * 1024 * 1024 : null;
        return new UploadLimits(
            Megabytes("MaxMegabytes") ?? Default.MaxBytes,
            int.TryParse(setting("MaxEntries"), out var entries) && entries > 0 ? entries : Default.MaxEntries,
            Megabytes("MaxUncompressedMegabytes") ?? Default.MaxUncompressedBytes);
    }
}

/// <summary>What a workbook holds: every table's cells, validated against the template, keyed by 表号.</summary>
public sealed record ImportedWorkbook(
    string? TemplateSetId,
    string? DepartmentCode,
    int? FiscalYear,
    IReadOnlyDictionary<string, IReadOnlyList<ReportCell>> Tables,
    IReadOnlyDictionary<CellAddress, string> References)
{
    /// <summary>What the 绩效 sheets hold (without the parts they do not carry; see <see cref="PerformanceWorkbook.Merge"/>), or null when the workbook has none.</summary>
    public FinalAccounts.Domain.Performance.PerformanceDocument? Performance { get; init; }
}

/// <summary>
/// Reads a filled workbook back (the layout <see cref="ReportWorkbookWriter"/> writes): checks the file (.xlsx, size,
/// zip entries), the template set, the sheets and 表号, the fixed rows and codes, then every value. Errors name the
/// sheet (the table's short name) and cell (<c>公开03表!D12</c>) and say what is wrong, in Chinese; all errors are returned together.
/// </summary>
public static class ReportWorkbookReader
{
    public static Result<ImportedWorkbook> Read(
        byte[] bytes, TemplateSet set, Func<TableTemplate, ClassificationCatalog?> catalogOf, UploadLimits limits, string? departmentCode, int fiscalYear)
    {
        var package = CheckPackage(bytes, limits);
        if (!package.IsSuccess)
        {
            return Result<ImportedWorkbook>.Failure(package.Errors);
        }

        try
        {
            using var document = SpreadsheetDocument.Open(new MemoryStream(bytes, writable: false), false,
                new OpenSettings { MaxCharactersInPart = limits.MaxUncompressedBytes });
            return ReadDocument(document, set, catalogOf, departmentCode, fiscalYear);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or InvalidOperationException or IOException or FormatException)
        {
            return Fail("import.corrupt", "文件已损坏，无法作为 Excel 工作簿读取（" + e.GetType().Name + "）");
        }
    }

    /// <summary>Is this an .xlsx at all, within the limits? Refuses .xls/.csv renamed to .xlsx and zip bombs.</summary>
    public static Result<bool> CheckPackage(byte[] bytes, UploadLimits limits)
    {
        if (bytes.Length > limits.MaxBytes)
        {
            return Failure("import.too_large", $"文件大小 {bytes.Length.ToString("#,0", CultureInfo.InvariantCulture)} 字节（约 {Megabytes(bytes.Length)}），超过上限 {Megabytes(limits.MaxBytes)}");
        }

        if (bytes.Length == 0)
        {
            return Failure("import.empty", "文件是空的");
        }

        if (bytes.Length >= 8 && bytes[0] == 0xD0 && bytes[1] == 0xCF && bytes[2] == 0x11 && bytes[3] == 0xE0)
        {
            return Failure("import.not_xlsx", "这是 Excel 97-2003（.xls）格式或加密的文件，请在 Excel 中“另存为”.xlsx 工作簿后再导入");
        }

        if (bytes.Length < 4 || bytes[0] != (byte)'P' || bytes[1] != (byte)'K' || bytes[2] != 3 || bytes[3] != 4)
        {
            return Failure("import.not_xlsx", "文件不是 .xlsx 工作簿（可能是 CSV、文本或其他文件改了扩展名），只能导入 .xlsx");
        }

        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > limits.MaxEntries)
            {
                return Failure("import.zip_bomb", $"压缩包内有 {zip.Entries.Count} 个文件，超过上限 {limits.MaxEntries}，不像是决算工作簿");
            }

            var total = zip.Entries.Sum(e => e.Length);
            if (total > limits.MaxUncompressedBytes)
            {
                return Failure("import.zip_bomb", $"解压后大小 {Megabytes(total)} 超过上限 {Megabytes(limits.MaxUncompressedBytes)}（疑似压缩炸弹），已拒绝");
            }

            if (zip.GetEntry("xl/workbook.xml") is null)
            {
                return Failure("import.not_xlsx", "压缩包不是 Excel 工作簿（缺少 xl/workbook.xml），只能导入 .xlsx");
            }
        }
        catch (InvalidDataException)
        {
            return Failure("import.corrupt", "文件已损坏（压缩结构无效），无法读取");
        }

        return Result<bool>.Success(true);

        static Result<bool> Failure(string code, string message) => Result<bool>.Failure(new DomainError(code, message));
    }

    private static Result<ImportedWorkbook> ReadDocument(
        SpreadsheetDocument document, TemplateSet set, Func<TableTemplate, ClassificationCatalog?> catalogOf, string? departmentCode, int fiscalYear)
    {
        var workbook = document.WorkbookPart ?? throw new InvalidDataException("no workbook part");
        var strings = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(s => s.InnerText).ToArray() ?? [];
        var sheets = workbook.Workbook.Sheets?.Elements<Sheet>().ToList() ?? [];
        SheetCells? Load(string name)
        {
            var sheet = sheets.FirstOrDefault(s => s.Name?.Value == name);
            return sheet?.Id?.Value is { } id && workbook.GetPartById(id) is WorksheetPart part ? SheetCells.From(part, strings) : null;
        }

        var errors = new List<DomainError>();
        var meta = Load(ReportWorkbookWriter.MetaSheet)?.KeyValues() ?? [];
        var metaSet = meta.GetValueOrDefault("templateSet");
        var metaDepartment = meta.GetValueOrDefault("department");
        int? metaYear = int.TryParse(meta.GetValueOrDefault("fiscalYear"), CultureInfo.InvariantCulture, out var y) ? y : null;
        if (metaSet is not null && metaSet != set.Id)
        {
            return Fail("import.wrong_template", $"这是模板“{metaSet}”的工作簿，本决算使用模板“{set.Id}”（{set.Name}），不能导入；请下载本决算的工作簿填写");
        }

        if (!string.IsNullOrEmpty(metaDepartment) && departmentCode is not null && metaDepartment != departmentCode)
        {
            return Fail("import.wrong_report", $"这是部门“{meta.GetValueOrDefault("departmentName") ?? metaDepartment}”的工作簿，不是本部门的决算");
        }

        if (metaYear is { } year && year != fiscalYear)
        {
            return Fail("import.wrong_report", $"这是 {year} 年度的工作簿，本决算是 {fiscalYear} 年度");
        }

        var tables = new Dictionary<string, IReadOnlyList<ReportCell>>();
        var references = new Dictionary<CellAddress, string>();
        foreach (var table in set.Tables)
        {
            var cells = Load(table.ShortName);
            if (cells is null)
            {
                errors.Add(new DomainError("import.missing_sheet", $"缺少工作表“{table.ShortName}”（{table.Title}）", table.ShortName));
                continue;
            }

            var read = ReadTable(cells, table, catalogOf(table), references, errors);
            if (read is not null)
            {
                tables[table.TableNo] = read;
            }
        }

        var performance = PerformanceWorkbook.Read(Load, errors);
        return errors.Count > 0
            ? Result<ImportedWorkbook>.Failure(errors)
            : Result<ImportedWorkbook>.Success(new ImportedWorkbook(metaSet, metaDepartment, metaYear, tables, references) { Performance = performance });
    }

    private static List<ReportCell>? ReadTable(SheetCells sheet, TableTemplate table, ClassificationCatalog? catalog, Dictionary<CellAddress, string> references, List<DomainError> errors)
    {
        var geometry = new SheetGeometry(table);
        var sheetName = table.ShortName;
        string Ref(int column, int row) => $"{sheetName}!{SheetGeometry.Reference(column, row)}";
        var errorCount = errors.Count;

        var title = sheet.Text(SheetGeometry.TitleRow, 1);
        if (Normalize(title) != Normalize(table.Title))
        {
            errors.Add(new DomainError("import.structure", $"标题应为“{table.Title}”，实为“{title}”：工作表与模板不一致", Ref(1, SheetGeometry.TitleRow)));
            return null;
        }

        var caption = sheet.Text(SheetGeometry.CaptionRow, 1);
        if (Normalize(caption) != Normalize(table.Caption))
        {
            errors.Add(new DomainError("import.structure", $"表号应为“{table.Caption}”，实为“{caption}”：工作表与模板不一致", Ref(1, SheetGeometry.CaptionRow)));
            return null;
        }

        var inputs = new List<(CellInput Input, string Reference)>();
        var lastRow = Math.Max(sheet.LastRow, geometry.FirstBodyRow);
        for (var row = geometry.FirstBodyRow; row <= lastRow; row++)
        {
            var first = sheet.Text(row, 1);
            if (first.StartsWith('注') || first.StartsWith("说明", StringComparison.Ordinal))
            {
                break; // footnotes (and an empty table's 说明) follow the body
            }

            var footer = table.Footer.FirstOrDefault(f => Normalize(sheet.Text(row, geometry.StubColumn(f.FromPanel))) == Normalize(f.Label));
            if (footer is not null)
            {
                foreach (var f in table.Footer)
                {
                    var column = geometry.ValueColumn(f.ToPanel, table.Panels[f.ToPanel].Columns[0].No);
                    AddValue(f.Key, table.Panels[f.ToPanel].Columns[0].No, column, row, notApplicable: false);
                }

                break;
            }

            var line = row - geometry.FirstBodyRow;
            for (var p = 0; p < table.Panels.Count; p++)
            {
                var panel = table.Panels[p];
                var start = geometry.StubColumn(p);
                if (panel.Coded is { } coded)
                {
                    // Whole in the first code column, or split over 类|款|项: the cells joined give the code either way.
                    var code = new string(Enumerable.Range(0, panel.CodeSpan).SelectMany(c => sheet.Text(row, start + c)).Where(c => !char.IsWhiteSpace(c)).ToArray());
                    var label = sheet.Text(row, start + panel.CodeSpan);
                    string key;
                    if (code.Length > 0)
                    {
                        key = code;
                    }
                    else if (Normalize(label) == Normalize(coded.TotalLabel))
                    {
                        key = coded.TotalKey;
                    }
                    else
                    {
                        if (panel.Columns.Any(c => sheet.Text(row, geometry.ValueColumn(p, c.No)).Length > 0))
                        {
                            errors.Add(new DomainError("import.missing_code", "这一行有数值但没有科目编码", Ref(start, row)));
                        }

                        continue;
                    }

                    foreach (var column in panel.Columns)
                    {
                        AddValue(key, column.No, geometry.ValueColumn(p, column.No), row, notApplicable: false);
                    }

                    continue;
                }

                if (line >= panel.Rows.Count)
                {
                    continue;
                }

                var template = panel.Rows[line];
                // Rows with a code show it in the code column(s) and the label after them.
                var labelColumn = panel.Stub != StubKind.ItemAndRowNumber && template.Code is not null ? start + panel.CodeSpan : start;
                var found = sheet.Text(row, labelColumn);
                var expected = template.IsFiller ? "" : template.Label;
                if (panel.Stub != StubKind.None && Normalize(found) != Normalize(expected))
                {
                    errors.Add(new DomainError("import.structure",
                        $"应为“{expected}”，实为“{found}”：表格行与模板不一致（请勿插入、删除或移动固定行）", Ref(labelColumn, row)));
                    continue;
                }

                if (template.IsFiller)
                {
                    continue;
                }

                foreach (var column in panel.Columns)
                {
                    AddValue(template.Key, column.No, geometry.ValueColumn(p, column.No), row, notApplicable: !template.Accepts(column.No));
                }
            }
        }

        if (errors.Count > errorCount)
        {
            return null;
        }

        var validated = TableCellsValidator.Validate(table, catalog, inputs.Select(i => i.Input));
        if (!validated.IsSuccess)
        {
            var byTarget = inputs.GroupBy(i => $"{table.ShortName}[{i.Input.Row},{i.Input.Col}]").ToDictionary(g => g.Key, g => g.Last().Reference);
            errors.AddRange(validated.Errors.Select(e => e with { Target = e.Target is not null && byTarget.TryGetValue(e.Target, out var r) ? r : e.Target ?? sheetName }));
            return null;
        }

        foreach (var (input, reference) in inputs)
        {
            references[new CellAddress(table.TableNo, input.Row, input.Col)] = reference;
        }

        return validated.Value.ToList();

        void AddValue(string rowKey, int columnNo, int sheetColumn, int row, bool notApplicable)
        {
            var raw = sheet.Get(row, sheetColumn);
            var reference = Ref(sheetColumn, row);
            switch (raw)
            {
                case null:
                    return;
                case { Error: { } error }:
                    errors.Add(new DomainError("import.formula", $"公式结果为错误值 {error}", reference));
                    return;
                case { Unevaluated: true }:
                    errors.Add(new DomainError("import.formula", "公式没有计算结果（请在 Excel 中重新计算并保存后再导入）", reference));
                    return;
                case { Text: var text } when notApplicable && (text.Trim() is "——" or "—" or "--" or "-" or ""):
                    return;
                default:
                    var value = raw.Number is { } n ? Tidy(n, table.KindOf(rowKey, columnNo)) : raw.Text;
                    if (!string.IsNullOrWhiteSpace(value))
                    {
                        inputs.Add((new CellInput(rowKey, columnNo, value), reference));
                    }

                    return;
            }
        }
    }

    /// <summary>Excel stores doubles: a computed 0.1+0.2 comes back as 0.30000000000000004. Snap such noise to 2 decimals.</summary>
    private static string Tidy(decimal number, ValueKind kind)
    {
        var places = kind == ValueKind.Count ? 0 : 2;
        var rounded = decimal.Round(number, places);
        return Math.Abs(number - rounded) < 0.000001m ? rounded.ToString(CultureInfo.InvariantCulture) : number.ToString(CultureInfo.InvariantCulture);
    }

    private static string Normalize(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());

    private static string Megabytes(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " MB";

    private static Result<ImportedWorkbook> Fail(string code, string message) => Result<ImportedWorkbook>.Failure(new DomainError(code, message));

    internal sealed record RawCell(string Text, decimal? Number, string? Error, bool Unevaluated);

    /// <summary>A sheet's cells by (row, column), with shared strings resolved.</summary>
    internal sealed class SheetCells
    {
        private readonly Dictionary<(int Row, int Column), RawCell> _cells = [];

        public int LastRow { get; private set; }

        public static SheetCells From(WorksheetPart part, string[] strings)
        {
            var sheet = new SheetCells();
            using var reader = OpenXmlReader.Create(part);
            while (reader.Read())
            {
                if (reader.ElementType != typeof(Cell) || !reader.IsStartElement)
                {
                    continue;
                }

                var cell = (Cell)reader.LoadCurrentElement()!;
                var reference = cell.CellReference?.Value;
                if (reference is null)
                {
                    continue;
                }

                var column = SheetGeometry.ColumnIndex(reference);
                var row = int.Parse(reference.AsSpan(SheetGeometry.ColumnName(column).Length), CultureInfo.InvariantCulture);
                sheet.LastRow = Math.Max(sheet.LastRow, row);
                var raw = Interpret(cell, strings);
                if (raw is not null)
                {
                    sheet._cells[(row, column)] = raw;
                }
            }

            return sheet;
        }

        public RawCell? Get(int row, int column) => _cells.GetValueOrDefault((row, column));

        public string Text(int row, int column) => Get(row, column)?.Text.Trim() ?? "";

        public Dictionary<string, string> KeyValues() =>
            _cells.Where(c => c.Key.Column == 1).ToDictionary(c => c.Value.Text, c => Get(c.Key.Row, 2)?.Text ?? "");

        private static RawCell? Interpret(Cell cell, string[] strings)
        {
            var value = cell.CellValue?.Text;
            var type = cell.DataType?.Value;
            if (cell.CellFormula is not null && value is null)
            {
                return new RawCell("", null, null, Unevaluated: true);
            }

            if (type == CellValues.Error)
            {
                return new RawCell(value ?? "#ERROR", null, value ?? "#ERROR", false);
            }

            if (type == CellValues.SharedString)
            {
                return int.TryParse(value, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < strings.Length
                    ? Textual(strings[index])
                    : throw new InvalidDataException("bad shared string index");
            }

            if (type == CellValues.InlineString)
            {
                return Textual(cell.InlineString?.InnerText ?? "");
            }

            if (type == CellValues.String || type == CellValues.Boolean || type == CellValues.Date)
            {
                return Textual(value ?? "");
            }

            if (value is null)
            {
                return null;
            }

            return decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? new RawCell(number.ToString(CultureInfo.InvariantCulture), number, null, false)
                : Textual(value);

            static RawCell? Textual(string text) => text.Length == 0 ? null : new RawCell(text, null, null, false);
        }
    }
}
