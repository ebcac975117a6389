using System.Text.Json;
using System.Text.RegularExpressions;
using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Common;

namespace FinalAccounts.Domain.Templates;

/// <summary>
/// Reads a template set from its JSON data file and validates it. Every problem is reported with the table and row
/// it concerns, so a malformed file is rejected at start-up with a message a template author can act on.
/// </summary>
public static partial class TemplateSetParser
{
    public static Result<TemplateSet> Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            return Result<TemplateSet>.Failure(new DomainError(
                "template.json",
                $"不是有效的 JSON（第 {ex.LineNumber + 1} 行第 {ex.BytePositionInLine + 1} 个字节）：{ex.Message}",
                source));
        }

        using (document)
        {
            // The schema first: it names every misspelt or misplaced field by its JSON path, which the reader below
            // (which reads only the fields it knows) would silently ignore.
            var errors = TemplateSetSchema.Check(document.RootElement)
                .Select(e => new DomainError("template.schema", $"{e.Message}（位置 {e.Path}）", source))
                .ToList();
            if (errors.Count > 0)
            {
                return Result<TemplateSet>.Failure(errors);
            }

            var reader = new Reader(source, errors);
            var set = reader.ReadSet(document.RootElement);
            return errors.Count == 0 && set is not null ? Result<TemplateSet>.Success(set) : Result<TemplateSet>.Failure(errors);
        }
    }

    /// <summary>
    /// Every error of a template set's JSON — syntax (line and byte), schema (JSON path), and meaning (table, row,
    /// 栏次, with the JSON path) — or none. Pure: the upload screen and the start-up loader use the same checks.
    /// </summary>
    public static IReadOnlyList<DomainError> Validate(string json, string source = "模板") => Parse(json, source).Errors;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
    private static partial Regex IdPattern();

    private sealed class Reader(string source, List<DomainError> errors)
    {
        private string _where = source;
        private string _path = "$";

        private void Error(string message, string? at = null) =>
            errors.Add(new DomainError("template.invalid", $"{message}（位置 {_path}）", at ?? _where));

        public TemplateSet? ReadSet(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Error("模板文件的根必须是对象");
                return null;
            }

            var id = String(root, "id") ?? "";
            if (!IdPattern().IsMatch(id))
            {
                Error($"模板编号“{id}”无效：只能使用小写字母、数字和连字符");
            }

            _where = $"模板 {id}";
            var setLayout = ReadLayout(root, PrintLayout.Default, "$.layout");
            var captionPattern = "公开{tableNo}表";
            if (root.TryGetProperty("layout", out var layoutElement) && layoutElement.ValueKind == JsonValueKind.Object && layoutElement.TryGetProperty("caption", out var pattern))
            {
                captionPattern = pattern.ValueKind == JsonValueKind.String ? pattern.GetString() ?? "" : "";
            }

            var overview = ReadOverview(root);
            var version = String(root, "version") ?? "";
            var name = String(root, "name") ?? "";
            var locality = String(root, "locality") ?? "";
            var fiscalYear = Int(root, "fiscalYear") ?? 0;
            var catalogYear = Int(root, "catalogYear") ?? fiscalYear;
            if (fiscalYear is < 2000 or > 2100)
            {
                Error($"年度 {fiscalYear} 不在 2000–2100 之间");
            }

            int? firstYear = null, lastYear = null;
            if (root.TryGetProperty("years", out var years))
            {
                if (years.ValueKind != JsonValueKind.Object)
                {
                    Error("字段 years 应为对象（{\"from\": 年度, \"to\": 年度}）");
                }
                else
                {
                    firstYear = Int(years, "from");
                    lastYear = Int(years, "to");
                    if ((firstYear ?? fiscalYear) > fiscalYear || (lastYear ?? fiscalYear) < fiscalYear)
                    {
                        Error($"适用年度 {firstYear ?? fiscalYear}–{lastYear ?? fiscalYear} 应包含表样年度 {fiscalYear}");
                    }
                }
            }

            var tables = new List<TableTemplate>();
            if (!root.TryGetProperty("tables", out var tablesElement) || tablesElement.ValueKind != JsonValueKind.Array || tablesElement.GetArrayLength() == 0)
            {
                Error("缺少表格定义（tables）");
            }
            else
            {
                var setWhere = _where;
                var index = 0;
                foreach (var tableElement in tablesElement.EnumerateArray())
                {
                    _path = $"$.tables[{index++}]";
                    var table = ReadTable(tableElement, setWhere, setLayout, captionPattern);
                    if (table is null)
                    {
                        continue;
                    }

                    if (tables.Any(t => t.TableNo == table.TableNo))
                    {
                        Error($"表号 {table.TableNo} 重复", $"{setWhere} 表 {table.TableNo}");
                    }

                    tables.Add(table);
                }

                _where = setWhere;
            }

            _path = "$";
            return errors.Count == 0 ? new TemplateSet(id, version, name, locality, fiscalYear, catalogYear, tables, firstYear, lastYear, overview, String(root, "note")) : null;
        }

        private TableTemplate? ReadTable(JsonElement element, string setWhere, PrintLayout setLayout, string captionPattern)
        {
            var errorsBefore = errors.Count;
            var tableNo = String(element, "tableNo") ?? "";
            var tablePath = _path;
            _where = $"{setWhere} 表 {tableNo}"; // until the caption is known
            if (!TableNoPattern().IsMatch(tableNo))
            {
                Error($"表号“{tableNo}”无效：应为两位数字");
                return null;
            }

            var title = Required(element, "title");
            var tableName = Required(element, "name");
            var caption = String(element, "caption") ?? captionPattern.Replace("{tableNo}", tableNo, StringComparison.Ordinal);
            var unitLabel = Required(element, "unitLabel");
            var print = ReadLayout(element, setLayout, $"{tablePath}.layout");
            _where = $"{setWhere} {(caption.Length > 0 ? caption : $"表 {tableNo}（{title}）")}";
            var tableWhere = _where;

            var panels = new List<TablePanel>();
            var rowKeys = new HashSet<string>(StringComparer.Ordinal);
            if (!element.TryGetProperty("panels", out var panelsElement) || panelsElement.ValueKind != JsonValueKind.Array || panelsElement.GetArrayLength() == 0)
            {
                Error("缺少栏目区（panels）");
            }
            else
            {
                var panelIndex = 0;
                foreach (var panelElement in panelsElement.EnumerateArray())
                {
                    _where = $"{tableWhere} 第 {panelIndex + 1} 栏目区";
                    _path = $"{tablePath}.panels[{panelIndex++}]";
                    var panel = ReadPanel(panelElement, panels.Count, tableWhere, rowKeys, print);
                    if (panel is not null)
                    {
                        panels.Add(panel);
                    }
                }
            }

            _where = tableWhere;
            _path = tablePath;
            if (panels.Count(p => p.Coded is not null) > 1)
            {
                Error("一张表最多只能有一个按科目编码列示的栏目区");
            }

            var footer = new List<FooterRow>();
            if (element.TryGetProperty("footer", out var footerElement))
            {
                var footerIndex = 0;
                foreach (var f in footerElement.EnumerateArray())
                {
                    _path = $"{tablePath}.footer[{footerIndex++}]";
                    var key = String(f, "key") ?? "";
                    _where = $"{tableWhere} 合计行 {key}";
                    var label = Required(f, "label");
                    var from = Int(f, "fromPanel") ?? -1;
                    var to = Int(f, "toPanel") ?? from;
                    if (key.Length == 0 || !rowKeys.Add(key))
                    {
                        Error($"合计行键“{key}”为空或重复");
                    }

                    if (from < 0 || to < from || to >= panels.Count)
                    {
                        Error($"合计行的栏目区范围 {from}–{to} 无效（共 {panels.Count} 个栏目区）");
                    }

                    footer.Add(new FooterRow(key, label, from, to));
                }
            }

            _where = tableWhere;
            _path = $"{tablePath}.header";
            var header = ReadHeader(element, panels.Sum(p => p.Width), print, panels);
            _path = tablePath;
            var footnotes = element.TryGetProperty("footnotes", out var notes)
                ? notes.EnumerateArray().Select(n => n.GetString() ?? "").ToList()
                : [];
            if (print.CodeColumns == CodeColumns.Split && panels.Where(p => p.Stub == StubKind.CodeAndName).Any(p => p.CodeSpan < 2))
            {
                Error("编码分列（codeColumns: split）要求编码列跨度 codeSpan 至少为 2（类|款 或 类|款|项）");
            }

            var shortName = String(element, "shortName") ?? (caption.Length > 0 ? caption : title);
            if (shortName.Length > 31 || shortName.IndexOfAny(['[', ']', ':', '*', '?', '/', '\\']) >= 0)
            {
                // It names the table's worksheet, and Excel refuses such sheet names.
                Error($"表的简称“{shortName}”不能用作工作表名：不超过 31 个字符，不含 [ ] : * ? / \\（可用 shortName 另设）");
            }

            if (panels.Any(p => p.Stub == StubKind.None) && (panels.Count != 1 || panels[0].Rows.Count != 1))
            {
                Error("无表头列（stub: none）的表只能有一个栏目区和一行数据");
            }

            // A table with errors is not built: its parts may contradict each other (duplicate keys and the like).
            return errors.Count > errorsBefore ? null : new TableTemplate(
                tableNo, tableName, title, caption, unitLabel, header, panels, footer, footnotes, Bool(element, "optional"), print, String(element, "shortName"), String(element, "emptyNote"));
        }

        private TablePanel? ReadPanel(JsonElement element, int index, string tableWhere, HashSet<string> rowKeys, PrintLayout print)
        {
            // 栏次 are unique within a panel; side-by-side panels may repeat them (公开06表: 金额 in every group).
            var columnNos = new HashSet<int>();
            var stubText = String(element, "stub");
            StubKind stub;
            switch (stubText)
            {
                case "item-rowno":
                    stub = StubKind.ItemAndRowNumber;
                    break;
                case "code-name":
                    stub = StubKind.CodeAndName;
                    break;
                case "none":
                    stub = StubKind.None;
                    break;
                default:
                    Error($"栏目区的表头类型“{stubText}”无效：应为 item-rowno、code-name 或 none");
                    return null;
            }

            var codeSpan = Int(element, "codeSpan") ?? 1;
            if (codeSpan is < 1 or > 3)
            {
                Error($"编码列跨度 {codeSpan} 无效：应为 1–3");
            }

            var columns = new List<ColumnTemplate>();
            if (!element.TryGetProperty("columns", out var columnsElement) || columnsElement.GetArrayLength() == 0)
            {
                Error("栏目区没有数值栏（columns）");
            }
            else
            {
                foreach (var c in columnsElement.EnumerateArray())
                {
                    var no = Int(c, "no") ?? 0;
                    var label = String(c, "label") ?? "";
                    var kind = ReadKind(c) ?? ValueKind.Amount;
                    if (no < 1 || !columnNos.Add(no))
                    {
                        Error($"栏次 {no} 无效或重复", $"{tableWhere} 栏次 {no}");
                    }

                    columns.Add(new ColumnTemplate(no, label, kind, Bool(c, "allowNegative")));
                }
            }

            CodedRows? coded = null;
            if (element.TryGetProperty("coded", out var codedElement))
            {
                var classification = String(codedElement, "classification") switch
                {
                    "functional" => ClassificationKind.Functional,
                    "economic" => ClassificationKind.Economic,
                    var other => Fail<ClassificationKind>($"科目分类“{other}”无效：应为 functional 或 economic"),
                };
                var levels = codedElement.TryGetProperty("levels", out var levelsElement)
                    ? levelsElement.EnumerateArray().Select(l => l.GetInt32()).ToList()
                    : [];
                if (levels.Count == 0 || levels.Zip(levels.Skip(1)).Any(p => p.First >= p.Second) || levels[0] < 1)
                {
                    Error("科目级次长度（levels）必须是递增的正整数，如 [3,5,7]");
                }

                var totalKey = "合计";
                var totalLabel = "合计";
                if (codedElement.TryGetProperty("totalRow", out var total))
                {
                    totalKey = String(total, "key") ?? totalKey;
                    totalLabel = String(total, "label") ?? totalLabel;
                }

                if (!rowKeys.Add(totalKey))
                {
                    Error($"合计行键“{totalKey}”重复");
                }

                coded = new CodedRows(classification, levels, totalKey, totalLabel);
            }

            var rows = new List<RowTemplate>();
            if (element.TryGetProperty("rows", out var rowsElement))
            {
                if (coded is not null && rowsElement.GetArrayLength() > 0)
                {
                    Error("按科目编码列示的栏目区不能同时定义固定行");
                }

                var panelPath = _path;
                var rowIndex = 0;
                foreach (var r in rowsElement.EnumerateArray())
                {
                    _path = $"{panelPath}.rows[{rowIndex++}]";
                    var row = ReadRow(r, tableWhere, columns);
                    if (row is null)
                    {
                        continue;
                    }

                    if (!rowKeys.Add(row.Key))
                    {
                        Error($"行键“{row.Key}”重复", $"{tableWhere} 行 {row.Key}");
                    }

                    rows.Add(row);
                }

                _path = panelPath;
            }

            if (coded is null && rows.Count == 0)
            {
                Error("栏目区既没有固定行，也没有按科目编码列示的定义");
            }

            return new TablePanel(index, stub, codeSpan, columns, rows, coded, print.RowNumbers);
        }

        private RowTemplate? ReadRow(JsonElement r, string tableWhere, List<ColumnTemplate> columns)
        {
            var key = String(r, "key") ?? "";
            var previous = _where;
            _where = $"{tableWhere} 行 {key}";
            try
            {
                if (key.Length is 0 or > 20)
                {
                    Error("行键为空或超过 20 个字符");
                    return null;
                }

                var filler = Bool(r, "filler");
                var label = String(r, "label") ?? "";
                if (!filler && label.Length == 0)
                {
                    Error("非空行必须有项目名称（label）");
                }

                var indent = Int(r, "indent") ?? 0;
                if (indent is < 0 or > 5)
                {
                    Error($"缩进 {indent} 无效：应为 0–5");
                }

                var notApplicable = new HashSet<int>();
                if (r.TryGetProperty("na", out var na))
                {
                    foreach (var c in na.EnumerateArray())
                    {
                        var no = c.GetInt32();
                        if (columns.All(col => col.No != no))
                        {
                            Error($"“——”单元格指向不存在的栏次 {no}");
                        }

                        notApplicable.Add(no);
                    }
                }

                // A row's code is the correct one; a misprint of the official form is kept beside it (printedCode) and
                // must be explained (note), so that no report is held to the form's own error.
                var code = String(r, "code");
                if (code is not null && !ClassificationCode.IsWellFormed(ClassificationKind.Functional, code))
                {
                    Error($"科目编码“{code}”无效：应为 3、5 或 7 位数字（表样上的印刷错误写在 printedCode，正确编码写在 code）");
                }

                var printedCode = String(r, "printedCode");
                var note = String(r, "note");
                if (printedCode is not null && (code is null || printedCode == code || string.IsNullOrWhiteSpace(note)))
                {
                    Error("printedCode 只用于记录表样印错的编码：须同时给出正确的 code 和说明（note）");
                }

                return new RowTemplate(key, label, indent, Bool(r, "total"), filler, code, ReadKind(r), notApplicable, printedCode, note);
            }
            finally
            {
                _where = previous;
            }
        }

        private List<IReadOnlyList<HeaderCell>> ReadHeader(JsonElement element, int bodyWidth, PrintLayout print, List<TablePanel> panels)
        {
            var header = new List<IReadOnlyList<HeaderCell>>();
            if (!element.TryGetProperty("header", out var headerElement) || headerElement.GetArrayLength() == 0)
            {
                Error("缺少表头（header）");
                return header;
            }

            // Occupancy per header line: cells spanning several lines reserve columns in the lines below.
            var carried = new int[headerElement.GetArrayLength() + 8];
            var lineNo = 0;
            var headerPath = _path;
            foreach (var line in headerElement.EnumerateArray())
            {
                _path = $"{headerPath}[{lineNo}]";
                var cells = new List<HeaderCell>();
                foreach (var cell in line.EnumerateArray())
                {
                    var colSpan = Int(cell, "colspan") ?? 1;
                    var rowSpan = Int(cell, "rowspan") ?? 1;
                    if (colSpan < 1 || rowSpan < 1 || lineNo + rowSpan > headerElement.GetArrayLength())
                    {
                        Error($"表头第 {lineNo + 1} 行“{String(cell, "text")}”的跨度无效");
                    }

                    for (var below = lineNo + 1; below < lineNo + rowSpan && below < carried.Length; below++)
                    {
                        carried[below] += colSpan;
                    }

                    cells.Add(new HeaderCell(String(cell, "text") ?? "", colSpan, rowSpan));
                }

                var width = cells.Sum(c => c.ColSpan) + carried[lineNo];
                _path = $"{headerPath}[{lineNo}]";
                if (width != bodyWidth)
                {
                    Error($"表头第 {lineNo + 1} 行宽 {width} 列，与表体宽 {bodyWidth} 列不一致");
                }

                header.Add(cells);
                lineNo++;
            }

            _path = headerPath;

            // The header is printed as written; the layout says what the form prints, and the two must agree.
            var texts = header.SelectMany(l => l).Select(c => new string(c.Text.Where(ch => !char.IsWhiteSpace(ch)).ToArray())).ToList();
            if (!print.ColumnNumbers && texts.Contains("栏次"))
            {
                Error("表头含“栏次”，但布局规定不印栏次（layout.columnNumbers: false）");
            }

            if (!print.RowNumbers && texts.Contains("行次"))
            {
                Error("表头含“行次”，但布局规定不印行次（layout.rowNumbers: false）");
            }

            return header;
        }

        /// <summary>A <c>layout</c> object (set or table level): each field present overrides <paramref name="inherited"/>.</summary>
        private PrintLayout ReadLayout(JsonElement owner, PrintLayout inherited, string path)
        {
            if (!owner.TryGetProperty("layout", out var layout) || layout.ValueKind != JsonValueKind.Object)
            {
                return inherited;
            }

            var previous = _path;
            _path = path;
            try
            {
                return new PrintLayout(
                    OptionalBool(layout, "departmentLine") ?? inherited.DepartmentLine,
                    OptionalBool(layout, "rowNumbers") ?? inherited.RowNumbers,
                    OptionalBool(layout, "columnNumbers") ?? inherited.ColumnNumbers,
                    String(layout, "codedTotal") switch
                    {
                        null => inherited.CodedTotal,
                        "first" => TotalPosition.First,
                        "last" => TotalPosition.Last,
                        var other => Fail<TotalPosition>($"合计行位置“{other}”无效：应为 first 或 last"),
                    },
                    String(layout, "codeColumns") switch
                    {
                        null => inherited.CodeColumns,
                        "whole" => CodeColumns.Whole,
                        "split" => CodeColumns.Split,
                        var other => Fail<CodeColumns>($"编码列印法“{other}”无效：应为 whole 或 split"),
                    });
            }
            finally
            {
                _path = previous;
            }
        }

        private OverviewLayout ReadOverview(JsonElement root)
        {
            if (!root.TryGetProperty("overview", out var o) || o.ValueKind != JsonValueKind.Object)
            {
                return OverviewLayout.Default;
            }

            _path = "$.overview";
            var d = OverviewLayout.Default;
            var columns = d.UnitsColumns;
            if (o.TryGetProperty("unitsColumns", out var cols) && cols.ValueKind == JsonValueKind.Array)
            {
                var list = new List<UnitsColumn>();
                var i = 0;
                foreach (var c in cols.EnumerateArray())
                {
                    _path = $"$.overview.unitsColumns[{i++}]";
                    var field = String(c, "field") ?? "";
                    if (!UnitsColumn.Fields.Contains(field))
                    {
                        Error($"单位表的列“{field}”无效：应为 {string.Join("、", UnitsColumn.Fields)}");
                    }

                    list.Add(new UnitsColumn(field, Required(c, "label")));
                }

                columns = list;
            }

            _path = "$.overview";
            var result = new OverviewLayout(
                String(o, "title") ?? d.Title,
                String(o, "dutiesHeading") ?? d.DutiesHeading,
                String(o, "unitsHeading") ?? d.UnitsHeading,
                String(o, "unitsSentence") ?? d.UnitsSentence,
                columns,
                OptionalBool(o, "staff") ?? d.Staff)
            {
                TablesHeading = String(o, "tablesHeading") ?? d.TablesHeading,
            };
            _path = "$";
            return result;
        }

        private static bool? OptionalBool(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

        private ValueKind? ReadKind(JsonElement element) => String(element, "kind") switch
        {
            null => null,
            "amount" => ValueKind.Amount,
            "count" => ValueKind.Count,
            var other => Fail<ValueKind?>($"数值类型“{other}”无效：应为 amount 或 count"),
        };

        private T Fail<T>(string message)
        {
            Error(message);
            return default!;
        }

        private string Required(JsonElement element, string name)
        {
            var value = String(element, name);
            if (string.IsNullOrWhiteSpace(value))
            {
                Error($"缺少必填字段 {name}");
            }

            return value ?? "";
        }

        private string? String(JsonElement element, string name)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Error($"字段 {name} 应为字符串");
                return null;
            }

            return value.GetString();
        }

        private int? Int(JsonElement element, string name)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            {
                Error($"字段 {name} 应为整数");
                return null;
            }

            return number;
        }

        private static bool Bool(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
    }

    [GeneratedRegex("^[0-9]{2}$")]
    private static partial Regex TableNoPattern();
}
