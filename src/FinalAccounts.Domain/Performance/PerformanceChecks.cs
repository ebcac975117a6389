using System.Globalization;
using FinalAccounts.Domain.Reconciliation;

namespace FinalAccounts.Domain.Performance;

/// <summary>The columns of the 绩效 sheets a finding can name (the <see cref="CellRef.Column"/> of a 绩效 cell).</summary>
public enum PerformanceColumn
{
    Target = 1,
    Actual = 2,
    Weight = 3,
    Score = 4,
    Deviation = 5,
    InitialBudget = 6,
    FullYearBudget = 7,
    Executed = 8,
    ExecutionRate = 9,
    TotalWeight = 10,
    TotalScore = 11,
    Grade = 12,
    Average = 13,
    ScoreRate = 14,
    Count = 15,
    SubordinateUnits = 16,
    BudgetIncome = 17,
    Recovered = 18,
    OtherIncome = 19,
    CarriedForward = 20,
    Staffing = 21,
    Rate = 22,
}

/// <summary>
/// The P (绩效评价) and D (cross-document) rules of the catalogue (§2.5, §2.6, scoring model §5), evaluated on a
/// report's <see cref="PerformanceDocument"/> with the parameters of its <see cref="PerformanceScheme"/>. Each
/// check names the sheet, project, indicator and column it read. Tolerances follow §1.3: amounts printed twice 0.01,
/// percentages by interval arithmetic widened by one unit of the stated last digit, scores at the stated precision
/// (half a unit of the last digit), counts exact; a rule's numeric tolerance in the scheme file overrides.
/// </summary>
public static class PerformanceChecks
{
    public const string SummarySheet = "项目绩效自评汇总";
    public const string EvaluationSheet = "部门评价";
    public const string FeedbackSheet = "财政评价结果反馈";

    public static string Label(PerformanceColumn column) => column switch
    {
        PerformanceColumn.Target => "指标值",
        PerformanceColumn.Actual => "实际完成值",
        PerformanceColumn.Weight => "分值",
        PerformanceColumn.Score => "得分",
        PerformanceColumn.Deviation => "偏差原因及改进措施",
        PerformanceColumn.InitialBudget => "年初预算数",
        PerformanceColumn.FullYearBudget => "全年预算数",
        PerformanceColumn.Executed => "全年执行数",
        PerformanceColumn.ExecutionRate => "执行率",
        PerformanceColumn.TotalWeight => "总分分值",
        PerformanceColumn.TotalScore => "总分",
        PerformanceColumn.Grade => "等级",
        PerformanceColumn.Average => "平均分",
        PerformanceColumn.ScoreRate => "得分率",
        PerformanceColumn.Count => "个数",
        PerformanceColumn.SubordinateUnits => "下属单位个数",
        PerformanceColumn.BudgetIncome => "本年预算收入",
        PerformanceColumn.Recovered => "财政收回",
        PerformanceColumn.OtherIncome => "其他收入",
        PerformanceColumn.CarriedForward => "上年结转",
        PerformanceColumn.Staffing => "编制数",
        _ => "比率",
    };

    /// <summary>A 绩效 cell: sheet, project (or evaluation), indicator (or row) and column.</summary>
    public static CellRef Cell(string sheet, string? project, string? indicator, PerformanceColumn column, decimal? value) =>
        new(PerformanceCellRef.Table, $"{sheet}|{project}|{indicator}", (int)column, value)
        {
            Performance = new PerformanceCellRef(sheet, project, indicator, Label(column)),
        };

    /// <summary>Evaluates the given P/D rules; the checks of each rule by id (a rule with none is not applicable).</summary>
    public static IReadOnlyDictionary<string, List<CheckResult>> Run(IEnumerable<ReconciliationRule> rules, ReconciliationData data, PerformanceScheme? scheme)
    {
        ArgumentNullException.ThrowIfNull(data);
        var byId = rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var results = byId.Keys.ToDictionary(id => id, _ => new List<CheckResult>(), StringComparer.Ordinal);
        if (scheme is null || data.Performance is not { } document)
        {
            return results;
        }

        var run = new Evaluation(byId, results, data, document, scheme);
        run.All();
        return results;
    }

    private sealed class Evaluation(
        Dictionary<string, ReconciliationRule> rules,
        Dictionary<string, List<CheckResult>> results,
        ReconciliationData data,
        PerformanceDocument document,
        PerformanceScheme scheme)
    {
        private readonly PerformanceScorer _scorer = new(scheme, document.GradeScheme);

        public void All()
        {
            foreach (var evaluation in SelfEvaluations())
            {
                SelfEvaluationRules(evaluation);
            }

            if (document.Summary is { Average: { } average, AverageGrade: { } grade })
            {
                Grade(SummarySheet, null, "项目平均分", average, grade, PerformanceColumn.Average);
            }

            foreach (var evaluation in document.Evaluations)
            {
                EvaluationRules(evaluation);
            }

            SubordinateUnits();
            foreach (var feedback in document.FinanceFeedbacks)
            {
                FeedbackRules(feedback);
            }
        }

        private IEnumerable<SelfEvaluation> SelfEvaluations() =>
            document.Department is { } department ? [department, .. document.Projects] : document.Projects;

        private static string? ProjectOf(SelfEvaluation e) => e.Kind == SelfEvaluationKind.Project ? e.Name : null;

        private void SelfEvaluationRules(SelfEvaluation e)
        {
            var sheet = e.SheetLabel;
            var project = ProjectOf(e);
            if (e is { TotalScore: { } total, Grade: { } grade })
            {
                Grade(sheet, project, null, total, grade, PerformanceColumn.TotalScore);
            }

            var execution = e.Funds?.Total;
            if (e.Indicators.Count > 0)
            {
                // P-02: 执行率分值 + Σ 指标分值 = 100 = 表列总分分值.
                var weightCells = new List<CellRef>();
                var sum = 0m;
                if (execution?.Weight is { } ew)
                {
                    sum += ew;
                    weightCells.Add(Cell(sheet, project, execution.Name, PerformanceColumn.Weight, ew));
                }

                foreach (var indicator in e.Indicators.Where(i => i.Weight is not null))
                {
                    sum += indicator.Weight!.Value;
                    weightCells.Add(Cell(sheet, project, indicator.Name, PerformanceColumn.Weight, indicator.Weight));
                }

                Compare("P-02", $"{Where(sheet, project)} 执行率分值 + Σ指标分值", sum, 100m, 0, weightCells, "=");
                if (e.TotalWeight is { } tw)
                {
                    Compare("P-02", $"{Where(sheet, project)} 总分分值", tw, 100m, 0, [Cell(sheet, project, null, PerformanceColumn.TotalWeight, tw)], "=");
                }

                // P-03: 总分 = 执行率得分 + Σ 指标得分, at the total's printed precision.
                if (e.TotalScore is { } ts)
                {
                    var scoreCells = new List<CellRef> { Cell(sheet, project, null, PerformanceColumn.TotalScore, ts) };
                    var scores = 0m;
                    if (execution?.Score is { } es)
                    {
                        scores += es;
                        scoreCells.Add(Cell(sheet, project, execution.Name, PerformanceColumn.Score, es));
                    }

                    foreach (var indicator in e.Indicators.Where(i => i.Score is not null))
                    {
                        scores += indicator.Score!.Value;
                        scoreCells.Add(Cell(sheet, project, indicator.Name, PerformanceColumn.Score, indicator.Score));
                    }

                    Compare("P-03", $"{Where(sheet, project)} 总分 = 执行率得分 + Σ指标得分", ts, scores, Tolerance("P-03", PerformanceNumber.HalfUnit(ts)), scoreCells, "=");
                }
            }

            if (e.Funds is { } funds)
            {
                FundsRules(sheet, project, funds);
            }

            foreach (var indicator in e.Indicators)
            {
                IndicatorRules(sheet, project, indicator);
            }

            // P-14: targets of the project description = targets of the self-evaluation table.
            foreach (var stated in e.StatedTargets)
            {
                var indicator = e.Indicators.FirstOrDefault(i => Same(i.Name, stated.Indicator));
                var cells = new List<CellRef> { Cell(sheet, project, stated.Indicator, PerformanceColumn.Target, stated.Target.Value) };
                if (indicator is null)
                {
                    Add("P-14", CheckStatus.Fail, $"{Where(sheet, project)}/{stated.Indicator}", null, null, 0, cells, $"说明列示的指标“{stated.Indicator}”（{stated.Target.Text}）不在自评表中");
                    continue;
                }

                var same = SameTarget(stated.Target, indicator.Target);
                Add("P-14", same ? CheckStatus.Pass : CheckStatus.Fail, $"{Where(sheet, project)}/{indicator.Name}", stated.Target.Value, indicator.Target.Value, 0, cells,
                    same ? null : $"说明目标“{stated.Target.Text}” vs 自评表“{indicator.Target.Text}”");
            }
        }

        private void FundsRules(string sheet, string? project, PerformanceFunds funds)
        {
            foreach (var row in (IEnumerable<FundsRow>)[funds.Total, .. funds.Rows])
            {
                // P-05: 执行率 = 全年执行数 / 全年预算数 × 100 (interval arithmetic).
                if (row.ExecutionRate is { } rate && row.Executed is { } executed && row.FullYearBudget is { } budget)
                {
                    var cells = new List<CellRef>
                    {
                        Cell(sheet, project, row.Name, PerformanceColumn.ExecutionRate, rate),
                        Cell(sheet, project, row.Name, PerformanceColumn.Executed, executed),
                        Cell(sheet, project, row.Name, PerformanceColumn.FullYearBudget, budget),
                    };
                    if (budget == 0)
                    {
                        Add("P-05", CheckStatus.Fail, $"{Where(sheet, project)}/{row.Name}", rate, null, 0, cells, "全年预算数为 0，不应给出执行率");
                    }
                    else
                    {
                        Ratio("P-05", $"{Where(sheet, project)}/{row.Name} 执行率", executed, PerformanceNumber.HalfUnit(executed), budget, PerformanceNumber.HalfUnit(budget), 100m, rate, cells);
                    }
                }

                // P-06: 执行率得分 = 分值 × 档系数; the proportional score is mentioned, not checked.
                if (row.Weight is { } weight && row.Score is { } score
                    && (row.ExecutionRate ?? (row.FullYearBudget is > 0 && row.Executed is { } e ? 100 * e / row.FullYearBudget.Value : null)) is { } r)
                {
                    var cells = new List<CellRef>
                    {
                        Cell(sheet, project, row.Name, PerformanceColumn.Score, score),
                        Cell(sheet, project, row.Name, PerformanceColumn.ExecutionRate, row.ExecutionRate),
                    };
                    if (_scorer.ExecutionScore(r, weight) is { } expected)
                    {
                        Compare("P-06", $"{Where(sheet, project)}/{row.Name} 执行率 {Format(r)}% 的得分", score, expected, Tolerance("P-06", 0), cells, "=",
                            $"档次法 {Format(expected)}，比例法（分值×执行率）{Format(Math.Round(weight * Math.Min(r, 100) / 100, 2))}");
                    }
                }

                // P-04 for the execution row.
                if (row.Weight is { } w && row.Score is { } s)
                {
                    Bounds(sheet, project, row.Name, w, s);
                }
            }

            // P-12: each group of sub-rows adds up to 年度资金总额 (年初预算, 全年预算, 执行数).
            foreach (var group in funds.Rows.Where(r => r.Group is not null).GroupBy(r => r.Group!))
            {
                foreach (var (column, of) in new (PerformanceColumn, Func<FundsRow, decimal?>)[]
                {
                    (PerformanceColumn.InitialBudget, r => r.InitialBudget),
                    (PerformanceColumn.FullYearBudget, r => r.FullYearBudget),
                    (PerformanceColumn.Executed, r => r.Executed),
                })
                {
                    if (of(funds.Total) is not { } total || group.All(r => of(r) is null))
                    {
                        continue;
                    }

                    var cells = new List<CellRef> { Cell(sheet, project, funds.Total.Name, column, total) };
                    cells.AddRange(group.Select(r => Cell(sheet, project, r.Name, column, of(r))));
                    Compare("P-12", $"{Where(sheet, project)} {funds.Total.Name} = Σ{group.Key}（{Label(column)}）", total, group.Sum(r => of(r) ?? 0), Tolerance("P-12", 0.01m), cells, "=");
                }
            }
        }

        private void IndicatorRules(string sheet, string? project, PerformanceIndicator indicator)
        {
            var where = $"{Where(sheet, project)}/{indicator.Name}";
            var target = indicator.Target;
            var met = _scorer.IsMet(target, indicator.Actual);
            var scoreCell = Cell(sheet, project, indicator.Name, PerformanceColumn.Score, indicator.Score);
            var actualCell = Cell(sheet, project, indicator.Name, PerformanceColumn.Actual, indicator.ActualValue);
            var targetCell = Cell(sheet, project, indicator.Name, PerformanceColumn.Target, target.Value);
            if (indicator is { Weight: { } weight, Score: { } score })
            {
                Bounds(sheet, project, indicator.Name, weight, score);

                // P-07: a met target earns full marks.
                if (met == true)
                {
                    Compare("P-07", $"{where} 达标（{target.Text} → {indicator.Actual}）", score, weight, Tolerance("P-07", 0), [scoreCell, actualCell, targetCell], "=");
                }

                // P-08: a missed target loses marks and says why.
                if (met == false)
                {
                    var problems = new List<string>();
                    if (score >= weight)
                    {
                        problems.Add($"未达标（{target.Text} → {indicator.Actual}）却得满分 {Format(score)}");
                    }

                    if (string.IsNullOrWhiteSpace(indicator.Deviation))
                    {
                        problems.Add("未填写偏差原因及改进措施");
                    }

                    Add("P-08", problems.Count == 0 ? CheckStatus.Pass : CheckStatus.Fail, where, score, weight, 0,
                        [scoreCell, Cell(sheet, project, indicator.Name, PerformanceColumn.Deviation, null), actualCell], problems.Count == 0 ? null : string.Join("；", problems), "<");
                    PartialScore(where, target, indicator.ActualValue, weight, score, [scoreCell, actualCell, targetCell]);
                }
            }

            // P-10: an “=” target exceeded or missed is a badly set target.
            if (target is { Operator: TargetOperator.Equal, Value: { } value } && indicator.ActualValue is { } actual)
            {
                Add("P-10", actual == value ? CheckStatus.Pass : CheckStatus.Fail, where, actual, value, 0, [actualCell, targetCell],
                    actual == value ? null : $"目标“{target.Text}”为“＝”，实际 {indicator.Actual}：指标值设置不合理", "=");
            }

            // P-11: targets that cannot be measured or always hold.
            var unmeasurable = Unmeasurable(indicator);
            Add("P-11", unmeasurable is null ? CheckStatus.Pass : CheckStatus.Fail, where, target.Value, null, 0, [targetCell], unmeasurable);
        }

        private string? Unmeasurable(PerformanceIndicator indicator)
        {
            var target = indicator.Target;
            var at = $"{indicator.Name}";
            if (!target.IsQuantitative)
            {
                var word = scheme.Unmeasurable.FirstOrDefault(w => target.Qualitative!.Contains(w, StringComparison.Ordinal));
                return word is null ? null : $"{at} 定性目标“{target.Text}”不可衡量";
            }

            if (target is { Operator: TargetOperator.AtLeast, Value: 0 })
            {
                return $"{at} 目标“{target.Text}”恒成立";
            }

            return target.Operator is TargetOperator.AtMost or TargetOperator.Less && scheme.UpperBoundSuspect.Contains(indicator.Level2)
                ? $"{at} {indicator.Level2}使用“{PerformanceTarget.Symbol(target.Operator.Value)}”“{target.Text}”（产出量、效益不应设上限）"
                : null;
        }

        // P-09: 得分 = 分值 × clamp((r − floor)/(1 − floor), 0, 1), at the stated score's precision.
        private void PartialScore(string where, PerformanceTarget target, decimal? actual, decimal weight, decimal score, List<CellRef> cells)
        {
            if (target.CompletionRatio(actual) is not { } ratio)
            {
                return;
            }

            var expected = _scorer.MissedScore(weight, ratio);
            Compare("P-09", $"{where} 完成率 {Format(Math.Round(ratio * 100, 2))}%", score, Math.Round(expected, 4), Tolerance("P-09", PerformanceNumber.HalfUnit(score)), cells, "=",
                $"公式得分 {Format(Math.Round(expected, 4))}");
        }

        // P-04: 0 ≤ 得分 ≤ 分值.
        private void Bounds(string sheet, string? project, string indicator, decimal weight, decimal score)
        {
            var ok = score >= 0 && score <= weight;
            Add("P-04", ok ? CheckStatus.Pass : CheckStatus.Fail, $"{Where(sheet, project)}/{indicator}", score, weight, 0,
                [Cell(sheet, project, indicator, PerformanceColumn.Score, score), Cell(sheet, project, indicator, PerformanceColumn.Weight, weight)],
                ok ? null : $"得分 {Format(score)} 不在 [0, {Format(weight)}] 内", "≤");
        }

        // P-01 (and D-01): the stated grade is the band of the score.
        private void Grade(string sheet, string? project, string? row, decimal score, string grade, PerformanceColumn scoreColumn, string ruleId = "P-01")
        {
            var scheme = _scorer.Grades;
            var cells = new List<CellRef> { Cell(sheet, project, row, PerformanceColumn.Grade, null), Cell(sheet, project, row, scoreColumn, score) };
            var where = Where(sheet, project) + (row is null ? "" : "/" + row);
            if (!scheme.Knows(grade))
            {
                Add(ruleId, CheckStatus.Fail, where, score, null, 0, cells, $"等级“{grade}”不是{scheme.Label}的等级");
                return;
            }

            var expected = scheme.GradeOf(score);
            Add(ruleId, expected == grade ? CheckStatus.Pass : CheckStatus.Fail, where, score, null, 0, cells,
                expected == grade ? null : $"{Format(score)} 分应为“{expected}”（{scheme.RangeOf(expected)}），表列“{grade}”");
        }

        private void EvaluationRules(DepartmentEvaluation evaluation)
        {
            const string sheet = EvaluationSheet;
            var project = evaluation.Project;
            if (evaluation is { Score: { } score, Grade: { } grade })
            {
                Grade(sheet, project, null, score, grade, PerformanceColumn.TotalScore);
            }

            // P-13: 一级分值合计 100.
            var levelOne = evaluation.Sections.Where(s => s.Weight is not null).ToList();
            Compare("P-13", $"{sheet}/{project} 一级分值合计", levelOne.Sum(s => s.Weight!.Value), 100m, Tolerance("P-13", 0.01m),
                levelOne.Select(s => Cell(sheet, project, s.Name, PerformanceColumn.Weight, s.Weight)).ToList(), "=");
            foreach (var section in evaluation.Sections)
            {
                var at = $"{sheet}/{project}/{section.Name}";
                var indicators = section.Indicators.ToList();
                var weightCells = indicators.Select(i => Cell(sheet, project, i.Name, PerformanceColumn.Weight, i.Weight)).ToList();
                if (section.Weight is not { } sectionWeight)
                {
                    if (indicators.Count > 0)
                    {
                        Add("P-13", CheckStatus.Fail, at, indicators.Sum(i => i.Weight ?? 0), null, 0, [Cell(sheet, project, section.Name, PerformanceColumn.Weight, null), .. weightCells],
                            $"{section.Name}(分值{Format(indicators.Sum(i => i.Weight ?? 0))}) 未归入任何一级指标");
                    }

                    continue;
                }

                var sectionCell = Cell(sheet, project, section.Name, PerformanceColumn.Weight, sectionWeight);
                var weighted = section.Groups.Where(g => g.Weight is not null).ToList();
                if (weighted.Count > 0)
                {
                    Compare("P-13", $"{at} Σ二级分值", weighted.Sum(g => g.Weight!.Value), sectionWeight, Tolerance("P-13", 0.01m),
                        [sectionCell, .. weighted.Select(g => Cell(sheet, project, g.Name, PerformanceColumn.Weight, g.Weight))], "=");
                    foreach (var group in weighted)
                    {
                        Sums(at + "/" + group.Name, project, group.Name, group.Weight!.Value, group.Score, group.Indicators);
                    }
                }
                else
                {
                    Sums(at, project, section.Name, sectionWeight, section.Score, indicators);
                }

                if (section.StatedIndicators is { } statedCount)
                {
                    Compare("P-13", $"{at} 三级指标个数", indicators.Count, statedCount, 0, [Cell(sheet, project, section.Name, PerformanceColumn.Count, statedCount)], "=");
                }

                var named = section.Groups.Count(g => g.Name.Length > 0);
                if (section.StatedGroups is { } statedGroups && named > 0)
                {
                    Compare("P-13", $"{at} 二级指标个数", named, statedGroups, 0, [Cell(sheet, project, section.Name, PerformanceColumn.Count, statedGroups)], "=");
                }

                if (section is { ScoreRate: { } rate, Score: { } s } && sectionWeight != 0)
                {
                    var computed = Math.Round(100 * s / sectionWeight, PerformanceNumber.Decimals(rate));
                    Compare("P-13", $"{at} 得分率", rate, computed, Tolerance("P-13", 0.01m),
                        [Cell(sheet, project, section.Name, PerformanceColumn.ScoreRate, rate), Cell(sheet, project, section.Name, PerformanceColumn.Score, s), sectionCell], "=");
                }
            }

            if (evaluation.Score is { } total)
            {
                var all = evaluation.Sections.SelectMany(s => s.Indicators).ToList();
                Compare("P-13", $"{sheet}/{project} Σ全部三级得分 = 评价得分", all.Sum(i => i.Score ?? 0), total, Tolerance("P-13", 0.01m),
                    [Cell(sheet, project, null, PerformanceColumn.TotalScore, total), .. all.Select(i => Cell(sheet, project, i.Name, PerformanceColumn.Score, i.Score))], "=");
            }

            foreach (var indicator in evaluation.Sections.SelectMany(s => s.Indicators))
            {
                if (indicator is { Weight: { } w, Score: { } sc })
                {
                    Bounds(sheet, project, indicator.Name, w, sc);
                    if (indicator.Target is { } target && _scorer.IsMet(target, indicator.Actual) == false)
                    {
                        var actualValue = PerformanceNumber.Quantity(indicator.Actual)?.Value;
                        PartialScore($"{sheet}/{project}/{indicator.Name}", target, actualValue, w, sc,
                            [Cell(sheet, project, indicator.Name, PerformanceColumn.Score, sc), Cell(sheet, project, indicator.Name, PerformanceColumn.Actual, actualValue)]);
                    }
                }
            }
        }

        // P-13 below a section or 二级: Σ三级分值 = 上级分值, Σ三级得分 = 上级得分.
        private void Sums(string at, string project, string parent, decimal weight, decimal? score, IReadOnlyCollection<EvaluationIndicator> indicators)
        {
            const string sheet = EvaluationSheet;
            Compare("P-13", $"{at} Σ三级分值", indicators.Sum(i => i.Weight ?? 0), weight, Tolerance("P-13", 0.01m),
                [Cell(sheet, project, parent, PerformanceColumn.Weight, weight), .. indicators.Select(i => Cell(sheet, project, i.Name, PerformanceColumn.Weight, i.Weight))], "=");
            if (score is { } s)
            {
                Compare("P-13", $"{at} Σ三级得分", indicators.Sum(i => i.Score ?? 0), s, Tolerance("P-13", 0.01m),
                    [Cell(sheet, project, parent, PerformanceColumn.Score, s), .. indicators.Select(i => Cell(sheet, project, i.Name, PerformanceColumn.Score, i.Score))], "=");
            }
        }

        // D-08: 下属单位个数 = 决算单位数 − 1 (本级) and = the units the feedback names.
        private void SubordinateUnits()
        {
            if (document.Department is not { SubordinateUnits: { } stated } department)
            {
                return;
            }

            var cell = Cell(department.SheetLabel, null, null, PerformanceColumn.SubordinateUnits, stated);
            if (data.Facts.UnitCount is { } units and > 0)
            {
                Compare("D-08", $"{department.SheetLabel} 下属单位个数 = 决算单位数（{units}，含本级）− 1", stated, units - 1, 0, [cell], "=");
            }

            foreach (var feedback in document.FinanceFeedbacks.Where(f => f.SubordinateUnits is not null))
            {
                Compare("D-08", $"{department.SheetLabel} 下属单位个数 = 财政评价所列下属单位", stated, feedback.SubordinateUnits!.Value, 0,
                    [cell, Cell(FeedbackSheet, feedback.Organisation, null, PerformanceColumn.SubordinateUnits, feedback.SubordinateUnits)], "=");
            }
        }

        private void FeedbackRules(FinanceFeedback f)
        {
            const string sheet = FeedbackSheet;
            var source = f.Organisation;
            var department = document.Department;
            var funds = department?.Funds?.Total;
            if (f is { Score: { } score, Grade: { } grade })
            {
                Grade(sheet, source, null, score, grade, PerformanceColumn.TotalScore, "D-01");
            }

            // D-02: 预算执行数 = 决算财政拨款支出 (04表) = 自评表全年执行数, at the less precise copy's precision.
            if (f.Executed is { } executed)
            {
                var executedCell = Cell(sheet, source, null, PerformanceColumn.Executed, executed);
                if (ReportCell("fiscalExpenditure") is { } fiscal)
                {
                    SameFigure("D-02", $"{sheet} 预算执行数 vs 决算{fiscal.Name}", executed, fiscal.Value, [executedCell, fiscal.Cell]);
                }

                if (funds?.Executed is { } selfExecuted && department is not null)
                {
                    SameFigure("D-02", $"{sheet} 预算执行数 vs {department.SheetLabel}全年执行数", executed, selfExecuted,
                        [executedCell, Cell(department.SheetLabel, null, funds.Name, PerformanceColumn.Executed, selfExecuted)]);
                }
            }

            // D-03: 本年预算收入 = 自评表全年预算数.
            if (f.BudgetIncome is { } income && funds?.FullYearBudget is { } budget && department is not null)
            {
                SameFigure("D-03", $"{sheet} 本年预算收入 vs {department.SheetLabel}全年预算数", income, budget,
                    [Cell(sheet, source, null, PerformanceColumn.BudgetIncome, income), Cell(department.SheetLabel, null, funds.Name, PerformanceColumn.FullYearBudget, budget)]);
            }

            // D-04: 收回 = 预算收入 − 执行数.
            if (f is { Recovered: { } recovered, BudgetIncome: { } i, Executed: { } e })
            {
                Compare("D-04", $"{sheet} 财政收回 = 本年预算收入 − 预算执行数", recovered, i - e, Tolerance("D-04", 0.01m),
                    [Cell(sheet, source, null, PerformanceColumn.Recovered, recovered), Cell(sheet, source, null, PerformanceColumn.BudgetIncome, i), Cell(sheet, source, null, PerformanceColumn.Executed, e)], "=");
            }

            // D-05: 其他收入 / 上年结转 = 决算01表.
            foreach (var (value, key, column) in new (decimal?, string, PerformanceColumn)[]
            {
                (f.OtherIncome, "otherIncome", PerformanceColumn.OtherIncome),
                (f.CarriedForward, "carriedForward", PerformanceColumn.CarriedForward),
            })
            {
                if (value is { } v && ReportCell(key) is { } cell)
                {
                    Compare("D-05", $"{sheet} {Label(column)} vs 决算{cell.Name}", v, cell.Value, Tolerance("D-05", 0.01m),
                        [Cell(sheet, source, null, column, v), cell.Cell], "=");
                }
            }

            // D-06: self-evaluation vs external evaluation: within the gap and the same grade.
            if (f.Score is { } finance && department?.TotalScore is { } self)
            {
                var selfGrade = department.Grade ?? _scorer.GradeOf(self);
                var financeGrade = f.Grade ?? _scorer.GradeOf(finance);
                var gap = self - finance;
                var ok = Math.Abs(gap) <= scheme.SelfVersusExternalGap && selfGrade == financeGrade;
                Add("D-06", ok ? CheckStatus.Pass : CheckStatus.Fail, $"{department.SheetLabel} 自评 vs {sheet}", self, finance, scheme.SelfVersusExternalGap,
                    [Cell(department.SheetLabel, null, null, PerformanceColumn.TotalScore, self), Cell(sheet, source, null, PerformanceColumn.TotalScore, finance)],
                    ok ? null : $"自评 {Format(self)}（{selfGrade}）vs 财政评价 {Format(finance)}（{financeGrade}），差 {Format(gap)}", "=");
            }

            foreach (var quoted in f.Indicators)
            {
                QuotedIndicator(f, quoted);
            }

            // D-09: 编制数合计 = Σ 各类编制.
            if (f.Staffing is { Total: { } staff } staffing && staffing.Parts.Count > 0)
            {
                Compare("D-09", $"{sheet} 核定编制数合计", staff, staffing.Parts.Sum(p => p.Count), 0,
                    [Cell(sheet, source, "核定编制数", PerformanceColumn.Staffing, staff), .. staffing.Parts.Select(p => Cell(sheet, source, p.Label, PerformanceColumn.Staffing, p.Count))], "=");
            }

            // D-10: 预决算差异率 = (决算 − 预算) / 预算 × 100.
            if (f.BudgetVariance is { } v2 && v2.Budget != 0)
            {
                Ratio("D-10", $"{sheet} 预决算差异率", v2.Final - v2.Budget, PerformanceNumber.HalfUnit(v2.Final) + PerformanceNumber.HalfUnit(v2.Budget), v2.Budget, PerformanceNumber.HalfUnit(v2.Budget), 100m, v2.StatedPercent,
                    [Cell(sheet, source, "预决算差异率", PerformanceColumn.Rate, v2.StatedPercent), Cell(sheet, source, "部门预算资金", PerformanceColumn.FullYearBudget, v2.Budget), Cell(sheet, source, "部门决算资金", PerformanceColumn.Executed, v2.Final)]);
            }

            // D-11: 户均发布率 = 项目数 / 注册业主数 (counts are exact).
            if (f.PublicationRate is { Registrants: > 0 } p2)
            {
                Ratio("D-11", $"{sheet} 户均发布率", p2.Projects, 0, p2.Registrants, 0, 1m, p2.StatedRate,
                    [Cell(sheet, source, "户均发布率", PerformanceColumn.Rate, p2.StatedRate), Cell(sheet, source, "采购项目数", PerformanceColumn.Count, p2.Projects), Cell(sheet, source, "项目业主注册数", PerformanceColumn.Count, p2.Registrants)]);
            }
        }

        // D-07: an indicator value the feedback quotes = the self-evaluation's actual (and target), units converted.
        private void QuotedIndicator(FinanceFeedback f, QuotedIndicator quoted)
        {
            var owner = SelfEvaluations().FirstOrDefault(e => e.Indicators.Any(i => Same(i.Name, quoted.Indicator)));
            var indicator = owner?.Indicators.First(i => Same(i.Name, quoted.Indicator));
            var quotedCell = Cell(FeedbackSheet, f.Organisation, quoted.Indicator, PerformanceColumn.Actual, PerformanceNumber.Quantity(quoted.Actual)?.Value);
            var where = $"{FeedbackSheet}/{quoted.Indicator}";
            if (owner is null || indicator is null)
            {
                Add("D-07", CheckStatus.Fail, where, null, null, 0, [quotedCell], $"自评表中没有指标“{quoted.Indicator}”");
                return;
            }

            var selfCell = Cell(owner.SheetLabel, ProjectOf(owner), indicator.Name, PerformanceColumn.Actual, indicator.ActualValue);
            if (PerformanceNumber.Quantity(quoted.Actual) is { } theirs && PerformanceNumber.Quantity(indicator.Actual) is { } ours)
            {
                var ourUnit = ours.Unit.Length > 0 ? ours.Unit : indicator.Target.Unit;
                var (ourMagnitude, ourBase) = PerformanceNumber.Magnitude(ourUnit);
                var (theirMagnitude, theirBase) = PerformanceNumber.Magnitude(theirs.Unit);
                var sameBase = ourBase.Length == 0 || theirBase.Length == 0 || ourBase == theirBase;
                var a = ours.Value * ourMagnitude;
                var b = theirs.Value * theirMagnitude;
                var tolerance = Math.Max(PerformanceNumber.HalfUnit(ours.Value) * ourMagnitude, PerformanceNumber.HalfUnit(theirs.Value) * theirMagnitude);
                var ok = sameBase && Math.Abs(a - b) <= tolerance;
                Add("D-07", ok ? CheckStatus.Pass : CheckStatus.Fail, where + " 实际值", ours.Value, theirs.Value, 0, [selfCell, quotedCell],
                    ok ? null : $"自评表实际 {indicator.Actual}（{ourUnit}）vs 财政评价 {quoted.Actual}", "=");
            }

            if (quoted.QuotedTarget is { } text && PerformanceTarget.Parse(text).IsSuccess)
            {
                var target = PerformanceTarget.Parse(text).Value;
                var same = SameTarget(target, indicator.Target);
                Add("D-07", same ? CheckStatus.Pass : CheckStatus.Fail, where + " 指标值", target.Value, indicator.Target.Value, 0,
                    [Cell(owner.SheetLabel, ProjectOf(owner), indicator.Name, PerformanceColumn.Target, indicator.Target.Value), Cell(FeedbackSheet, f.Organisation, quoted.Indicator, PerformanceColumn.Target, target.Value)],
                    same ? null : $"财政评价引用目标“{text}” vs 自评表“{indicator.Target.Text}”");
            }
        }

        private (string Name, decimal Value, CellRef Cell)? ReportCell(string key)
        {
            if (!scheme.Cells.TryGetValue(key, out var at) || data.Table(at.Table) is not { IsEmpty: false } table)
            {
                return null;
            }

            var value = table.Get(at.Row, at.Column) ?? 0;
            var label = table.Template.Panels.SelectMany(p => p.Rows).FirstOrDefault(r => r.Key == at.Row)?.Label ?? at.Row;
            return ($"{table.Template.ShortName}“{label}”", value, new CellRef(at.Table, at.Row, at.Column, value));
        }

        // Two copies of one amount, compared at the precision of the less precise copy (§6): exact after rounding.
        private void SameFigure(string ruleId, string where, decimal lhs, decimal rhs, List<CellRef> cells)
        {
            var decimals = Math.Min(PerformanceNumber.Decimals(lhs), PerformanceNumber.Decimals(rhs));
            var a = Math.Round(lhs, decimals, MidpointRounding.AwayFromZero);
            var b = Math.Round(rhs, decimals, MidpointRounding.AwayFromZero);
            var tolerance = Tolerance(ruleId, 0);
            var difference = a - b;
            Add(ruleId, difference == 0 ? (lhs == rhs ? CheckStatus.Pass : CheckStatus.Tail) : Math.Abs(difference) <= tolerance ? CheckStatus.Tail : CheckStatus.Fail,
                where, lhs, rhs, tolerance, cells, difference == 0 ? null : $"{Format(lhs)} vs {Format(rhs)}（按 {decimals} 位小数比较，差 {Format(difference)}）", "=");
        }

        // A stated ratio (percent when factor is 100) against numerator/denominator known to ±ε: accepted inside the
        // interval widened by one unit of the stated last digit.
        private void Ratio(string ruleId, string where, decimal numerator, decimal numeratorEps, decimal denominator, decimal denominatorEps, decimal factor, decimal stated, List<CellRef> cells)
        {
            var exact = factor * numerator / denominator;
            var bounds = new[]
            {
                factor * (numerator - numeratorEps) / (denominator + denominatorEps),
                factor * (numerator + numeratorEps) / (denominator + denominatorEps),
                denominator - denominatorEps == 0 ? exact : factor * (numerator - numeratorEps) / (denominator - denominatorEps),
                denominator - denominatorEps == 0 ? exact : factor * (numerator + numeratorEps) / (denominator - denominatorEps),
            };
            var unit = PerformanceNumber.Unit(PerformanceNumber.Decimals(stated));
            var ok = stated >= bounds.Min() - unit && stated <= bounds.Max() + unit;
            var difference = Math.Round(stated - exact, 4);
            Add(ruleId, !ok ? CheckStatus.Fail : difference == 0 ? CheckStatus.Pass : CheckStatus.Tail, where, stated, Math.Round(exact, 4), unit, cells,
                $"表列 {Format(stated)}，计算 {Format(Math.Round(exact, 4))}" + (ok ? "（在舍入区间内）" : ""), "=");
        }

        private void Compare(string ruleId, string where, decimal lhs, decimal rhs, decimal tolerance, List<CellRef> cells, string op, string? note = null)
        {
            var difference = lhs - rhs;
            var status = difference == 0 ? CheckStatus.Pass : Math.Abs(difference) <= tolerance ? CheckStatus.Tail : CheckStatus.Fail;
            var message = status switch
            {
                CheckStatus.Fail => $"{Format(lhs)} vs {Format(rhs)}（差 {Format(difference)}）",
                CheckStatus.Tail => $"尾差 {Format(difference)}",
                _ => null,
            };
            Add(ruleId, status, where, lhs, rhs, tolerance, cells, message is null ? note : note is null ? message : $"{message}；{note}", op, difference);
        }

        private void Add(string ruleId, CheckStatus status, string where, decimal? lhs, decimal? rhs, decimal tolerance, IReadOnlyList<CellRef> cells, string? message, string? op = null, decimal? difference = null)
        {
            if (!results.TryGetValue(ruleId, out var list))
            {
                return; // the rule is not in the set being evaluated
            }

            list.Add(new CheckResult(ruleId, rules[ruleId].Severity, status, where, lhs, rhs, difference ?? (lhs is { } l && rhs is { } r ? l - r : null), tolerance, cells, message, op));
        }

        private decimal Tolerance(string ruleId, decimal model) => rules.TryGetValue(ruleId, out var rule) && rule.Tolerance is { } t ? Math.Max(t, model) : model;

        private static string Where(string sheet, string? project) => project is null ? sheet : $"{sheet}/{project}";
    }

    internal static bool Same(string a, string b) => PerformanceTarget.Normalise(a) == PerformanceTarget.Normalise(b);

    internal static bool SameTarget(PerformanceTarget a, PerformanceTarget b) =>
        a.IsQuantitative
            ? b.IsQuantitative && (a.Operator ?? TargetOperator.AtLeast) == (b.Operator ?? TargetOperator.AtLeast) && a.Value == b.Value && a.Unit == b.Unit
            : !b.IsQuantitative && a.Qualitative == b.Qualitative;

    internal static string Format(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
