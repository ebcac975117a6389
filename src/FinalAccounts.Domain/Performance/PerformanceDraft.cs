using System.Globalization;
using FinalAccounts.Domain.Common;

namespace FinalAccounts.Domain.Performance;

/// <summary>
/// The officer's unsaved work on the 绩效 sheets (issue 12, entry): every field as typed (numbers as text, so a half-typed
/// “88.” or a full-width digit is kept and reported by name instead of lost), with the operations the workspace screen
/// offers — add, move and remove indicators and rows, paste rows copied from Excel, add/remove/rename projects.
/// <see cref="ToDocument"/> reads it back into a <see cref="PerformanceDocument"/> with named Chinese errors; the page
/// saves that document through the same use case as the API. Parts the screen does not edit (the summary, stated
/// targets, feedback details) are carried over unchanged.
/// </summary>
public sealed class PerformanceDraft
{
    private readonly PerformanceDocument _original;

    public PerformanceDraft(PerformanceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        _original = document;
        Department = document.Department is { } d ? SheetDraft.From(d) : null;
        Projects = document.Projects.Select(SheetDraft.From).ToList();
        Evaluations = document.Evaluations.Select(EvaluationDraft.From).ToList();
        Feedbacks = document.FinanceFeedbacks.Select(FeedbackDraft.From).ToList();
        GradeScheme = document.GradeScheme;
        Summary = SummaryDraft.From(document.Summary);
    }

    /// <summary>情况说明 九's summary of the project self-evaluations (count, funds covered, average, grades).</summary>
    public SummaryDraft Summary { get; }

    /// <summary>部门整体支出绩效自评表, or null when the report has none yet.</summary>
    public SheetDraft? Department { get; private set; }

    public List<SheetDraft> Projects { get; }

    public List<EvaluationDraft> Evaluations { get; }

    public List<FeedbackDraft> Feedbacks { get; }

    public string? GradeScheme { get; set; }

    public SheetDraft StartDepartment() => Department ??= new SheetDraft(SelfEvaluationKind.Department) { TotalWeight = "100" };

    public void RemoveDepartment() => Department = null;

    /// <summary>Adds a 项目支出绩效自评表 named <paramref name="name"/> (a unique default when blank).</summary>
    public SheetDraft AddProject(string? name = null)
    {
        var chosen = string.IsNullOrWhiteSpace(name) ? UniqueName("新项目", Projects.Select(p => p.Name)) : name.Trim();
        var sheet = new SheetDraft(SelfEvaluationKind.Project) { Name = chosen, TotalWeight = "100" };
        Projects.Add(sheet);
        return sheet;
    }

    /// <summary>Renames a project; refused (named error) when the name is blank or another project has it.</summary>
    public Result<SheetDraft> RenameProject(int index, string? name)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0)
        {
            return Result<SheetDraft>.Failure(new DomainError("performance.project.name", "项目名称不能为空", $"项目{index + 1}"));
        }

        if (Projects.Where((_, i) => i != index).Any(p => p.Name == trimmed))
        {
            return Result<SheetDraft>.Failure(new DomainError("performance.project.duplicate", $"已有名为“{trimmed}”的项目", $"项目{index + 1}"));
        }

        Projects[index].Name = trimmed;
        return Result<SheetDraft>.Success(Projects[index]);
    }

    public void RemoveProject(int index) => Projects.RemoveAt(index);

    public EvaluationDraft AddEvaluation()
    {
        var evaluation = new EvaluationDraft { Project = UniqueName("新评价项目", Evaluations.Select(e => e.Project)) };
        Evaluations.Add(evaluation);
        return evaluation;
    }

    public FeedbackDraft AddFeedback(string department, int year)
    {
        var feedback = new FeedbackDraft { Organisation = "财政局", Department = department, EvaluationType = "部门整体支出绩效评价", Year = year.ToString(CultureInfo.InvariantCulture) };
        Feedbacks.Add(feedback);
        return feedback;
    }

    /// <summary>The document the draft stands for, or every error named by sheet, project, row and column.</summary>
    public Result<PerformanceDocument> ToDocument()
    {
        var errors = new List<DomainError>();
        var department = Department?.ToEvaluation(errors);
        var projects = Projects.Select(p => p.ToEvaluation(errors)).ToList();
        foreach (var duplicate in Projects.GroupBy(p => p.Name.Trim()).Where(g => g.Count() > 1))
        {
            errors.Add(new DomainError("performance.project.duplicate", $"项目“{duplicate.Key}”出现了 {duplicate.Count()} 次", "项目支出绩效自评表"));
        }

        var evaluations = Evaluations.Select(e => e.ToEvaluation(errors)).ToList();
        var summary = Summary.ToSummary(errors);
        var feedbacks = Feedbacks.Select(f => f.ToFeedback(errors)).ToList();
        return errors.Count > 0
            ? Result<PerformanceDocument>.Failure(errors)
            : Result<PerformanceDocument>.Success(new PerformanceDocument(department, projects, summary, evaluations, feedbacks) { GradeScheme = GradeScheme });
    }

    internal static string UniqueName(string stem, IEnumerable<string> taken)
    {
        var used = taken.ToHashSet(StringComparer.Ordinal);
        for (var n = 1; ; n++)
        {
            var candidate = $"{stem}{n}";
            if (!used.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>Reads a typed number (full-width digits, thousands separators and a trailing % allowed); blank is null.</summary>
    internal static decimal? Number(string? text, string where, string column, List<DomainError> errors)
    {
        var s = HalfWidth(text ?? "").Replace(",", "", StringComparison.Ordinal).Trim().TrimEnd('%').Trim();
        if (s.Length == 0)
        {
            return null;
        }

        if (decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(new DomainError("performance.number", $"“{text}”不是数字", $"{where}／{column}"));
        return null;
    }

    private static string HalfWidth(string text) =>
        new(text.Select(c => c is >= '！' and <= '～' ? (char)(c - 0xFEE0) : c == '　' ? ' ' : c).ToArray());

    internal static string Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>Reads a typed whole number (a count); blank is null.</summary>
    internal static int? Count(string? text, string where, string column, List<DomainError> errors)
    {
        var value = Number(text, where, column, errors);
        if (value is null)
        {
            return null;
        }

        if (value < 0 || value != decimal.Truncate(value.Value) || value > int.MaxValue)
        {
            errors.Add(new DomainError("performance.count", $"“{text}”应为非负整数", $"{where}／{column}"));
            return null;
        }

        return (int)value;
    }

    internal static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>One 绩效自评表 as typed: funds, goals, indicator tree, totals.</summary>
public sealed class SheetDraft(SelfEvaluationKind kind)
{
    /// <summary>The columns of a pasted indicator row, in the order the official table prints them.</summary>
    public static readonly IReadOnlyList<string> PasteColumns = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"];

    public SelfEvaluationKind Kind { get; } = kind;
    public string Name { get; set; } = "";
    public string SubordinateUnits { get; set; } = "";
    public FundsRowDraft? FundsTotal { get; set; }
    public List<FundsRowDraft> FundsRows { get; } = [];
    public List<GoalDraft> Goals { get; } = [];
    public List<IndicatorDraft> Indicators { get; } = [];
    public string TotalWeight { get; set; } = "";
    public string TotalScore { get; set; } = "";
    public string Grade { get; set; } = "";
    internal IReadOnlyList<StatedTarget> StatedTargets { get; set; } = [];

    public string SheetLabel => Kind == SelfEvaluationKind.Department ? "部门整体支出绩效自评表" : "项目支出绩效自评表";

    /// <summary>How errors and findings name this sheet: the sheet, and the project for a project sheet.</summary>
    public string Where => Kind == SelfEvaluationKind.Department ? SheetLabel : $"{SheetLabel}／{Name}";

    public static SheetDraft From(SelfEvaluation evaluation)
    {
        var sheet = new SheetDraft(evaluation.Kind)
        {
            Name = evaluation.Name,
            SubordinateUnits = evaluation.SubordinateUnits?.ToString(CultureInfo.InvariantCulture) ?? "",
            FundsTotal = evaluation.Funds is { } f ? FundsRowDraft.From(f.Total) : null,
            TotalWeight = PerformanceDraft.Text(evaluation.TotalWeight),
            TotalScore = PerformanceDraft.Text(evaluation.TotalScore),
            Grade = evaluation.Grade ?? "",
            StatedTargets = evaluation.StatedTargets,
        };
        sheet.FundsRows.AddRange(evaluation.Funds?.Rows.Select(FundsRowDraft.From) ?? []);
        sheet.Goals.AddRange(evaluation.Goals.Select(g => new GoalDraft { Expected = g.Expected, Actual = g.Actual }));
        sheet.Indicators.AddRange(evaluation.Indicators.Select(IndicatorDraft.From));
        return sheet;
    }

    /// <summary>Adds a blank indicator after <paramref name="after"/> (at the end when null), under the same 一级/二级.</summary>
    public IndicatorDraft AddIndicator(int? after = null)
    {
        var at = after is { } a ? Math.Clamp(a + 1, 0, Indicators.Count) : Indicators.Count;
        var neighbour = at > 0 ? Indicators[at - 1] : null;
        var indicator = new IndicatorDraft { Level1 = neighbour?.Level1 ?? "", Level2 = neighbour?.Level2 ?? "" };
        Indicators.Insert(at, indicator);
        return indicator;
    }

    /// <summary>Moves an indicator one row up (-1) or down (+1); false at either end.</summary>
    public bool MoveIndicator(int index, int delta) => Move(Indicators, index, delta);

    public void RemoveIndicator(int index) => Indicators.RemoveAt(index);

    public FundsRowDraft EnsureFundsTotal() => FundsTotal ??= new FundsRowDraft { Name = "年度资金总额" };

    public FundsRowDraft AddFundsRow()
    {
        EnsureFundsTotal();
        var row = new FundsRowDraft { Name = "", Group = "资金来源" };
        FundsRows.Add(row);
        return row;
    }

    public bool MoveFundsRow(int index, int delta) => Move(FundsRows, index, delta);

    public GoalDraft AddGoal()
    {
        var goal = new GoalDraft();
        Goals.Add(goal);
        return goal;
    }

    /// <summary>
    /// Pastes rows copied from Excel (tab-separated: 一级 二级 三级 年度指标值 实际完成值 分值 得分 偏差原因) into the
    /// tree, starting at row <paramref name="at"/>: existing rows are overwritten, further rows appended. A blank 一级 or
    /// 二级 (Excel copies a merged cell's value into its first row only) takes the row above's. A header row (一级指标 …)
    /// is skipped. Returns how many rows were written; a row with too many columns is refused before anything changes.
    /// </summary>
    public Result<int> Paste(int at, string? text)
    {
        var lines = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n').ToList();
        while (lines.Count > 0 && lines[^1].Trim().Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var rows = lines.Select(l => l.Split('\t').Select(c => Unquote(c).Trim()).ToArray())
            .Where(cells => !(cells.Length > 2 && cells[0].Contains("一级", StringComparison.Ordinal) && cells[2].Contains("三级", StringComparison.Ordinal)))
            .ToList();
        var errors = rows.Select((cells, i) => (cells, i)).Where(x => x.cells.Length > PasteColumns.Count)
            .Select(x => new DomainError("performance.paste.columns", $"粘贴的第 {x.i + 1} 行有 {x.cells.Length} 列，最多 {PasteColumns.Count} 列（{string.Join(" ", PasteColumns)}）", Where)).ToList();
        if (errors.Count > 0)
        {
            return Result<int>.Failure(errors);
        }

        var index = Math.Clamp(at, 0, Indicators.Count);
        foreach (var cells in rows)
        {
            string Cell(int c) => c < cells.Length ? cells[c] : "";
            var above = index > 0 ? Indicators[index - 1] : null;
            var row = index < Indicators.Count ? Indicators[index] : null;
            if (row is null)
            {
                row = new IndicatorDraft();
                Indicators.Add(row);
            }

            row.Level1 = Cell(0).Length > 0 ? Cell(0) : above?.Level1 ?? "";
            row.Level2 = Cell(1).Length > 0 ? Cell(1) : Cell(0).Length > 0 ? "" : above?.Level2 ?? "";
            row.Name = Cell(2);
            row.Target = Cell(3);
            row.Actual = Cell(4);
            row.Weight = Cell(5);
            row.Score = Cell(6);
            row.Deviation = Cell(7);
            index++;
        }

        return Result<int>.Success(rows.Count);
    }

    /// <summary>
    /// The row spans of the merged 一级/二级 cells in the official layout: for each row, how many rows its 一级 (and 二级)
    /// cell spans, 0 where the row is covered by a cell above. Consecutive rows with the same 一级 merge; 二级 merges within it.
    /// </summary>
    public IReadOnlyList<(int Level1Span, int Level2Span)> Spans()
    {
        var spans = new (int, int)[Indicators.Count];
        for (var i = 0; i < Indicators.Count; i++)
        {
            var row = Indicators[i];
            var firstOfLevel1 = i == 0 || Indicators[i - 1].Level1 != row.Level1;
            var firstOfLevel2 = firstOfLevel1 || Indicators[i - 1].Level2 != row.Level2;
            var level1 = 0;
            var level2 = 0;
            if (firstOfLevel1)
            {
                level1 = 1;
                while (i + level1 < Indicators.Count && Indicators[i + level1].Level1 == row.Level1)
                {
                    level1++;
                }
            }

            if (firstOfLevel2)
            {
                level2 = 1;
                while (i + level2 < Indicators.Count && Indicators[i + level2].Level1 == row.Level1 && Indicators[i + level2].Level2 == row.Level2)
                {
                    level2++;
                }
            }

            spans[i] = (level1, level2);
        }

        return spans;
    }

    internal SelfEvaluation ToEvaluation(List<DomainError> errors)
    {
        var where = Where;
        if (Kind == SelfEvaluationKind.Project && Name.Trim().Length == 0)
        {
            errors.Add(new DomainError("performance.project.name", "项目名称不能为空", SheetLabel));
        }

        PerformanceFunds? funds = null;
        if (FundsTotal is { } total)
        {
            funds = new PerformanceFunds(total.ToRow(where, errors), FundsRows.Select(r => r.ToRow(where, errors)).ToList());
        }

        var indicators = new List<PerformanceIndicator>();
        for (var i = 0; i < Indicators.Count; i++)
        {
            if (Indicators[i].ToIndicator($"{where}／第 {i + 1} 行指标", errors) is { } indicator)
            {
                indicators.Add(indicator);
            }
        }

        var units = PerformanceDraft.Number(SubordinateUnits, where, "下属单位个数", errors);
        return new SelfEvaluation(Kind, Kind == SelfEvaluationKind.Department ? Name.Trim() : Name.Trim(), funds,
            Goals.Where(g => g.Expected.Trim().Length > 0 || g.Actual.Trim().Length > 0).Select(g => new AnnualGoal(g.Expected.Trim(), g.Actual.Trim())).ToList(),
            indicators,
            PerformanceDraft.Number(TotalWeight, where, "总分分值", errors),
            PerformanceDraft.Number(TotalScore, where, "总分", errors),
            PerformanceDraft.Blank(Grade))
        {
            SubordinateUnits = units is null ? null : (int)units,
            StatedTargets = StatedTargets,
        };
    }

    internal static bool Move<T>(List<T> list, int index, int delta)
    {
        var target = index + delta;
        if (index < 0 || index >= list.Count || target < 0 || target >= list.Count)
        {
            return false;
        }

        (list[index], list[target]) = (list[target], list[index]);
        return true;
    }

    private static string Unquote(string cell) =>
        cell.Length >= 2 && cell[0] == '"' && cell[^1] == '"' ? cell[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : cell;
}

/// <summary>A 三级指标 row as typed.</summary>
public sealed class IndicatorDraft
{
    public string Level1 { get; set; } = "";
    public string Level2 { get; set; } = "";
    public string Name { get; set; } = "";
    public string Target { get; set; } = "";
    public string Actual { get; set; } = "";
    public string Weight { get; set; } = "";
    public string Score { get; set; } = "";
    public string Deviation { get; set; } = "";

    /// <summary>Nothing typed beyond the 一级/二级 an added row inherits: such a row is not saved.</summary>
    public bool IsBlank => new[] { Name, Target, Actual, Weight, Score, Deviation }.All(s => s.Trim().Length == 0);

    public static IndicatorDraft From(PerformanceIndicator i) => new()
    {
        Level1 = i.Level1,
        Level2 = i.Level2,
        Name = i.Name,
        Target = i.Target.Text,
        Actual = i.Actual,
        Weight = PerformanceDraft.Text(i.Weight),
        Score = PerformanceDraft.Text(i.Score),
        Deviation = i.Deviation ?? "",
    };

    /// <summary>The indicator, or null (with errors added) when a field does not read; a wholly blank row is skipped.</summary>
    internal PerformanceIndicator? ToIndicator(string where, List<DomainError> errors)
    {
        if (IsBlank)
        {
            return null;
        }

        var count = errors.Count;
        if (Name.Trim().Length == 0)
        {
            errors.Add(new DomainError("performance.indicator.name", "三级指标名称不能为空", where));
        }

        var at = Name.Trim().Length > 0 ? where[..where.LastIndexOf('／')] + "／" + Name.Trim() : where;
        var target = PerformanceTarget.Parse(Target, $"{at}／年度指标值");
        errors.AddRange(target.Errors);
        var weight = PerformanceDraft.Number(Weight, at, "分值", errors);
        var score = PerformanceDraft.Number(Score, at, "得分", errors);
        return errors.Count > count
            ? null
            : new PerformanceIndicator(Level1.Trim(), Level2.Trim(), Name.Trim(), target.Value, Actual.Trim(), weight, score, PerformanceDraft.Blank(Deviation));
    }
}

/// <summary>年度资金总额 or one of its sub-rows, as typed.</summary>
public sealed class FundsRowDraft
{
    public string Name { get; set; } = "";
    public string Group { get; set; } = "";
    public string InitialBudget { get; set; } = "";
    public string FullYearBudget { get; set; } = "";
    public string Executed { get; set; } = "";
    public string ExecutionRate { get; set; } = "";
    public string Weight { get; set; } = "";
    public string Score { get; set; } = "";

    public static FundsRowDraft From(FundsRow r) => new()
    {
        Name = r.Name,
        Group = r.Group ?? "",
        InitialBudget = PerformanceDraft.Text(r.InitialBudget),
        FullYearBudget = PerformanceDraft.Text(r.FullYearBudget),
        Executed = PerformanceDraft.Text(r.Executed),
        ExecutionRate = PerformanceDraft.Text(r.ExecutionRate),
        Weight = PerformanceDraft.Text(r.Weight),
        Score = PerformanceDraft.Text(r.Score),
    };

    internal FundsRow ToRow(string sheet, List<DomainError> errors)
    {
        var where = $"{sheet}／{(Name.Trim().Length > 0 ? Name.Trim() : "资金行")}";
        if (Name.Trim().Length == 0)
        {
            errors.Add(new DomainError("performance.funds.name", "资金行名称不能为空", where));
        }

        return new FundsRow(Name.Trim(), PerformanceDraft.Blank(Group),
            PerformanceDraft.Number(InitialBudget, where, "年初预算数", errors),
            PerformanceDraft.Number(FullYearBudget, where, "全年预算数", errors),
            PerformanceDraft.Number(Executed, where, "全年执行数", errors),
            PerformanceDraft.Number(ExecutionRate, where, "执行率", errors),
            PerformanceDraft.Number(Weight, where, "分值", errors),
            PerformanceDraft.Number(Score, where, "得分", errors));
    }
}

public sealed class GoalDraft
{
    public string Expected { get; set; } = "";
    public string Actual { get; set; } = "";
}

/// <summary>A 部门评价 as typed: header and the scoring sheet flattened to one row per 三级 indicator.</summary>
public sealed class EvaluationDraft
{
    public string Project { get; set; } = "";
    public string Budget { get; set; } = "";
    public string Spent { get; set; } = "";
    public string Score { get; set; } = "";
    public string Grade { get; set; } = "";

    /// <summary>一级 sections with their weight/score (kept per name; rows refer to them by <see cref="EvaluationRowDraft.Section"/>).</summary>
    public List<EvaluationSectionDraft> Sections { get; } = [];

    public List<EvaluationRowDraft> Rows { get; } = [];

    /// <summary>二级 groups' own weight/score, by 一级 and 二级 name (the rows say which group they are in).</summary>
    public List<EvaluationGroupDraft> Groups { get; } = [];

    /// <summary>The group line for a row's 一级/二级 (added blank when the rows name a group not listed yet).</summary>
    public IReadOnlyList<EvaluationGroupDraft> GroupsShown()
    {
        foreach (var key in Rows.Select(r => (Section: r.Section.Trim(), Group: r.Group.Trim())).Where(k => k.Group.Length > 0).Distinct())
        {
            if (!Groups.Any(g => g.Section == key.Section && g.Name == key.Group))
            {
                Groups.Add(new EvaluationGroupDraft { Section = key.Section, Name = key.Group });
            }
        }

        return Groups.Where(g => Rows.Any(r => r.Section.Trim() == g.Section && r.Group.Trim() == g.Name)).ToList();
    }

    public static EvaluationDraft From(DepartmentEvaluation e)
    {
        var draft = new EvaluationDraft
        {
            Project = e.Project,
            Budget = PerformanceDraft.Text(e.Budget),
            Spent = PerformanceDraft.Text(e.Spent),
            Score = PerformanceDraft.Text(e.Score),
            Grade = e.Grade ?? "",
        };
        foreach (var s in e.Sections)
        {
            draft.Sections.Add(new EvaluationSectionDraft(s)
            {
                Name = s.Name,
                Weight = PerformanceDraft.Text(s.Weight),
                Score = PerformanceDraft.Text(s.Score),
            });
            foreach (var g in s.Groups)
            {
                draft.Groups.Add(new EvaluationGroupDraft { Section = s.Name, Name = g.Name, Weight = PerformanceDraft.Text(g.Weight), Score = PerformanceDraft.Text(g.Score) });
                foreach (var i in g.Indicators)
                {
                    draft.Rows.Add(new EvaluationRowDraft(g, i)
                    {
                        Section = s.Name,
                        Group = g.Name,
                        Name = i.Name,
                        Weight = PerformanceDraft.Text(i.Weight),
                        Score = PerformanceDraft.Text(i.Score),
                    });
                }
            }
        }

        return draft;
    }

    public EvaluationRowDraft AddRow(int? after = null)
    {
        var at = after is { } a ? Math.Clamp(a + 1, 0, Rows.Count) : Rows.Count;
        var neighbour = at > 0 ? Rows[at - 1] : null;
        var row = new EvaluationRowDraft(null, null) { Section = neighbour?.Section ?? Sections.FirstOrDefault()?.Name ?? "", Group = neighbour?.Group ?? "" };
        Rows.Insert(at, row);
        return row;
    }

    public bool MoveRow(int index, int delta) => SheetDraft.Move(Rows, index, delta);

    internal DepartmentEvaluation ToEvaluation(List<DomainError> errors)
    {
        var where = $"部门评价／{Project.Trim()}";
        if (Project.Trim().Length == 0)
        {
            errors.Add(new DomainError("performance.evaluation.project", "部门评价的项目名称不能为空", "部门评价"));
        }

        // Sections in their listed order, then any a row names that is not listed (with no weight of its own).
        var names = Sections.Select(s => s.Name.Trim()).Concat(Rows.Select(r => r.Section.Trim())).Where(n => n.Length > 0).Distinct().ToList();
        var sections = names.Select(name =>
        {
            var listed = Sections.FirstOrDefault(s => s.Name.Trim() == name);
            var rows = Rows.Where(r => r.Section.Trim() == name).ToList();
            var groups = rows.Select(r => r.Group.Trim()).Distinct().Select(g =>
            {
                var inGroup = rows.Where(r => r.Group.Trim() == g).ToList();
                var listed = Groups.FirstOrDefault(x => x.Section.Trim() == name && x.Name.Trim() == g);
                var original = inGroup.Select(r => r.OriginalGroup).FirstOrDefault(o => o is not null && o.Name == g);
                var at = $"{where}／{name}／{(g.Length > 0 ? g : "二级指标")}";
                return new EvaluationGroup(g,
                    listed is null ? original?.Weight : PerformanceDraft.Number(listed.Weight, at, "分值", errors),
                    listed is null ? original?.Score : PerformanceDraft.Number(listed.Score, at, "得分", errors),
                    inGroup.Select(r => r.ToIndicator($"{where}／{name}／{(r.Name.Trim().Length > 0 ? r.Name.Trim() : "指标")}", errors)).ToList());
            }).ToList();
            var original = listed?.Original;
            return new EvaluationSection(name,
                listed is null ? null : PerformanceDraft.Number(listed.Weight, $"{where}／{name}", "分值", errors),
                listed is null ? null : PerformanceDraft.Number(listed.Score, $"{where}／{name}", "得分", errors),
                original?.ScoreRate, original?.StatedGroups, original?.StatedIndicators, groups);
        }).ToList();
        return new DepartmentEvaluation(Project.Trim(),
            PerformanceDraft.Number(Budget, where, "预算数", errors),
            PerformanceDraft.Number(Spent, where, "支出数", errors),
            PerformanceDraft.Number(Score, where, "评价得分", errors),
            PerformanceDraft.Blank(Grade), sections);
    }
}

/// <summary>A 二级 group of a 部门评价 scoring sheet with its own 分值 and 得分, as typed.</summary>
public sealed class EvaluationGroupDraft
{
    public string Section { get; set; } = "";
    public string Name { get; set; } = "";
    public string Weight { get; set; } = "";
    public string Score { get; set; } = "";
}

public sealed class EvaluationSectionDraft(EvaluationSection? original)
{
    internal EvaluationSection? Original { get; } = original;
    public string Name { get; set; } = "";
    public string Weight { get; set; } = "";
    public string Score { get; set; } = "";
}

public sealed class EvaluationRowDraft(EvaluationGroup? group, EvaluationIndicator? original)
{
    internal EvaluationGroup? OriginalGroup { get; } = group;
    public string Section { get; set; } = "";
    public string Group { get; set; } = "";
    public string Name { get; set; } = "";
    public string Weight { get; set; } = "";
    public string Score { get; set; } = "";

    internal EvaluationIndicator ToIndicator(string where, List<DomainError> errors)
    {
        if (Name.Trim().Length == 0)
        {
            errors.Add(new DomainError("performance.evaluation.indicator", "三级指标名称不能为空", where));
        }

        return new EvaluationIndicator(Name.Trim(), PerformanceDraft.Number(Weight, where, "分值", errors), PerformanceDraft.Number(Score, where, "得分", errors))
        {
            Target = original?.Target,
            Actual = original?.Actual,
        };
    }
}

/// <summary>财政评价结果反馈 as typed: the fields the screen edits; staffing, ratios and quoted indicators carried over.</summary>
public sealed class FeedbackDraft
{
    private FinanceFeedback? _original;

    public string Organisation { get; set; } = "";
    public string Department { get; set; } = "";
    public string EvaluationType { get; set; } = "";
    public string Year { get; set; } = "";
    public string Agency { get; set; } = "";
    public string Score { get; set; } = "";
    public string Grade { get; set; } = "";
    public string BudgetIncome { get; set; } = "";
    public string FiscalAppropriationIncome { get; set; } = "";
    public string CarriedForward { get; set; } = "";
    public string OtherIncome { get; set; } = "";
    public string Executed { get; set; } = "";
    public string Recovered { get; set; } = "";
    public string SubordinateUnits { get; set; } = "";

    public static FeedbackDraft From(FinanceFeedback f) => new()
    {
        _original = f,
        Organisation = f.Organisation,
        Department = f.Department,
        EvaluationType = f.EvaluationType,
        Year = f.Year.ToString(CultureInfo.InvariantCulture),
        Agency = f.Agency ?? "",
        Score = PerformanceDraft.Text(f.Score),
        Grade = f.Grade ?? "",
        BudgetIncome = PerformanceDraft.Text(f.BudgetIncome),
        FiscalAppropriationIncome = PerformanceDraft.Text(f.FiscalAppropriationIncome),
        CarriedForward = PerformanceDraft.Text(f.CarriedForward),
        OtherIncome = PerformanceDraft.Text(f.OtherIncome),
        Executed = PerformanceDraft.Text(f.Executed),
        Recovered = PerformanceDraft.Text(f.Recovered),
        SubordinateUnits = f.SubordinateUnits?.ToString(CultureInfo.InvariantCulture) ?? "",
    };

    internal FinanceFeedback ToFeedback(List<DomainError> errors)
    {
        var where = $"财政评价结果反馈／{Department.Trim()}";
        foreach (var (value, label) in new[] { (Organisation, "评价机关"), (Department, "被评价部门"), (EvaluationType, "评价类型") })
        {
            if (value.Trim().Length == 0)
            {
                errors.Add(new DomainError("performance.feedback.required", $"{label}不能为空", where));
            }
        }

        var year = PerformanceDraft.Number(Year, where, "年度", errors);
        var units = PerformanceDraft.Number(SubordinateUnits, where, "下属单位个数", errors);
        var feedback = _original ?? new FinanceFeedback { Organisation = "", Department = "", EvaluationType = "", Year = 0 };
        return feedback with
        {
            Organisation = Organisation.Trim(),
            Department = Department.Trim(),
            EvaluationType = EvaluationType.Trim(),
            Year = year is { } y ? (int)y : 0,
            Agency = PerformanceDraft.Blank(Agency),
            Score = PerformanceDraft.Number(Score, where, "评价得分", errors),
            Grade = PerformanceDraft.Blank(Grade),
            BudgetIncome = PerformanceDraft.Number(BudgetIncome, where, "本年预算收入及其他收入", errors),
            FiscalAppropriationIncome = PerformanceDraft.Number(FiscalAppropriationIncome, where, "财政拨款收入", errors),
            CarriedForward = PerformanceDraft.Number(CarriedForward, where, "上年结转", errors),
            OtherIncome = PerformanceDraft.Number(OtherIncome, where, "其他收入", errors),
            Executed = PerformanceDraft.Number(Executed, where, "预算实际执行数", errors),
            Recovered = PerformanceDraft.Number(Recovered, where, "财政年终收回", errors),
            SubordinateUnits = units is null ? null : (int)units,
        };
    }
}

/// <summary>
/// 情况说明 九's summary of the project self-evaluations as typed (what the text states: 项目数, 覆盖资金, 平均分, its
/// grade and how many projects got each grade). <see cref="FillFrom"/> computes it from the project sheets; the
/// officer may keep what the published text states instead, and the N9 rules compare both.
/// </summary>
public sealed class SummaryDraft
{
    public const string Sheet = PerformanceChecks.SummarySheet;

    public string ProjectCount { get; set; } = "";
    public string CoveredFunds { get; set; } = "";
    public string Average { get; set; } = "";
    public string AverageGrade { get; set; } = "";

    /// <summary>Projects per grade, in the order of the grade scheme (grades not in it are kept too).</summary>
    public List<GradeCountDraft> GradeCounts { get; } = [];

    public bool IsBlank => ProjectCount.Trim().Length == 0 && CoveredFunds.Trim().Length == 0 && Average.Trim().Length == 0
        && AverageGrade.Trim().Length == 0 && GradeCounts.All(g => g.Count.Trim().Length == 0);

    public static SummaryDraft From(ProjectSummary? summary)
    {
        var draft = new SummaryDraft();
        if (summary is null)
        {
            return draft;
        }

        draft.ProjectCount = summary.ProjectCount?.ToString(CultureInfo.InvariantCulture) ?? "";
        draft.CoveredFunds = PerformanceDraft.Text(summary.CoveredFunds);
        draft.Average = PerformanceDraft.Text(summary.Average);
        draft.AverageGrade = summary.AverageGrade ?? "";
        draft.GradeCounts.AddRange(summary.GradeCounts.Select(g => new GradeCountDraft(g.Key) { Count = g.Value.ToString(CultureInfo.InvariantCulture) }));
        return draft;
    }

    /// <summary>Makes sure every grade of <paramref name="scheme"/> has a line (keeping what is typed).</summary>
    public void ShowGrades(GradeScheme scheme)
    {
        foreach (var band in scheme.Bands.Where(b => GradeCounts.All(g => g.Grade != b.Grade)))
        {
            GradeCounts.Add(new GradeCountDraft(band.Grade));
        }

        var order = scheme.Bands.Select(b => b.Grade).ToList();
        GradeCounts.Sort((a, b) => Rank(a.Grade).CompareTo(Rank(b.Grade)));
        int Rank(string grade) => order.IndexOf(grade) is var i and >= 0 ? i : order.Count;
    }

    /// <summary>
    /// Computes the summary from the project sheets: their count, the average of their total scores (2 decimals), its
    /// grade and the grade counts under <paramref name="scheme"/>; 覆盖资金 from each project's 全年执行数 when every
    /// project states it, else left as typed. Sheets whose total score is missing or unreadable are left out of the
    /// average and named in the result.
    /// </summary>
    public IReadOnlyList<string> FillFrom(IReadOnlyList<SheetDraft> projects, GradeScheme scheme)
    {
        var ignored = new List<string>();
        var scores = new List<decimal>();
        foreach (var project in projects)
        {
            var errors = new List<DomainError>();
            if (PerformanceDraft.Number(project.TotalScore, project.Name, "总分", errors) is { } score && errors.Count == 0)
            {
                scores.Add(score);
            }
            else
            {
                ignored.Add(project.Name);
            }
        }

        ProjectCount = projects.Count.ToString(CultureInfo.InvariantCulture);
        var executed = projects.Select(p => PerformanceDraft.Number(p.FundsTotal?.Executed, p.Name, "全年执行数", [])).ToList();
        if (executed.Count > 0 && executed.All(e => e is not null))
        {
            CoveredFunds = executed.Sum(e => e!.Value).ToString("0.00", CultureInfo.InvariantCulture);
        }

        if (scores.Count > 0)
        {
            var average = Math.Round(scores.Average(), 2, MidpointRounding.AwayFromZero);
            Average = average.ToString("0.00", CultureInfo.InvariantCulture);
            AverageGrade = scheme.GradeOf(average);
        }

        GradeCounts.Clear();
        foreach (var band in scheme.Bands)
        {
            GradeCounts.Add(new GradeCountDraft(band.Grade) { Count = scores.Count(s => scheme.GradeOf(s) == band.Grade).ToString(CultureInfo.InvariantCulture) });
        }

        return ignored;
    }

    internal ProjectSummary? ToSummary(List<DomainError> errors)
    {
        if (IsBlank)
        {
            return null;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in GradeCounts)
        {
            if (PerformanceDraft.Count(line.Count, Sheet, $"{line.Grade}数", errors) is { } n)
            {
                counts[line.Grade] = n;
            }
        }

        return new ProjectSummary(
            PerformanceDraft.Count(ProjectCount, Sheet, "项目数", errors),
            PerformanceDraft.Number(CoveredFunds, Sheet, "覆盖资金", errors),
            PerformanceDraft.Number(Average, Sheet, "平均分", errors),
            PerformanceDraft.Blank(AverageGrade),
            counts);
    }
}

/// <summary>How many projects got one grade, as typed.</summary>
public sealed class GradeCountDraft(string grade)
{
    public string Grade { get; } = grade;
    public string Count { get; set; } = "";
}
