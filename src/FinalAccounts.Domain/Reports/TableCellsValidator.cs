using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Domain.Reports;

/// <summary>A cell as written through the API or a data file: row key, 栏次 and the value as text (blank = no value).</summary>
public sealed record CellInput(string Row, int Col, string? Value);

/// <summary>
/// Checks a whole table's cells against its template before anything is stored: the row and 栏次 must exist, “——”
/// and filler cells stay blank, codes must be well-formed and known, values must be numbers of the right kind.
/// All errors are returned together; a table with any error is stored not at all.
/// </summary>
public static class TableCellsValidator
{
    /// <param name="printedNames">
    /// Names as printed for codes the catalogue does not (yet) have: such a row is accepted and later flagged for an
    /// explanation and the administrator's confirmation (ADR 0019); without a name an unknown code is refused.
    /// </param>
    public static Result<IReadOnlyList<ReportCell>> Validate(TableTemplate table, ClassificationCatalog? catalog, IEnumerable<CellInput> inputs, IReadOnlyDictionary<string, string>? printedNames = null)
    {
        var errors = new List<DomainError>();
        var cells = new List<ReportCell>();
        var seen = new HashSet<(string, int)>();
        foreach (var input in inputs)
        {
            var target = $"{table.ShortName}[{input.Row},{input.Col}]";
            if (string.IsNullOrWhiteSpace(input.Value))
            {
                continue;
            }

            if (!seen.Add((input.Row, input.Col)))
            {
                errors.Add(new DomainError("cell.duplicate", "同一单元格出现多次", target));
                continue;
            }

            var located = Locate(table, catalog, printedNames, input.Row, input.Col, target);
            if (!located.IsSuccess)
            {
                errors.AddRange(located.Errors);
                continue;
            }

            var (column, kind) = located.Value;
            var value = CellValueText.Parse(input.Value, kind, column.AllowNegative, target);
            if (!value.IsSuccess)
            {
                errors.AddRange(value.Errors);
                continue;
            }

            cells.Add(new ReportCell(table.TableNo, input.Row, input.Col, value.Value));
        }

        return errors.Count > 0
            ? Result<IReadOnlyList<ReportCell>>.Failure(errors)
            : Result<IReadOnlyList<ReportCell>>.Success(cells);
    }

    private static Result<(ColumnTemplate Column, ValueKind Kind)> Locate(TableTemplate table, ClassificationCatalog? catalog, IReadOnlyDictionary<string, string>? printedNames, string rowKey, int col, string target)
    {
        var footer = table.FindFooter(rowKey);
        if (footer is not null)
        {
            // A footer total holds one value, in column 1 of the table's panels.
            var footerColumn = table.Panels[footer.ToPanel].Columns[0];
            return col == footerColumn.No
                ? Result<(ColumnTemplate, ValueKind)>.Success((footerColumn, footerColumn.Kind))
                : Fail("cell.unknown_column", $"“{footer.Label}”只有第 {footerColumn.No} 栏");
        }

        var row = table.FindFixedRow(rowKey);
        if (row is not null)
        {
            var panel = table.PanelOf(rowKey)!;
            var column = panel.FindColumn(col);
            if (column is null)
            {
                return Fail("cell.unknown_column", $"第 {rowKey} 行没有第 {col} 栏");
            }

            if (row.IsFiller)
            {
                return Fail("cell.filler_row", $"第 {rowKey} 行是空行，不能填数");
            }

            if (!row.Accepts(col))
            {
                return Fail("cell.not_applicable", "该单元格为“——”（不适用），不能填数");
            }

            return Result<(ColumnTemplate, ValueKind)>.Success((column, row.KindFor(column)));
        }

        var coded = table.CodedPanel;
        if (coded?.Coded is null)
        {
            return Fail("cell.unknown_row", $"本表没有第 {rowKey} 行");
        }

        var codedColumn = coded.FindColumn(col);
        if (codedColumn is null)
        {
            return Fail("cell.unknown_column", $"本表没有第 {col} 栏");
        }

        if (rowKey != coded.Coded.TotalKey)
        {
            if (!rowKey.All(char.IsAsciiDigit) || ClassificationCode.LevelOf(rowKey, coded.Coded.LevelLengths) < 0)
            {
                var lengths = string.Join("/", coded.Coded.LevelLengths);
                return Fail("cell.bad_code", $"科目编码“{rowKey}”格式不正确（应为 {lengths} 位数字）");
            }

            if (catalog is not null && !catalog.Contains(rowKey) && printedNames?.ContainsKey(rowKey) != true)
            {
                return Fail("cell.unknown_code", $"科目编码 {rowKey} 不在 {catalog.Year} 年{CatalogImport.KindName(catalog.Kind)}科目中；如报表确有此科目，请同时填写其印制的科目名称（names），该行将标注待管理员确认");
            }
        }

        return Result<(ColumnTemplate, ValueKind)>.Success((codedColumn, codedColumn.Kind));

        Result<(ColumnTemplate, ValueKind)> Fail(string code, string message) =>
            Result<(ColumnTemplate, ValueKind)>.Failure(new DomainError(code, message, target));
    }
}
