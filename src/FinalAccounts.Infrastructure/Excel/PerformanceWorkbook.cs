using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Performance;
using static FinalAccounts.Infrastructure.Excel.ReportWorkbookWriter;
using SheetCells = FinalAccounts.Infrastructure.Excel.ReportWorkbookReader.SheetCells;

namespace FinalAccounts.Infrastructure.Excel;

/// <summary>
/// The 绩效 sheets of the report workbook (issue 12): 部门整体支出绩效自评表, one 项目支出绩效自评表N per project, 部门评价
/// (one row per evaluation, 一级, 二级 and 三级 line) and 财政评价结果反馈 (one column per feedback). Import reads them
/// back; every bad cell is named by sheet and cell. Parts the sheets do not hold (the 情况说明 summary, stated targets,
/// the feedback's staffing, ratios, quoted values and findings) are carried over from the report by
/// <see cref="Merge"/>. Amounts are written as numbers at the precision stored, so they read back unchanged.
/// </summary>
public static class PerformanceWorkbook
{
    public const string DepartmentSheet = "部门整体支出绩效自评表";
    public const string ProjectSheetPrefix = "项目支出绩效自评表";
    public const string EvaluationSheet = "部门评价";
    public const string FeedbackSheet = "财政评价结果反馈";

    private const string FundsLabel = "年度资金（万元）";
    private const string GoalsLabel = "年度总体目标";
    private const string IndicatorsLabel = "绩效指标";
    private static readonly string[] FundsHeader = ["资金", "分组", "年初预算数", "全年预算数", "全年执行数", "执行率（%）", "分值", "得分"];
    private static readonly string[] EvaluationHeader = ["项目", "层级", "名称", "分值", "得分", "得分率（%）", "二级指标个数", "三级指标个数", "指标值", "实际完成值", "预算数（万元）", "支出数（万元）", "等级"];

    private static readonly (string Label, Func<FinanceFeedback, object?> Get)[] FeedbackRows =
    [
        ("评价机关", f => f.Organisation),
        ("第三方机构", f => f.Agency),
        ("被评价部门", f => f.Department),
        ("评价类型", f => f.EvaluationType),
        ("年度", f => (decimal)f.Year),
        ("评价时间", f => f.EvaluatedAt),
        ("评价得分", f => f.Score),
        ("评价等级", f => f.Grade),
        ("本年预算收入及其他收入（万元）", f => f.BudgetIncome),
        ("财政拨款收入（万元）", f => f.FiscalAppropriationIncome),
        ("上年结转（万元）", f => f.CarriedForward),
        ("其他收入（万元）", f => f.OtherIncome),
        ("预算实际执行数（万元）", f => f.Executed),
        ("财政年终收回（万元）", f => f.Recovered),
        ("下属单位个数", f => f.SubordinateUnits is { } u ? (decimal)u : null),
    ];

    public static string ProjectSheet(int index) => $"{ProjectSheetPrefix}{index + 1}";

    /// <summary>The sheets of a document, in workbook order (none for an empty document).</summary>
    public static IReadOnlyList<(string Name, WorksheetPart Part)> Write(WorkbookPart workbookPart, PerformanceDocument document)
    {
        var written = new List<(string, WorksheetPart)>();
        WorksheetPart Add(string name, SheetBuilder sheet, IReadOnlyList<double> widths)
        {
            var part = workbookPart.AddNewPart<WorksheetPart>($"rIdPerformance{written.Count + 1}");
            part.Worksheet = sheet.Build(widths, frozenRows: 0, landscape: true);
            written.Add((name, part));
            return part;
        }

        double[] selfWidths = [18, 18, 26, 14, 14, 10, 10, 30];
        if (document.Department is { } department)
        {
            Add(DepartmentSheet, WriteSelf(department), selfWidths);
        }

        for (var i = 0; i < document.Projects.Count; i++)
        {
            Add(ProjectSheet(i), WriteSelf(document.Projects[i]), selfWidths);
        }

        if (document.Evaluations.Count > 0)
        {
            Add(EvaluationSheet, WriteEvaluations(document.Evaluations), [24, 8, 26, 8, 8, 10, 10, 10, 14, 14, 12, 12, 8]);
        }

        if (document.FinanceFeedbacks.Count > 0)
        {
            Add(FeedbackSheet, WriteFeedbacks(document.FinanceFeedbacks), [30, .. document.FinanceFeedbacks.Select(_ => 30d)]);
        }

        return written;
    }

    private static void Number(SheetBuilder sheet, int row, int column, decimal? value)
    {
        if (value is { } v)
        {
            sheet.Put(row, column, new Cell
            {
                CellReference = SheetGeometry.Reference(column, row),
                StyleIndex = Styles.Body,
                DataType = CellValues.Number,
                CellValue = new CellValue(v.ToString(CultureInfo.InvariantCulture)),
            });
        }
        else
        {
            sheet.Text(row, column, null, Styles.Body);
        }
    }

    private static void Value(SheetBuilder sheet, int row, int column, object? value)
    {
        if (value is decimal d)
        {
            Number(sheet, row, column, d);
        }
        else
        {
            sheet.Text(row, column, value as string, Styles.Body);
        }
    }

    private static SheetBuilder WriteSelf(SelfEvaluation e)
    {
        var sheet = new SheetBuilder();
        sheet.Text(1, 1, e.SheetLabel, Styles.Title);
        sheet.Merge(1, 1, 1, 8);
        sheet.Text(2, 1, e.Kind == SelfEvaluationKind.Department ? "部门名称" : "项目名称", Styles.Header);
        sheet.Text(2, 2, e.Name, Styles.Body);
        if (e.Kind == SelfEvaluationKind.Department)
        {
            sheet.Text(2, 3, "下属单位个数", Styles.Header);
            Number(sheet, 2, 4, e.SubordinateUnits);
        }

        sheet.Text(3, 1, "总分分值", Styles.Header);
        Number(sheet, 3, 2, e.TotalWeight);
        sheet.Text(3, 3, "总分", Styles.Header);
        Number(sheet, 3, 4, e.TotalScore);
        sheet.Text(3, 5, "等级", Styles.Header);
        sheet.Text(3, 6, e.Grade, Styles.Body);

        var row = 5;
        sheet.Text(row++, 1, FundsLabel, Styles.Header);
        Header(sheet, row++, FundsHeader);
        foreach (var f in e.Funds is { } funds ? funds.Rows.Prepend(funds.Total) : [])
        {
            sheet.Text(row, 1, f.Name, Styles.Body);
            sheet.Text(row, 2, f.Group, Styles.Body);
            decimal?[] values = [f.InitialBudget, f.FullYearBudget, f.Executed, f.ExecutionRate, f.Weight, f.Score];
            for (var c = 0; c < values.Length; c++)
            {
                Number(sheet, row, c + 3, values[c]);
            }

            row++;
        }

        row++;
        sheet.Text(row++, 1, GoalsLabel, Styles.Header);
        Header(sheet, row++, ["预期目标", "实际完成情况"]);
        foreach (var g in e.Goals)
        {
            sheet.Text(row, 1, g.Expected, Styles.Body);
            sheet.Text(row++, 2, g.Actual, Styles.Body);
        }

        row++;
        sheet.Text(row++, 1, IndicatorsLabel, Styles.Header);
        Header(sheet, row++, [.. SheetDraft.PasteColumns]);
        foreach (var i in e.Indicators)
        {
            sheet.Text(row, 1, i.Level1, Styles.Body);
            sheet.Text(row, 2, i.Level2, Styles.Body);
            sheet.Text(row, 3, i.Name, Styles.Body);
            sheet.Text(row, 4, i.Target.Text, Styles.Body);
            sheet.Text(row, 5, i.Actual, Styles.Body);
            Number(sheet, row, 6, i.Weight);
            Number(sheet, row, 7, i.Score);
            sheet.Text(row++, 8, i.Deviation, Styles.Body);
        }

        return sheet;
    }

    private static void Header(SheetBuilder sheet, int row, IReadOnlyList<string> labels)
    {
        for (var c = 0; c < labels.Count; c++)
        {
            sheet.Text(row, c + 1, labels[c], Styles.Header);
        }
    }

    private static SheetBuilder WriteEvaluations(IReadOnlyList<DepartmentEvaluation> evaluations)
    {
        var sheet = new SheetBuilder();
        Header(sheet, 1, EvaluationHeader);
        var row = 2;
        void Line(string project, string level, string name, decimal? weight, decimal? score)
        {
            sheet.Text(row, 1, project, Styles.Body);
            sheet.Text(row, 2, level, Styles.Body);
            sheet.Text(row, 3, name, Styles.Body);
            Number(sheet, row, 4, weight);
            Number(sheet, row, 5, score);
        }

        foreach (var e in evaluations)
        {
            Line(e.Project, "评价", "", null, e.Score);
            Number(sheet, row, 11, e.Budget);
            Number(sheet, row, 12, e.Spent);
            sheet.Text(row++, 13, e.Grade, Styles.Body);
            foreach (var s in e.Sections)
            {
                Line(e.Project, "一级", s.Name, s.Weight, s.Score);
                Number(sheet, row, 6, s.ScoreRate);
                Number(sheet, row, 7, s.StatedGroups);
                Number(sheet, row++, 8, s.StatedIndicators);
                foreach (var g in s.Groups)
                {
                    Line(e.Project, "二级", g.Name, g.Weight, g.Score);
                    row++;
                    foreach (var i in g.Indicators)
                    {
                        Line(e.Project, "三级", i.Name, i.Weight, i.Score);
                        sheet.Text(row, 9, i.Target?.Text, Styles.Body);
                        sheet.Text(row++, 10, i.Actual, Styles.Body);
                    }
                }
            }
        }

        return sheet;
    }

    private static SheetBuilder WriteFeedbacks(IReadOnlyList<FinanceFeedback> feedbacks)
    {
        var sheet = new SheetBuilder();
        sheet.Text(1, 1, "栏目", Styles.Header);
        for (var k = 0; k < feedbacks.Count; k++)
        {
            sheet.Text(1, k + 2, $"反馈{k + 1}", Styles.Header);
        }

        for (var r = 0; r < FeedbackRows.Length; r++)
        {
            sheet.Text(r + 2, 1, FeedbackRows[r].Label, Styles.Header);
            for (var k = 0; k < feedbacks.Count; k++)
            {
                Value(sheet, r + 2, k + 2, FeedbackRows[r].Get(feedbacks[k]));
            }
        }

        return sheet;
    }

    /// <summary>What the 绩效 sheets of a workbook hold, or null when it has none (then the report's 绩效 is left as it is).</summary>
    internal static PerformanceDocument? Read(Func<string, SheetCells?> load, List<DomainError> errors)
    {
        var department = load(DepartmentSheet) is { } d ? ReadSelf(d, DepartmentSheet, SelfEvaluationKind.Department, errors) : null;
        var projects = new List<SelfEvaluation>();
        for (var i = 0; load(ProjectSheet(i)) is { } p; i++)
        {
            if (ReadSelf(p, ProjectSheet(i), SelfEvaluationKind.Project, errors) is { } project)
            {
                projects.Add(project);
            }
        }

        var evaluationCells = load(EvaluationSheet);
        var evaluations = evaluationCells is null ? [] : ReadEvaluations(evaluationCells, errors);
        var feedbackCells = load(FeedbackSheet);
        var feedbacks = feedbackCells is null ? [] : ReadFeedbacks(feedbackCells, errors);
        return department is null && projects.Count == 0 && evaluationCells is null && feedbackCells is null
            ? null
            : new PerformanceDocument(department, projects, null, evaluations, feedbacks);
    }

    /// <summary>
    /// The imported document with what the sheets do not hold taken from the report's current one: the summary, the
    /// grade scheme, each project's stated targets (by name) and each feedback's details (by position).
    /// </summary>
    public static PerformanceDocument Merge(PerformanceDocument imported, PerformanceDocument? current)
    {
        if (current is null)
        {
            return imported;
        }

        var projects = imported.Projects.Select(p => current.Projects.FirstOrDefault(c => c.Name == p.Name) is { } c ? p with { StatedTargets = c.StatedTargets } : p).ToList();
        var feedbacks = imported.FinanceFeedbacks.Select((f, i) => i < current.FinanceFeedbacks.Count && current.FinanceFeedbacks[i] is var c
            ? f with { Staffing = c.Staffing, BudgetVariance = c.BudgetVariance, PublicationRate = c.PublicationRate, Indicators = c.Indicators, Findings = c.Findings }
            : f).ToList();
        var department = imported.Department is { } d && current.Department is { } cd ? d with { StatedTargets = cd.StatedTargets } : imported.Department;
        return new PerformanceDocument(department, projects, current.Summary, imported.Evaluations, feedbacks) { GradeScheme = current.GradeScheme };
    }

    private static string Ref(string sheet, int column, int row) => $"{sheet}!{SheetGeometry.Reference(column, row)}";

    /// <summary>A number cell: blank is null; text that is not a number is an error naming the cell.</summary>
    private static decimal? Num(SheetCells cells, string sheet, int row, int column, List<DomainError> errors)
    {
        var raw = cells.Get(row, column);
        if (raw is null || raw.Text.Trim().Length == 0)
        {
            return null;
        }

        if (raw.Number is { } n)
        {
            return n;
        }

        var text = raw.Text.Trim().Replace(",", "", StringComparison.Ordinal);
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        errors.Add(new DomainError("import.not_a_number", $"“{raw.Text}”不是数字", Ref(sheet, column, row)));
        return null;
    }

    private static int? Count(SheetCells cells, string sheet, int row, int column, List<DomainError> errors)
    {
        var value = Num(cells, sheet, row, column, errors);
        if (value is { } v && v != decimal.Truncate(v))
        {
            errors.Add(new DomainError("import.not_an_integer", $"“{v}”应为整数", Ref(sheet, column, row)));
            return null;
        }

        return value is null ? null : (int)value;
    }

    private static string? Blank(string text) => text.Length == 0 ? null : text;

    private static int? FindLabel(SheetCells cells, string label, int from)
    {
        for (var row = from; row <= cells.LastRow; row++)
        {
            if (cells.Text(row, 1) == label)
            {
                return row;
            }
        }

        return null;
    }

    private static bool BlankRow(SheetCells cells, int row, int columns) => Enumerable.Range(1, columns).All(c => cells.Text(row, c).Length == 0);

    private static SelfEvaluation? ReadSelf(SheetCells cells, string sheet, SelfEvaluationKind kind, List<DomainError> errors)
    {
        var count = errors.Count;
        var expected = kind == SelfEvaluationKind.Department ? DepartmentSheet : ProjectSheetPrefix;
        if (cells.Text(1, 1) != expected)
        {
            errors.Add(new DomainError("import.structure", $"标题应为“{expected}”，实为“{cells.Text(1, 1)}”", Ref(sheet, 1, 1)));
            return null;
        }

        var name = cells.Text(2, 2);
        if (kind == SelfEvaluationKind.Project && name.Length == 0)
        {
            errors.Add(new DomainError("import.required", "项目名称不能为空", Ref(sheet, 2, 2)));
        }

        var labels = new[] { FundsLabel, GoalsLabel, IndicatorsLabel };
        var at = new int[labels.Length];
        var from = 4;
        for (var l = 0; l < labels.Length; l++)
        {
            if (FindLabel(cells, labels[l], from) is not { } found)
            {
                errors.Add(new DomainError("import.structure", $"找不到“{labels[l]}”一栏（第 A 列），工作表与导出的格式不一致", Ref(sheet, 1, from)));
                return null;
            }

            at[l] = found;
            from = found + 1;
        }

        var fundsRows = new List<FundsRow>();
        for (var row = at[0] + 2; row < at[1] && !BlankRow(cells, row, 8); row++)
        {
            fundsRows.Add(new FundsRow(cells.Text(row, 1), Blank(cells.Text(row, 2)),
                Num(cells, sheet, row, 3, errors), Num(cells, sheet, row, 4, errors), Num(cells, sheet, row, 5, errors),
                Num(cells, sheet, row, 6, errors), Num(cells, sheet, row, 7, errors), Num(cells, sheet, row, 8, errors)));
        }

        var goals = new List<AnnualGoal>();
        for (var row = at[1] + 2; row < at[2] && !BlankRow(cells, row, 2); row++)
        {
            goals.Add(new AnnualGoal(cells.Text(row, 1), cells.Text(row, 2)));
        }

        var indicators = new List<PerformanceIndicator>();
        for (var row = at[2] + 2; row <= cells.LastRow; row++)
        {
            if (BlankRow(cells, row, 8))
            {
                continue;
            }

            if (cells.Text(row, 3).Length == 0)
            {
                errors.Add(new DomainError("import.required", "三级指标名称不能为空", Ref(sheet, 3, row)));
                continue;
            }

            var target = PerformanceTarget.Parse(cells.Text(row, 4), Ref(sheet, 4, row));
            errors.AddRange(target.Errors);
            var weight = Num(cells, sheet, row, 6, errors);
            var score = Num(cells, sheet, row, 7, errors);
            if (target.IsSuccess)
            {
                indicators.Add(new PerformanceIndicator(cells.Text(row, 1), cells.Text(row, 2), cells.Text(row, 3), target.Value, cells.Text(row, 5), weight, score, Blank(cells.Text(row, 8))));
            }
        }

        var units = kind == SelfEvaluationKind.Department ? Count(cells, sheet, 2, 4, errors) : null;
        var evaluation = new SelfEvaluation(kind, name, fundsRows.Count == 0 ? null : new PerformanceFunds(fundsRows[0], fundsRows.Skip(1).ToList()), goals, indicators,
            Num(cells, sheet, 3, 2, errors), Num(cells, sheet, 3, 4, errors), Blank(cells.Text(3, 6)))
        {
            SubordinateUnits = units,
        };
        return errors.Count > count ? null : evaluation;
    }

    private static List<DepartmentEvaluation> ReadEvaluations(SheetCells cells, List<DomainError> errors)
    {
        const string sheet = EvaluationSheet;
        var evaluations = new List<DepartmentEvaluation>();
        DepartmentEvaluation? evaluation = null;
        List<EvaluationSection>? sections = null;
        List<EvaluationGroup>? groups = null;
        List<EvaluationIndicator>? indicators = null;
        EvaluationSection? section = null;
        EvaluationGroup? group = null;

        void CloseGroup()
        {
            if (group is not null)
            {
                groups!.Add(group with { Indicators = indicators! });
                group = null;
            }
        }

        void CloseSection()
        {
            CloseGroup();
            if (section is not null)
            {
                sections!.Add(section with { Groups = groups! });
                section = null;
            }
        }

        void CloseEvaluation()
        {
            CloseSection();
            if (evaluation is not null)
            {
                evaluations.Add(evaluation with { Sections = sections! });
                evaluation = null;
            }
        }

        for (var row = 2; row <= cells.LastRow; row++)
        {
            if (BlankRow(cells, row, EvaluationHeader.Length))
            {
                continue;
            }

            var level = cells.Text(row, 2);
            var name = cells.Text(row, 3);
            switch (level)
            {
                case "评价":
                    CloseEvaluation();
                    if (cells.Text(row, 1).Length == 0)
                    {
                        errors.Add(new DomainError("import.required", "部门评价的项目名称不能为空", Ref(sheet, 1, row)));
                    }

                    evaluation = new DepartmentEvaluation(cells.Text(row, 1), Num(cells, sheet, row, 11, errors), Num(cells, sheet, row, 12, errors),
                        Num(cells, sheet, row, 5, errors), Blank(cells.Text(row, 13)), []);
                    sections = [];
                    break;
                case "一级" when evaluation is not null:
                    CloseSection();
                    section = new EvaluationSection(name, Num(cells, sheet, row, 4, errors), Num(cells, sheet, row, 5, errors), Num(cells, sheet, row, 6, errors),
                        Count(cells, sheet, row, 7, errors), Count(cells, sheet, row, 8, errors), []);
                    groups = [];
                    break;
                case "二级" when section is not null:
                    CloseGroup();
                    group = new EvaluationGroup(name, Num(cells, sheet, row, 4, errors), Num(cells, sheet, row, 5, errors), []);
                    indicators = [];
                    break;
                case "三级" when group is not null:
                    PerformanceTarget? target = null;
                    if (cells.Text(row, 9).Length > 0)
                    {
                        var parsed = PerformanceTarget.Parse(cells.Text(row, 9), Ref(sheet, 9, row));
                        errors.AddRange(parsed.Errors);
                        target = parsed.IsSuccess ? parsed.Value : null;
                    }

                    indicators!.Add(new EvaluationIndicator(name, Num(cells, sheet, row, 4, errors), Num(cells, sheet, row, 5, errors))
                    {
                        Target = target,
                        Actual = Blank(cells.Text(row, 10)),
                    });
                    break;
                case "一级" or "二级" or "三级":
                    errors.Add(new DomainError("import.structure", $"“{level}”行之前应先有上一层级（评价 → 一级 → 二级 → 三级）", Ref(sheet, 2, row)));
                    break;
                default:
                    errors.Add(new DomainError("import.structure", $"层级应为“评价”“一级”“二级”或“三级”，实为“{level}”", Ref(sheet, 2, row)));
                    break;
            }
        }

        CloseEvaluation();
        return evaluations;
    }

    private static List<FinanceFeedback> ReadFeedbacks(SheetCells cells, List<DomainError> errors)
    {
        const string sheet = FeedbackSheet;
        var rows = new Dictionary<string, int>();
        for (var r = 0; r < FeedbackRows.Length; r++)
        {
            var label = FeedbackRows[r].Label;
            if (FindLabel(cells, label, 2) is { } row)
            {
                rows[label] = row;
            }
            else
            {
                errors.Add(new DomainError("import.structure", $"缺少“{label}”一行（第 A 列）", Ref(sheet, 1, r + 2)));
            }
        }

        if (rows.Count < FeedbackRows.Length)
        {
            return [];
        }

        var feedbacks = new List<FinanceFeedback>();
        for (var column = 2; Enumerable.Range(1, cells.LastRow).Any(r => cells.Text(r, column).Length > 0) && column < 2 + 100; column++)
        {
            var c = column;
            string Text(string label) => cells.Text(rows[label], c);
            decimal? Number(string label) => Num(cells, sheet, rows[label], c, errors);
            foreach (var required in new[] { "评价机关", "被评价部门", "评价类型", "年度" })
            {
                if (Text(required).Length == 0)
                {
                    errors.Add(new DomainError("import.required", $"{required}不能为空", Ref(sheet, c, rows[required])));
                }
            }

            feedbacks.Add(new FinanceFeedback
            {
                Organisation = Text("评价机关"),
                Agency = Blank(Text("第三方机构")),
                Department = Text("被评价部门"),
                EvaluationType = Text("评价类型"),
                Year = Count(cells, sheet, rows["年度"], c, errors) ?? 0,
                EvaluatedAt = Blank(Text("评价时间")),
                Score = Number("评价得分"),
                Grade = Blank(Text("评价等级")),
                BudgetIncome = Number("本年预算收入及其他收入（万元）"),
                FiscalAppropriationIncome = Number("财政拨款收入（万元）"),
                CarriedForward = Number("上年结转（万元）"),
                OtherIncome = Number("其他收入（万元）"),
                Executed = Number("预算实际执行数（万元）"),
                Recovered = Number("财政年终收回（万元）"),
                SubordinateUnits = Count(cells, sheet, rows["下属单位个数"], c, errors),
            });
        }

        return feedbacks;
    }
}
