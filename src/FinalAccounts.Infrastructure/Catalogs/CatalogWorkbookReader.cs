using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Common;
using FinalAccounts.Infrastructure.Excel;

namespace FinalAccounts.Infrastructure.Catalogs;

/// <summary>
/// Reads the lines of a catalogue from the ministry's .xlsx workbook: the first sheet, the first row (of the first 20)
/// that has a code column (科目编码/编码/code) and a name column (科目名称/名称/name) is the header, every later
/// non-blank row a line (numbered as Excel numbers rows). The same package checks as a report workbook apply.
/// </summary>
public static class CatalogWorkbookReader
{
    private static readonly string[] CodeHeaders = ["科目编码", "编码", "code", "功能分类科目编码", "经济分类科目编码"];
    private static readonly string[] NameHeaders = ["科目名称", "名称", "name", "功能分类科目名称", "经济分类科目名称"];

    public static Result<IReadOnlyList<CatalogLine>> Read(byte[] bytes)
    {
        var package = ReportWorkbookReader.CheckPackage(bytes, new UploadLimits(CatalogImport.MaxBytes, 300, 100L * 1024 * 1024));
        if (!package.IsSuccess)
        {
            return Result<IReadOnlyList<CatalogLine>>.Failure(package.Errors.Select(e => e with { Code = "catalog." + e.Code.Split('.').Last() }).ToList());
        }

        try
        {
            using var document = SpreadsheetDocument.Open(new MemoryStream(bytes, writable: false), false, new OpenSettings { MaxCharactersInPart = 100L * 1024 * 1024 });
            var workbook = document.WorkbookPart ?? throw new InvalidDataException("no workbook part");
            var strings = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(s => s.InnerText).ToArray() ?? [];
            var first = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault();
            if (first?.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part)
            {
                return Fail("catalog.no_sheet", "工作簿中没有工作表", "工作簿");
            }

            var sheet = ReportWorkbookReader.SheetCells.From(part, strings);
            for (var row = 1; row <= Math.Min(20, sheet.LastRow); row++)
            {
                int? code = null, name = null;
                for (var column = 1; column <= 30; column++)
                {
                    var text = sheet.Text(row, column).Replace(" ", "", StringComparison.Ordinal).Replace("\u3000", "", StringComparison.Ordinal).ToLowerInvariant();
                    code ??= CodeHeaders.Contains(text) ? column : null;
                    name ??= NameHeaders.Contains(text) ? column : null;
                }

                if (code is { } c && name is { } n)
                {
                    var lines = new List<CatalogLine>();
                    for (var r = row + 1; r <= sheet.LastRow; r++)
                    {
                        var codeText = sheet.Text(r, c).Replace(" ", "", StringComparison.Ordinal);
                        var nameText = sheet.Text(r, n);
                        if (codeText.Length > 0 || nameText.Length > 0)
                        {
                            lines.Add(new CatalogLine(r, codeText, nameText));
                        }
                    }

                    return Result<IReadOnlyList<CatalogLine>>.Success(lines);
                }
            }

            return Fail("catalog.header", $"第一个工作表“{first.Name?.Value}”的前 20 行中没有表头“科目编码”“科目名称”（或 code、name）", "第 1 行");
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or InvalidOperationException or IOException or FormatException)
        {
            return Fail("catalog.corrupt", "文件已损坏，无法作为 Excel 工作簿读取（" + e.GetType().Name + "）", "file");
        }
    }

    private static Result<IReadOnlyList<CatalogLine>> Fail(string code, string message, string target) =>
        Result<IReadOnlyList<CatalogLine>>.Failure(new DomainError(code, message, target));
}
