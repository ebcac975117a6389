using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Domain.Reconciliation;

/// <summary>
/// Structure checks (S rules) that are not arithmetic: which tables carry data, the printed names and units, the
/// shape of classification codes, blank “——” and filler cells, decimals. A rule names one in its <c>builtin</c> field.
/// </summary>
internal static class BuiltinChecks
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>
    {
        "tables-present", "header", "narrative", "units", "functional-codes", "economic-codes", "filler-blank", "na-blank", "decimals", "names", "unconfirmed-codes",
    };

    public static List<CheckResult> Run(ReconciliationRule rule, ReconciliationData data)
    {
        var findings = new List<(string Message, IReadOnlyList<CellRef> Cells)>();
        var checkedSomething = true;
        switch (rule.Builtin)
        {
            case "tables-present":
                foreach (var table in data.Tables.Where(t => !t.Template.Optional && t.IsEmpty))
                {
                    findings.Add(($"{table.Template.ShortName} {table.Template.Title} 缺失（没有任何数据）", []));
                }

                break;
            case "header":
                var names = data.Facts.Aliases.Append(data.Facts.DepartmentName).ToHashSet();
                if (!names.Contains(data.Facts.NameInHeaders))
                {
                    findings.Add(($"表头部门“{data.Facts.NameInHeaders}”与部门名称“{data.Facts.DepartmentName}”及其别名都不一致", []));
                }

                if (!data.Set.Serves(data.Facts.FiscalYear))
                {
                    findings.Add(($"决算年度 {data.Facts.FiscalYear} 不在表样的适用年度 {data.Set.YearsText} 内", []));
                }

                break;
            case "units":
                foreach (var table in data.Set.Tables)
                {
                    var amounts = table.Panels.SelectMany(p => p.Columns).Any(c => c.Kind == ValueKind.Amount);
                    if (amounts != table.UnitLabel.Contains("万元", StringComparison.Ordinal))
                    {
                        findings.Add(($"{table.ShortName} 的单位“{table.UnitLabel}”与其数值类型不符", []));
                    }
                }

                break;
            case "functional-codes":
                foreach (var table in data.Tables.Where(t => t.Template.CodedPanel?.Coded is not null))
                {
                    FunctionalCodes(table, data.Facts, findings);
                }

                break;
            case "unconfirmed-codes":
                // Codes entered with their printed name but not (yet) in the catalogue: kept, explained, and listed
                // for an administrator to confirm; an import that adds the code clears the flag.
                foreach (var table in data.Tables.Where(t => t.Template.CodedPanel?.Coded is not null && t.Catalog is not null))
                {
                    var column = table.Template.CodedPanel!.Columns[0].No;
                    foreach (var code in table.Codes.Where(c => !table.Catalog!.Contains(c)))
                    {
                        if (data.Facts.PrintedNames.TryGetValue((table.Template.TableNo, code), out var printed))
                        {
                            findings.Add(($"{table.Template.Caption}[{code},{column}] 科目 {code}“{printed}”不在 {table.Catalog!.Year} 年{CatalogImport.KindName(table.Catalog.Kind)}科目中（按报表印制的名称填报，待管理员确认）",
                                [new CellRef(table.Template.TableNo, code, column, table.Get(code, column))]));
                        }
                    }
                }

                break;
            case "economic-codes":
                // The form's own codes are checked when the set is loaded (a misprint there is the template's, recorded
                // as printedCode + note): here only what the department filed.
                foreach (var table in data.Tables)
                {
                    // Values filed under a code the form does not have (e.g. an imported 310111).
                    if (table.Template.CodedPanel is null && table.Template.Panels.Any(p => p.Stub == StubKind.CodeAndName))
                    {
                        foreach (var (row, column, value) in table.Cells.Where(c => table.Template.FindFixedRow(c.Row) is null && table.Template.FindFooter(c.Row) is null))
                        {
                            findings.Add(($"{table.Template.ShortName}编码 {row} 不是本表的经济分类科目（类 3 位、款 5 位）", [new CellRef(table.Template.TableNo, row, column, value)]));
                        }
                    }
                }

                break;
            case "filler-blank":
            case "na-blank":
                var filler = rule.Builtin == "filler-blank";
                // Row by row over the stored arrays: the template row is looked up once per row, not once per cell
                // (these checks read every cell of the report).
                foreach (var (table, row, entry) in data.StoredRows())
                {
                    var values = entry.Values;
                    var template = entry.Read.Fixed; // the template's fixed row, found when the row was stored
                    if (template is null || (filler ? !template.IsFiller : template.IsFiller || template.NotApplicableColumns.Count == 0))
                    {
                        continue;
                    }

                    for (var column = 0; column < values.Length; column++)
                    {
                        if (values[column] is { } value && (filler || template.NotApplicableColumns.Contains(column)))
                        {
                            findings.Add((filler ? $"{table.Template.ShortName}第 {row} 行是空行，不应有数" : $"{table.Template.ShortName}第 {row} 行第 {column} 栏为“——”，不应有数",
                                [new CellRef(table.Template.TableNo, row, column, value)]));
                        }
                    }
                }

                break;
            case "decimals":
                foreach (var (table, row, entry) in data.StoredRows())
                {
                    var values = entry.Values;
                    var template = entry.Read.Fixed; // the template's fixed row, found when the row was stored
                    var panel = template is not null ? table.Template.PanelOf(row) : table.Template.CodedPanel;
                    for (var column = 0; column < values.Length; column++)
                    {
                        if (values[column] is not { } value)
                        {
                            continue;
                        }

                        var col = panel?.FindColumn(column);
                        var kind = col is null ? ValueKind.Amount : template?.KindFor(col) ?? col.Kind;
                        // The scale settles nearly every cell without rounding (2.50 has scale 2; 2.500 is rounded and compared).
                        var ok = kind == ValueKind.Count ? value.Scale == 0 || value == decimal.Truncate(value) : value.Scale <= 2 || decimal.Round(value, 2) == value;
                        if (!ok)
                        {
                            findings.Add(($"{table.Template.ShortName}[{row},{column}] = {value}：{(kind == ValueKind.Count ? "应为整数" : "应为两位小数")}", [new CellRef(table.Template.TableNo, row, column, value)]));
                        }
                    }
                }

                break;
            case "names":
                if (data.Facts.NameInHeaders != data.Facts.DepartmentName)
                {
                    var known = data.Facts.Aliases.Contains(data.Facts.NameInHeaders) ? "（已登记为别名）" : "";
                    findings.Add(($"部门名称：{data.Facts.NameInHeaders} / {data.Facts.DepartmentName}{known}", []));
                }

                break;
            default:
                checkedSomething = false;
                break;
        }

        if (!checkedSomething)
        {
            return [];
        }

        return findings.Count == 0
            ? [new CheckResult(rule.Id, rule.Severity, CheckStatus.Pass, null, null, null, null, 0, [], null)]
            : findings.Select(f => new CheckResult(rule.Id, rule.Severity, CheckStatus.Fail, null, null, null, null, 0, f.Cells, f.Message)).ToList();
    }

    private static void FunctionalCodes(TableValues table, ReportFacts facts, List<(string, IReadOnlyList<CellRef>)> findings)
    {
        var coded = table.Template.CodedPanel!.Coded!;
        var caption = table.Template.ShortName;
        var column = table.Template.CodedPanel.Columns[0].No;
        // The finding's cell is made only for a finding: most codes are fine, and this runs on every reconciliation.
        CellRef Cell(string code) => new(table.Template.TableNo, code, column, table.Get(code, column));
        foreach (var code in table.Codes)
        {
            var level = ClassificationCode.LevelOf(code, coded.LevelLengths);
            if (level < 0 || code.AsSpan().ContainsAnyExceptInRange('0', '9'))
            {
                findings.Add(($"{caption}科目编码“{code}”格式不正确（应为 {string.Join("/", coded.LevelLengths)} 位数字）", [Cell(code)]));
                continue;
            }

            if (level > 0 && !table.HasRow(code.AsSpan(0, coded.LevelLengths[level - 1])))
            {
                findings.Add(($"{caption}科目 {code} 缺少上级科目 {ClassificationCode.ParentOf(code, coded.LevelLengths)}", [Cell(code)]));
            }

            if (table.Catalog is not null && !table.Catalog.Contains(code) && !facts.PrintedNames.ContainsKey((table.Template.TableNo, code)))
            {
                findings.Add(($"{caption}科目编码 {code} 不在 {table.Catalog.Year} 年支出功能分类科目中", [Cell(code)]));
            }
        }

        if (table.Codes.Count > 0 && !table.HasRow(coded.TotalKey))
        {
            findings.Add(($"{caption}缺少“{coded.TotalLabel}”行", []));
        }
    }
}
