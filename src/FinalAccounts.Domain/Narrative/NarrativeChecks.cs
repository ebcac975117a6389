using System.Globalization;
using System.Text.RegularExpressions;
using FinalAccounts.Domain.Performance;
using FinalAccounts.Domain.Reconciliation;

namespace FinalAccounts.Domain.Narrative;

/// <summary>
/// The N rules over a report's 情况说明: each stated figure is matched to its template figure and compared with the
/// cells, inputs or other figures it must equal, at the precision it was written with (reconciliation-rules.md §1.3):
/// amounts within half a unit of the last stated digit (plus 0.005 万元 per further cell summed), counts exactly,
/// percentages (shares, changes, completion rates) by interval arithmetic widened by one unit of the last digit.
/// Text checks (placeholders, wrong year or date, rates on a zero base, doubled punctuation, direction words against
/// the sign) report under the rule ids the template gives them. Every check names its section and sentence.
/// </summary>
public static partial class NarrativeChecks
{
    public static readonly IReadOnlySet<string> TextCheckKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "placeholder", "year", "date", "zeroBase", "punctuation", "direction", "unread",
    };

    /// <summary>
    /// Every narrative check of a report, by rule id (rules without checks are absent: not applicable). The 九 checks
    /// read the 绩效 document when the report has one (<see cref="ReconciliationData.Performance"/>), grading by
    /// <paramref name="grades"/> (the template set's scheme; 四档 when null).
    /// </summary>
    public static IReadOnlyDictionary<string, List<CheckResult>> Run(IEnumerable<ReconciliationRule> rules, ReconciliationData data, bool strict = false, GradeScheme? grades = null)
    {
        var run = new Evaluation(rules.ToDictionary(r => r.Id, StringComparer.Ordinal), data, strict, grades);
        if (data.Narrative is { } document)
        {
            for (var i = 0; i < document.Template.Sections.Count; i++)
            {
                run.Section(document, i);
            }

            run.PassUnflaggedTextChecks();
        }

        return run.Results;
    }

    /// <summary>A figure of the template matched to the fact that states it.</summary>
    public sealed record MatchedFigure(NarrativeFigure Figure, NarrativeFact Fact);

    /// <summary>
    /// Which template figure each stated amount or count is: the paragraph's subject must match, any context must
    /// appear earlier in the sentence, and the longest label alias the fact's label ends with wins. A label ending in a
    /// bracketed gloss (“其他支出（对附属单位补助支出、上缴上级支出）”) is also read without it.
    /// </summary>
    public static IReadOnlyList<MatchedFigure> Match(NarrativeSection section, IReadOnlyList<NarrativeFact> facts)
    {
        var matches = new List<MatchedFigure>();
        foreach (var fact in facts.Where(f => f.Kind is FactKind.Amount or FactKind.Count))
        {
            NarrativeFigure? best = null;
            var bestScore = (Context: -1, At: -1, Subject: -1, Label: -1);
            var bare = TrailingGloss().Replace(fact.Label, "");
            foreach (var figure in section.Figures.Where(g => g.IsCount == (fact.Kind == FactKind.Count) && (g.Units.Count == 0 || g.Units.Contains(fact.Unit))))
            {
                var subject = figure.Subjects.Count == 0 ? 0 : figure.Subjects.Where(s => fact.Subject.Contains(s, StringComparison.Ordinal)).Select(s => s.Length).DefaultIfEmpty(-1).Max();
                var contextAt = figure.Contexts.Select(c => fact.SentencePrefix.LastIndexOf(c, StringComparison.Ordinal)).DefaultIfEmpty(-1).Max();
                var context = figure.Contexts.Count == 0 || contextAt >= 0;
                var label = figure.Labels.Where(l => Ends(fact.Label, l) || (bare.Length > 0 && Ends(bare, l))).Select(l => l.Length).DefaultIfEmpty(-1).Max();
                if ((figure.Subjects.Count == 0 && fact.Subject.Length > 0) || subject < 0 || !context || label < 0)
                {
                    continue;
                }

                // The most specific figure wins: a context — the nearest one when several apply (“国内公务接待0批，累计接待0人次，
                // 其中外事接待0批，累计接待0人次”) —, then the longest subject (公务用车购置及运行维护费 over 公务用车购置), then the longest label.
                var score = (Context: figure.Contexts.Count > 0 ? 1 : 0, At: contextAt, Subject: subject, Label: label);
                if (score.CompareTo(bestScore) > 0)
                {
                    (best, bestScore) = (figure, score);
                }
            }

            if (best is not null)
            {
                matches.Add(new MatchedFigure(best, fact));
            }
        }

        return matches;

        static bool Ends(string label, string alias) => label == alias || label.EndsWith(alias, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"（[^（）]*）$")]
    private static partial Regex TrailingGloss();

    private sealed partial class Evaluation(Dictionary<string, ReconciliationRule> rules, ReconciliationData data, bool strict, GradeScheme? grades)
    {
        public Dictionary<string, List<CheckResult>> Results { get; } = new(StringComparer.Ordinal);

        private NarrativeDocument Document => data.Narrative!;

        /// <summary>A text check that found nothing passes (once, for the whole 情况说明) rather than being not applicable.</summary>
        public void PassUnflaggedTextChecks()
        {
            if (Document.Sections.All(s => s.Length == 0))
            {
                return;
            }

            foreach (var rule in Document.Template.TextChecks.Values.Distinct().Where(r => !Results.ContainsKey(r) && rules.ContainsKey(r)))
            {
                Results[rule] = [new CheckResult(rule, rules[rule].Severity, CheckStatus.Pass, "情况说明全文", null, null, null, 0, [], null)];
            }
        }

        public void Section(NarrativeDocument document, int index)
        {
            var section = document.Template.Sections[index];
            var text = document.Readings[index].Text;
            var facts = document.Facts[index];
            var matches = Match(section, facts);
            var first = new Dictionary<string, MatchedFigure>(StringComparer.Ordinal);
            foreach (var match in matches)
            {
                first.TryAdd(match.Figure.Id, match);
            }

            foreach (var match in matches)
            {
                // The shares, changes and rates stated after this figure and before the next statement of the same figure.
                var related = facts.Where(f => f.Kind is not (FactKind.Amount or FactKind.Count)
                    && f.Subject == match.Fact.Subject && f.Label == match.Fact.Label && f.Number.Start > match.Fact.Number.Start
                    && !matches.Any(m => m != match && m.Fact.Label == f.Label && m.Fact.Subject == f.Subject && m.Fact.Number.Start > match.Fact.Number.Start && m.Fact.Number.Start < f.Number.Start))
                    .ToList();
                Figure(section, text, match, related, first);
            }

            foreach (var check in section.Checks)
            {
                SectionCheck(section, text, check, matches, facts);
            }

            NothingToReport(section, text, first);
            Unread(section, matches, facts);
            TextChecks(section, text, facts);
        }

        /// <summary>
        /// “本部门无国有资产占用情况”: a phrase of the section's <see cref="NarrativeSection.None"/> states every figure bound
        /// to the tables that the text does not state otherwise as 0.
        /// </summary>
        private void NothingToReport(NarrativeSection section, string text, Dictionary<string, MatchedFigure> stated)
        {
            var phrase = section.None.Select(p => (Phrase: p, At: text.IndexOf(p, StringComparison.Ordinal))).Where(x => x.At >= 0).OrderBy(x => x.At).FirstOrDefault();
            if (phrase.Phrase is null)
            {
                return;
            }

            var at = Ref(section, new TextSpan(phrase.At, phrase.Phrase.Length), text);
            foreach (var figure in section.Figures.Where(f => f.Rule is not null && f.EqualsTo?.Expression is not null && !stated.ContainsKey(f.Id)))
            {
                var value = ReconciliationEngine.EvaluateExpression(figure.EqualsTo!.Expression!, data);
                var tolerance = figure.IsCount || value.Exact ? 0 : ReconciliationEngine.Epsilon * Math.Max(1, value.NonBlankAmounts);
                Compare(figure.Rule!, $"{section.Heading} {figure.Labels[0]}（“{phrase.Phrase}”即为 0）", 0, value.Value, tolerance, value.Cells, at, null);
            }
        }

        /// <summary>
        /// In a section of standard sentences, amounts and counts that are no figure of the template are named (info):
        /// a sentence whose wording the patterns do not know is otherwise not checked at all.
        /// </summary>
        private void Unread(NarrativeSection section, IReadOnlyList<MatchedFigure> matches, IReadOnlyList<NarrativeFact> facts)
        {
            if (!section.ReportUnread || !Document.Template.TextChecks.TryGetValue("unread", out var rule))
            {
                return;
            }

            var read = matches.Select(m => m.Fact).ToHashSet();
            foreach (var sentence in facts.Where(f => f.Kind is FactKind.Amount or FactKind.Count && !read.Contains(f)).GroupBy(f => f.Sentence))
            {
                var numbers = string.Join("、", sentence.Select(f => $"{(f.Label.Length > 0 ? f.Label : "？")} {f.Written.ToString(CultureInfo.InvariantCulture)}{f.Unit}"));
                Fail(rule, $"{section.Heading} 未能识别的数字表述", sentence.First(), [], Ref(section, sentence.First()), $"未能识别的数字表述：{numbers}，未与表格核对");
            }
        }

        private void Figure(NarrativeSection section, string text, MatchedFigure match, List<NarrativeFact> related, Dictionary<string, MatchedFigure> stated)
        {
            var (figure, fact) = (match.Figure, match.Fact);
            var where = $"{section.Heading} {Describe(fact)}";
            var at = Ref(section, fact);
            var current = Source(figure.EqualsTo, stated);

            // The figure itself against its cell(s), input or other figure.
            if (figure.Rule is not null && current is not null)
            {
                var tolerance = figure.IsCount || current.Exact ? 0 : Half(fact.Decimals) + ReconciliationEngine.Epsilon * Math.Max(0, current.NonBlank - 1);
                Compare(figure.Rule, where, fact.Value, current.Value, tolerance, current.Cells, at, null);
            }

            // Numerators of rates: the cells when the figure is in the tables, else the stated figure.
            var value = current is { IsStated: false } ? current : new Operand(fact.Value, Half(fact.Decimals), [], 0, false, true);

            foreach (var share in related.Where(f => f.Kind == FactKind.Share))
            {
                if (figure.Share is { } check && Source(check.Of, stated) is { } of)
                {
                    Percentage(check.Rule, $"{where} 占比", share, value, of, Ref(section, share));
                }
            }

            var change = related.FirstOrDefault(f => f.Kind == FactKind.Change);
            var rate = related.FirstOrDefault(f => f.Kind == FactKind.ChangeRate);
            if (figure.Change is { } changeCheck && change is not null)
            {
                if (rate is not null)
                {
                    ChangeRate(changeCheck.Rule, $"{where} 变动率", value, change, rate, Ref(section, rate));
                }

                if (Document.Inputs.TryGetValue("上年." + figure.Id, out var prior))
                {
                    var cells = value.Cells;
                    Compare(changeCheck.Rule, $"{where} 比上年变动额（上年 {Show(prior)}）", change.Value, value.Value - prior, Half(change.Decimals) + value.Error, cells, Ref(section, change), null);
                }
            }

            Direction(section, change, rate);

            if (figure.CarriesTo is { } carries && change is not null && Source(carries.Of, stated) is { } opening && current is { IsStated: false })
            {
                // The prior year's closing balance, worked out from this year's and the stated change, is this year's opening one.
                var cells = current.Cells.Concat(opening.Cells).ToList();
                Compare(carries.Rule, $"{where} 推算上年年末数 {Show(current.Value - change.Value)} 与本年年初数 {Show(opening.Value)}", current.Value - change.Value, opening.Value, 0.01m, cells, Ref(section, change), null);
            }

            var completion = related.FirstOrDefault(f => f.Kind == FactKind.Completion);
            if (figure.Completion is { } completionCheck && Source(completionCheck.Of, stated) is { } budget)
            {
                if (completion is not null)
                {
                    if (budget.Value <= 0)
                    {
                        Fail(completionCheck.Rule, $"{where} 完成率", completion, budget.Cells, Ref(section, completion), $"预算数为 {Show(budget.Value)}，不应给出完成预算的百分比");
                        ZeroBase(section, completion, $"预算数为 {Show(budget.Value)}，却给出完成率 {Show(completion.Value)}%");
                    }
                    else
                    {
                        Percentage(completionCheck.Rule, $"{where} 完成率", completion, value, budget, Ref(section, completion));
                    }
                }

                if (figure.Reason is { } reason)
                {
                    var why = ReasonAfter(text, fact);
                    if (why is not null)
                    {
                        var over = fact.Value > budget.Value;
                        var under = fact.Value < budget.Value;
                        var wrong = (over && ReducingReason().IsMatch(why.Value.Text)) || (under && IncreasingReason().IsMatch(why.Value.Text));
                        Judge(reason.Rule, $"{where} 预决算差异原因", wrong, budget.Cells, Between(section, text, fact.Sentence.Start, why.Value.Span.End),
                            wrong ? $"决算数 {Show(fact.Value)} {(over ? ">" : "<")} 预算数 {Show(budget.Value)}，原因却是“{why.Value.Text}”" : null);
                    }
                }
            }
            else if (figure.Reason is { } reason && change is not null && ReasonAfter(text, change) is { } why)
            {
                var wrong = (change.Value > 0 && ReducingChangeReason().IsMatch(why.Text)) || (change.Value < 0 && IncreasingReason().IsMatch(why.Text));
                Judge(reason.Rule, $"{where} 变动原因", wrong, [], Between(section, text, change.Sentence.Start, why.Span.End),
                    wrong ? $"比上年{(change.Value > 0 ? "增加" : "减少")} {Show(Math.Abs(change.Value))}，原因却是“{why.Text}”" : null);
            }

            if (figure.AtMost is { } atMost && Source(atMost.Of, stated) is { } bound)
            {
                var tolerance = Half(fact.Decimals) + bound.Error;
                if (StatedEqual().Match(text, fact.Number.End) is { Success: true } equal && equal.Index == fact.Number.End)
                {
                    // “64.25万元（与部门决算中…公用经费之和一致）”: the text itself says the bound is reached.
                    Compare(atMost.Rule, $"{where} {equal.Value}", fact.Value, bound.Value, tolerance, bound.Cells, at, null);
                }
                else
                {
                    var excess = Math.Max(0, fact.Value - bound.Value);
                    Add(atMost.Rule, excess <= tolerance ? (excess == 0 ? CheckStatus.Pass : CheckStatus.Tail) : CheckStatus.Fail, where, fact.Value, bound.Value, fact.Value - bound.Value, tolerance, bound.Cells, null, "≤", at);
                }
            }

            if (figure.SumRule is { } sumRule && figure.SumOf.Count > 0)
            {
                var parts = stated.Values.Where(m => figure.SumOf.Any(p => Like(m.Figure.Id, p))).ToList();
                if (parts.Count > 0)
                {
                    var sum = parts.Sum(p => p.Fact.Value);
                    var tolerance = Half(fact.Decimals) + parts.Sum(p => Half(p.Fact.Decimals));
                    var last = parts.Max(p => p.Fact.Sentence.End);
                    Compare(sumRule, $"{where} = {string.Join(" + ", parts.Select(p => Describe(p.Fact)))}", fact.Value, sum, tolerance, [], Between(section, text, Math.Min(fact.Sentence.Start, parts.Min(p => p.Fact.Sentence.Start)), Math.Max(fact.Sentence.End, last)), null);
                }
            }
        }

        private void SectionCheck(NarrativeSection section, string text, SectionCheck check, IReadOnlyList<MatchedFigure> matches, IReadOnlyList<NarrativeFact> facts)
        {
            switch (check.Kind)
            {
                case "shareTotal":
                    var shares = matches.Where(m => check.Figures.Any(p => Like(m.Figure.Id, p)))
                        .Select(m => facts.FirstOrDefault(f => f.Kind == FactKind.Share && f.Subject == m.Fact.Subject && f.Label == m.Fact.Label && f.Number.Start > m.Fact.Number.Start))
                        .OfType<NarrativeFact>().Distinct().ToList();
                    if (shares.Count > 1)
                    {
                        Compare(check.Rule, $"{section.Heading} 构成占比合计", shares.Sum(s => s.Value), 100m, 0.01m * shares.Count, [], Between(section, text, shares.Min(s => s.Sentence.Start), shares.Max(s => s.Sentence.End)), null);
                    }

                    break;
                case "covers":
                    foreach (var figure in section.Figures.Where(g => check.Figures.Any(p => Like(g.Id, p)) && g.EqualsTo?.Expression is not null))
                    {
                        var value = ReconciliationEngine.EvaluateExpression(figure.EqualsTo!.Expression!, data);
                        if (value.Value != 0)
                        {
                            var stated = matches.Any(m => m.Figure == figure);
                            // Named at the section's first sentence, where the list of classes begins.
                            Judge(check.Rule, $"{section.Heading} {string.Join("/", figure.Subjects)}", !stated, value.Cells, Ref(section, new TextSpan(0, 0), text),
                                stated ? null : $"{string.Join("/", figure.Subjects)} 决算数 {Show(value.Value)}，说明中未列示");
                        }
                    }

                    break;
                case "projects":
                case "grades":
                case "average":
                    if (data.Performance is { } document && document.Projects.Any(p => p.TotalScore is not null))
                    {
                        PerformanceTables(section, text, check, document);
                    }
                    else
                    {
                        Performance(section, text, check);
                    }

                    break;
                case "performanceSources" or "performanceProjectBudget" when data.Performance is { } funds:
                    PerformanceFunds(section, text, check, funds);
                    break;
            }
        }

        /// <summary>
        /// 九 预算绩效: the project count, the grade counts and the average against the listed project scores
        /// (bands 优 ≥ 90, 良 [80, 90), 中 [60, 80), 差 &lt; 60; reconciliation-rules.md §5.1).
        /// </summary>
        private void Performance(NarrativeSection section, string text, SectionCheck check)
        {
            var scores = ProjectScore().Matches(text).Select(m => (Score: NarrativeText.ParseNumber(m.Groups["s"].Value), m.Index, m.Length)).ToList();
            var grades = GradeCount().Matches(text).Select(m => (Grade: m.Groups["g"].Value, Count: int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture), m.Index, m.Length)).ToList();
            switch (check.Kind)
            {
                case "projects" when ProjectCount().Match(text) is { Success: true } count:
                    var n = int.Parse(count.Groups["n"].Value, CultureInfo.InvariantCulture);
                    var at = Ref(section, new TextSpan(count.Index, count.Length), text);
                    if (grades.Count > 0)
                    {
                        Compare(check.Rule, $"{section.Heading} 二级项目数 = 各等级项目数之和", n, grades.Sum(g => g.Count), 0, [], at, null);
                    }

                    if (scores.Count > 0)
                    {
                        Compare(check.Rule, $"{section.Heading} 二级项目数 = 列示得分的项目数", n, scores.Count, 0, [], at, null);
                    }

                    break;
                case "grades" when scores.Count > 0:
                    foreach (var grade in grades)
                    {
                        var byScore = scores.Count(s => Band(s.Score) == grade.Grade);
                        Compare(check.Rule, $"{section.Heading} “{grade.Grade}”等级项目数：说明 {grade.Count} / 按得分 {byScore}", grade.Count, byScore, 0, [],
                            Ref(section, new TextSpan(grade.Index, grade.Length), text), null);
                    }

                    break;
                case "average" when AverageScore().Match(text) is { Success: true } average:
                    var stated = NarrativeText.ParseNumber(average.Groups["s"].Value);
                    var decimals = NarrativeText.DecimalsOf(average.Groups["s"].Value);
                    var averageAt = Ref(section, new TextSpan(average.Index, average.Length), text);
                    if (scores.Count > 0)
                    {
                        Compare(check.Rule, $"{section.Heading} 平均分", stated, Math.Round(scores.Average(s => s.Score), 4), Half(decimals), [], averageAt, null);
                    }

                    if (average.Groups["g"].Success)
                    {
                        var band = Band(stated);
                        Judge(check.Rule, $"{section.Heading} 平均分等级", band != average.Groups["g"].Value, [], averageAt,
                            band != average.Groups["g"].Value ? $"平均分 {average.Groups["s"].Value} 分属“{band}”，说明为“{average.Groups["g"].Value}”" : null);
                    }

                    break;
            }
        }

        /// <summary>
        /// 九 against the 绩效 tables (issue 12): the stated project count against the 项目支出绩效自评表, the stated
        /// grade counts against the projects' 总分 graded by the scheme's bands, the stated average against Σ 总分 / n and
        /// its grade by the bands. Each finding names the sentence and the 总分 cells it counted.
        /// </summary>
        private void PerformanceTables(NarrativeSection section, string text, SectionCheck check, PerformanceDocument document)
        {
            var scored = document.Projects.Where(p => p.TotalScore is not null).ToList();
            var grades = GradeCount().Matches(text).Select(m => (Grade: m.Groups["g"].Value, Count: int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture), m.Index, m.Length)).ToList();
            switch (check.Kind)
            {
                case "projects" when ProjectCount().Match(text) is { Success: true } count:
                    var n = int.Parse(count.Groups["n"].Value, CultureInfo.InvariantCulture);
                    var at = Ref(section, new TextSpan(count.Index, count.Length), text);
                    if (grades.Count > 0)
                    {
                        Compare(check.Rule, $"{section.Heading} 二级项目数 = 各等级项目数之和", n, grades.Sum(g => g.Count), 0, [], at, null);
                    }

                    Compare(check.Rule, $"{section.Heading} 二级项目数 = 项目支出绩效自评表个数", n, document.Projects.Count, 0,
                        [PerformanceChecks.Cell(ProjectSheet, null, null, PerformanceColumn.Count, document.Projects.Count)], at, null);
                    break;
                case "grades":
                    foreach (var grade in grades)
                    {
                        var inBand = scored.Where(p => GradeOf(p.TotalScore!.Value) == grade.Grade).ToList();
                        Compare(check.Rule, $"{section.Heading} “{grade.Grade}”等级项目数：说明 {grade.Count} / 按自评表得分 {inBand.Count}", grade.Count, inBand.Count, 0,
                            inBand.Select(ScoreCell).ToList(), Ref(section, new TextSpan(grade.Index, grade.Length), text), null);
                    }

                    break;
                case "average" when AverageScore().Match(text) is { Success: true } average:
                    var stated = NarrativeText.ParseNumber(average.Groups["s"].Value);
                    var decimals = NarrativeText.DecimalsOf(average.Groups["s"].Value);
                    var averageAt = Ref(section, new TextSpan(average.Index, average.Length), text);
                    var cells = scored.Select(ScoreCell).ToList();
                    var mean = Math.Round(scored.Average(p => p.TotalScore!.Value), 4);
                    Compare(check.Rule, $"{section.Heading} 平均分 = Σ自评表总分 / {scored.Count}", stated, mean, Half(decimals), cells, averageAt, null);
                    if (average.Groups["g"].Success)
                    {
                        var band = GradeOf(stated);
                        var wrong = band != average.Groups["g"].Value;
                        Judge(check.Rule, $"{section.Heading} 平均分等级", wrong, cells, averageAt,
                            wrong ? $"平均分 {average.Groups["s"].Value} 分按{SchemeLabel}区间属“{band}”，说明为“{average.Groups["g"].Value}”" : null);
                    }

                    break;
            }
        }

        /// <summary>
        /// 九's fund figures against the tables and the 自评表 (N9-06, N9-07). <c>performanceSources</c>: the project
        /// evaluation's 一般公共预算支出 at most the check's first cell (公开05表 项目支出) and its 政府性基金 equal to the
        /// second (公开07表 项目支出); the 部门整体 evaluation's parts adding up to the 自评表's 全年执行数.
        /// <c>performanceProjectBudget</c>: the projects' 全年预算数合计 at most the 自评表's 全年预算数 less the check's
        /// cell (公开03表 基本支出). The cells are template data (the check's <c>figures</c>, checked when it is read).
        /// </summary>
        private void PerformanceFunds(NarrativeSection section, string text, SectionCheck check, PerformanceDocument document)
        {
            var total = document.Department?.Funds?.Total;
            var sheet = document.Department?.SheetLabel ?? "部门整体支出绩效自评表";
            if (check.Kind == "performanceSources" && check.Figures.Count == 2)
            {
                foreach (Match m in FundSources().Matches(text))
                {
                    var sentence = FactExtractor.Sentences(text).FirstOrDefault(x => x.Start <= m.Index && m.Index < x.End);
                    var prefix = text[sentence.Start..m.Index];
                    var at = Ref(section, new TextSpan(m.Index, m.Length), text);
                    var general = NarrativeText.ParseNumber(m.Groups["g"].Value);
                    var generalHalf = Half(NarrativeText.DecimalsOf(m.Groups["g"].Value));
                    decimal? fund = m.Groups["f"].Success ? NarrativeText.ParseNumber(m.Groups["f"].Value) : null;
                    var fundHalf = m.Groups["f"].Success ? Half(NarrativeText.DecimalsOf(m.Groups["f"].Value)) : 0;
                    if (prefix.Contains("部门整体", StringComparison.Ordinal))
                    {
                        if (total?.Executed is { } executed)
                        {
                            var cell = PerformanceChecks.Cell(sheet, null, total.Name, PerformanceColumn.Executed, executed);
                            Compare(check.Rule, $"{section.Heading} 部门整体评价 一般公共预算 + 政府性基金 = 自评表全年执行数", general + (fund ?? 0), executed,
                                generalHalf + fundHalf + PerformanceNumber.HalfUnit(executed), [cell], at, null);
                        }

                        continue;
                    }

                    // The project evaluation: 一般公共预算 within 05表 项目支出, 政府性基金 equal to 07表 项目支出.
                    var general05 = ReconciliationEngine.EvaluateExpression(FormulaParser.ParseExpression(check.Figures[0]), data);
                    var excess = general - general05.Value;
                    var tolerance = generalHalf + ReconciliationEngine.Epsilon;
                    Add(check.Rule, excess <= tolerance ? (excess <= 0 ? CheckStatus.Pass : CheckStatus.Tail) : CheckStatus.Fail,
                        $"{section.Heading} 项目评价 一般公共预算支出 ≤ {check.Figures[0]}", general, general05.Value, excess, tolerance, general05.Cells,
                        excess <= tolerance ? null : $"说明 {Show(general)} > {check.Figures[0]} 项目支出 {Show(general05.Value)}", "≤", at);
                    if (fund is { } f)
                    {
                        var fund07 = ReconciliationEngine.EvaluateExpression(FormulaParser.ParseExpression(check.Figures[1]), data);
                        Compare(check.Rule, $"{section.Heading} 项目评价 政府性基金预算支出 = {check.Figures[1]}", f, fund07.Value, fundHalf + ReconciliationEngine.Epsilon, fund07.Cells, at, null);
                    }
                }
            }

            if (check.Kind == "performanceProjectBudget" && check.Figures.Count == 1 && ProjectBudget().Match(text) is { Success: true } budget && total?.FullYearBudget is { } full)
            {
                var stated = NarrativeText.ParseNumber(budget.Groups["s"].Value);
                var basic = ReconciliationEngine.EvaluateExpression(FormulaParser.ParseExpression(check.Figures[0]), data);
                var bound = full - basic.Value;
                var tolerance = Half(NarrativeText.DecimalsOf(budget.Groups["s"].Value)) + ReconciliationEngine.Epsilon;
                var excess = stated - bound;
                List<CellRef> cells = [PerformanceChecks.Cell(sheet, null, total.Name, PerformanceColumn.FullYearBudget, full), .. basic.Cells];
                Add(check.Rule, excess <= tolerance ? (excess <= 0 ? CheckStatus.Pass : CheckStatus.Tail) : CheckStatus.Fail,
                    $"{section.Heading} 项目全年预算数合计 ≤ 自评表全年预算数 − {check.Figures[0]}", stated, bound, excess, tolerance, cells,
                    excess <= tolerance ? null : $"说明 {Show(stated)} > 自评表全年预算数 {Show(full)} − 基本支出 {Show(basic.Value)} = {Show(bound)}", "≤",
                    Ref(section, new TextSpan(budget.Index, budget.Length), text));
            }
        }

        private const string ProjectSheet = "项目支出绩效自评表";

        private static CellRef ScoreCell(SelfEvaluation project) =>
            PerformanceChecks.Cell(project.SheetLabel, project.Name, null, PerformanceColumn.TotalScore, project.TotalScore);

        private string GradeOf(decimal score) => grades?.GradeOf(score) ?? Band(score);

        private string SchemeLabel => grades?.Label ?? "四档";



        private static string Band(decimal score) => score >= 90 ? "优" : score >= 80 ? "良" : score >= 60 ? "中" : "差";

        private void TextChecks(NarrativeSection section, string text, IReadOnlyList<NarrativeFact> facts)
        {
            var kinds = Document.Template.TextChecks;
            if (kinds.TryGetValue("placeholder", out var placeholder))
            {
                foreach (Match m in Placeholder().Matches(text))
                {
                    Fail(placeholder, $"{section.Heading} 占位符", null, [], Ref(section, new TextSpan(m.Index, m.Length), text), $"文中留有占位符“{m.Value}”");
                }
            }

            var year = data.Facts.FiscalYear;
            if (kinds.TryGetValue("year", out var yearRule))
            {
                foreach (Match m in ReportYear().Matches(text))
                {
                    if (int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture) != year)
                    {
                        Fail(yearRule, $"{section.Heading} 年度", null, [], Ref(section, new TextSpan(m.Index, m.Length), text), $"“{m.Value}”不是决算年度 {year} 年");
                    }
                }
            }

            if (kinds.TryGetValue("date", out var dateRule))
            {
                foreach (Match m in AsOfDate().Matches(text))
                {
                    var ok = m.Groups["y"].Value == year.ToString(CultureInfo.InvariantCulture) && m.Groups["m"].Value == "12" && m.Groups["d"].Value == "31";
                    if (!ok)
                    {
                        Fail(dateRule, $"{section.Heading} 日期", null, [], Ref(section, new TextSpan(m.Index, m.Length), text), $"“{m.Value}”不是决算年度的年末（{year}年12月31日）");
                    }
                }
            }

            if (kinds.TryGetValue("punctuation", out var punctuation))
            {
                foreach (Match m in DoubledPunctuation().Matches(text))
                {
                    Fail(punctuation, $"{section.Heading} 标点", null, [], Ref(section, new TextSpan(m.Index, m.Length), text), $"标点重复“{m.Value}”");
                }
            }

            if (kinds.TryGetValue("zeroBase", out _))
            {
                // Rates stated on a zero base where no figure qualifies them (a figure's own rates are checked with it).
                foreach (var rate in facts.Where(f => f.Kind == FactKind.ChangeRate && f.Value != 0))
                {
                    var change = facts.LastOrDefault(f => f.Kind == FactKind.Change && f.Subject == rate.Subject && f.Label == rate.Label && f.Number.Start < rate.Number.Start);
                    var amount = facts.LastOrDefault(f => f.Kind == FactKind.Amount && f.Subject == rate.Subject && f.Label == rate.Label && f.Number.Start < rate.Number.Start);
                    if (change is not null && amount is not null && amount.Value - change.Value <= 0)
                    {
                        ZeroBase(section, rate, $"上年数为 {Show(amount.Value - change.Value)}（{Show(amount.Value)} − {Show(change.Value)}），不应给出变动率 {Show(rate.Value)}%");
                    }
                }
            }
        }

        private void Direction(NarrativeSection section, NarrativeFact? change, NarrativeFact? rate)
        {
            if (!Document.Template.TextChecks.TryGetValue("direction", out var rule))
            {
                return;
            }

            foreach (var fact in new[] { change, rate }.OfType<NarrativeFact>().Where(f => f.Direction != 0 && f.Written < 0))
            {
                Fail(rule, $"{section.Heading} {Describe(fact)} 方向词", fact, [], Ref(section, fact), $"“{(fact.Direction > 0 ? "增加/增长" : "减少/下降")}”后写了负数 {Show(fact.Written)}");
            }

            if (change is not null && rate is not null && Math.Sign(change.Value) != 0 && Math.Sign(rate.Value) != 0 && Math.Sign(change.Value) != Math.Sign(rate.Value))
            {
                Fail(rule, $"{section.Heading} {Describe(change)} 方向词", rate, [], Ref(section, rate), $"变动额 {Show(change.Value)} 与变动率 {Show(rate.Value)}% 方向相反");
            }

            if (change is not null && change.Direction == 0 && change.Written == 0 && rate is not null && rate.Value != 0)
            {
                Fail(rule, $"{section.Heading} {Describe(change)} 方向词", rate, [], Ref(section, rate), $"“与上年持平”却有变动率 {Show(rate.Value)}%");
            }
        }

        private void ZeroBase(NarrativeSection section, NarrativeFact rate, string message)
        {
            if (Document.Template.TextChecks.TryGetValue("zeroBase", out var rule))
            {
                Fail(rule, $"{section.Heading} {Describe(rate)} 零基数", rate, [], Ref(section, rate), message);
            }
        }

        private void ChangeRate(string rule, string where, Operand current, NarrativeFact change, NarrativeFact rate, TextRef at)
        {
            var eChange = Half(change.Decimals);
            var prior = current.Value - change.Value;
            if (prior - current.Error - eChange <= 0)
            {
                if (rate.Value != 0)
                {
                    ZeroBase(Document.Template.Sections[at.Section - 1], rate, $"上年数为 {Show(prior)}，不应给出变动率 {Show(rate.Value)}%");
                }

                return;
            }

            var corners = new List<decimal>();
            foreach (var d in new[] { change.Value - eChange, change.Value + eChange })
            {
                foreach (var c in new[] { current.Value - current.Error, current.Value + current.Error })
                {
                    corners.Add(100m * d / (c - d));
                }
            }

            Interval(rule, where, rate, 100m * change.Value / prior, corners.Min(), corners.Max(), current.Cells, at);
        }

        private void Percentage(string rule, string where, NarrativeFact stated, Operand numerator, Operand denominator, TextRef at)
        {
            var cells = numerator.Cells.Concat(denominator.Cells).ToList();
            if (denominator.Value - denominator.Error <= 0)
            {
                if (stated.Value != 0)
                {
                    Fail(rule, where, stated, cells, at, $"基数为 {Show(denominator.Value)}，不应给出百分比");
                }

                return;
            }

            var lo = 100m * Math.Max(0, numerator.Value - numerator.Error) / (denominator.Value + denominator.Error);
            var hi = 100m * (numerator.Value + numerator.Error) / (denominator.Value - denominator.Error);
            Interval(rule, where, stated, 100m * numerator.Value / denominator.Value, lo, hi, cells, at);
        }

        private void Interval(string rule, string where, NarrativeFact stated, decimal exact, decimal lo, decimal hi, IReadOnlyList<CellRef> cells, TextRef at)
        {
            var unit = Unit(stated.Decimals);
            var inside = stated.Value >= lo - unit && stated.Value <= hi + unit;
            var rounded = Math.Round(exact, stated.Decimals, MidpointRounding.AwayFromZero) == stated.Value;
            var status = inside ? (rounded ? CheckStatus.Pass : strict ? CheckStatus.Fail : CheckStatus.Tail) : CheckStatus.Fail;
            var tolerance = stated.Value >= exact ? hi + unit - exact : exact - (lo - unit);
            var message = status == CheckStatus.Pass ? null
                : $"表述 {Show(stated.Value)}%，按公开数计算 {exact.ToString("0.####", CultureInfo.InvariantCulture)}%，尾数区间 [{(lo - unit).ToString("0.####", CultureInfo.InvariantCulture)}, {(hi + unit).ToString("0.####", CultureInfo.InvariantCulture)}]";
            Add(rule, status, where, stated.Value, Math.Round(exact, 4), stated.Value - Math.Round(exact, 4), Math.Round(tolerance, 4), cells, message, "=", at);
        }

        private void Compare(string rule, string where, decimal stated, decimal expected, decimal tolerance, IReadOnlyList<CellRef> cells, TextRef at, string? note)
        {
            var difference = stated - expected;
            var status = difference == 0 ? CheckStatus.Pass : Math.Abs(difference) <= tolerance && !strict ? CheckStatus.Tail : CheckStatus.Fail;
            var message = status == CheckStatus.Pass ? note : status == CheckStatus.Tail ? $"尾差 {Show(Math.Abs(difference))}" : $"说明 {Show(stated)}，应为 {Show(expected)}";
            Add(rule, status, where, stated, expected, difference, tolerance, cells, message, "=", at);
        }

        private void Judge(string rule, string where, bool wrong, IReadOnlyList<CellRef> cells, TextRef at, string? message) =>
            Add(rule, wrong ? CheckStatus.Fail : CheckStatus.Pass, where, null, null, null, 0, cells, message, null, at);

        private void Fail(string rule, string where, NarrativeFact? fact, IReadOnlyList<CellRef> cells, TextRef at, string message) =>
            Add(rule, CheckStatus.Fail, where, fact?.Value, null, null, 0, cells, message, null, at);

        private void Add(string rule, CheckStatus status, string where, decimal? lhs, decimal? rhs, decimal? difference, decimal tolerance, IReadOnlyList<CellRef> cells, string? message, string? op, TextRef at)
        {
            if (!rules.TryGetValue(rule, out var definition))
            {
                return;
            }

            if (!Results.TryGetValue(rule, out var list))
            {
                Results[rule] = list = [];
            }

            list.Add(new CheckResult(rule, definition.Severity, status, where, lhs, rhs, difference, tolerance, cells, message, op, Stored(at)));
        }

        /// <summary>A range found in a section's reading, as a range of the stored text (what the officer sees and edits).</summary>
        private TextRef Stored(TextRef at)
        {
            if (at.Section < 1 || at.Section > Document.Readings.Count)
            {
                return at;
            }

            var reading = Document.Readings[at.Section - 1];
            var span = reading.ToStored(new TextSpan(at.Start, at.Length));
            return at with { Start = span.Start, Length = span.Length, Sentence = reading.Stored.Substring(span.Start, span.Length) };
        }

        /// <summary>A value a figure is compared with or taken of, with its half-width of rounding error.</summary>
        private sealed record Operand(decimal Value, decimal Error, IReadOnlyList<CellRef> Cells, int NonBlank, bool Exact, bool IsStated);

        private Operand? Source(FigureSource? source, Dictionary<string, MatchedFigure> stated) =>
            SourceOnly(source, stated) ?? (source?.Otherwise is { } otherwise ? Source(otherwise, stated) : null);

        /// <summary>A value of the 绩效 tables as the cell that holds it, or null when the report has none.</summary>
        private CellRef? PerformanceValue(string key)
        {
            var department = data.Performance?.Department;
            var total = department?.Funds?.Total;
            return key switch
            {
                "部门整体.总分" when department?.TotalScore is { } score => PerformanceChecks.Cell(department.SheetLabel, null, null, PerformanceColumn.TotalScore, score),
                "部门整体.全年预算数" when total?.FullYearBudget is { } budget => PerformanceChecks.Cell(department!.SheetLabel, null, total.Name, PerformanceColumn.FullYearBudget, budget),
                "部门整体.全年执行数" when total?.Executed is { } executed => PerformanceChecks.Cell(department!.SheetLabel, null, total.Name, PerformanceColumn.Executed, executed),
                _ => null,
            };
        }

        private Operand? SourceOnly(FigureSource? source, Dictionary<string, MatchedFigure> stated)
        {
            switch (source)
            {
                case { Expression: { } expr }:
                    var value = ReconciliationEngine.EvaluateExpression(expr, data);
                    return new Operand(value.Value, value.Exact ? 0 : ReconciliationEngine.Epsilon * Math.Max(1, value.NonBlankAmounts), value.Cells, value.NonBlankAmounts, value.Exact, false);
                case { Input: { } key }:
                    return Document.Inputs.TryGetValue(key, out var input) ? new Operand(input, ReconciliationEngine.Epsilon, [], 1, false, true) : null;
                case { Figure: { } id }:
                    return stated.TryGetValue(id, out var figure) ? new Operand(figure.Fact.Value, Half(figure.Fact.Decimals), [], 1, false, true) : null;
                case { Performance: { } key }:
                    return PerformanceValue(key) is { } cell ? new Operand(cell.Value!.Value, PerformanceNumber.HalfUnit(cell.Value.Value), [cell], 1, false, false) : null;
                default:
                    return null;
            }
        }

        private static (string Text, TextSpan Span)? ReasonAfter(string text, NarrativeFact fact)
        {
            var end = text.IndexOf('\n', fact.Number.End);
            end = end < 0 ? text.Length : end;
            var reason = ReasonWord().Match(text, fact.Number.End, end - fact.Number.End);
            if (!reason.Success)
            {
                return null;
            }

            var at = reason.Index;
            var start = at + reason.Length;
            var stop = text.IndexOf('。', start, end - start);
            stop = stop < 0 ? end : stop;
            return (text[start..stop], new TextSpan(at, stop - at));
        }

        private static TextRef Ref(NarrativeSection section, NarrativeFact fact) =>
            new(section.Order, section.Heading, fact.Sentence.Start, fact.Sentence.Length, fact.SentenceText);

        /// <summary>The sentence around a span of the text.</summary>
        private static TextRef Ref(NarrativeSection section, TextSpan span, string text)
        {
            var sentence = FactExtractor.Sentences(text).FirstOrDefault(s => s.Start <= span.Start && span.Start < s.End);
            if (sentence.Length == 0)
            {
                sentence = span;
            }

            return new TextRef(section.Order, section.Heading, sentence.Start, sentence.Length, text.Substring(sentence.Start, sentence.Length));
        }

        /// <summary>The text from one sentence to another, for checks that read several sentences.</summary>
        private static TextRef Between(NarrativeSection section, string text, int start, int end) =>
            new(section.Order, section.Heading, start, end - start, text[start..end]);

        private static string Describe(NarrativeFact fact) => fact.Subject.Length > 0 ? $"{fact.Subject}{fact.Label}" : fact.Label;

        private static bool Like(string id, string pattern) =>
            pattern.EndsWith('*') ? id.StartsWith(pattern[..^1], StringComparison.Ordinal) : id == pattern;

        private static decimal Unit(int decimals) => decimals <= 0 ? 1m : 1m / Pow10(decimals);

        private static decimal Half(int decimals) => Unit(decimals) / 2;

        private static decimal Pow10(int n)
        {
            var p = 1m;
            for (var i = 0; i < n; i++)
            {
                p *= 10;
            }

            return p;
        }

        private static string Show(decimal value) => value.ToString("0.00##", CultureInfo.InvariantCulture);

        // “主要原因：”, “主要原因是：”, “主要原因是未发生…”.
        [GeneratedRegex(@"原因(?:是|为)?[：:]|原因(?:是|为)")]
        private static partial Regex ReasonWord();

        // The bracket right after a stated figure that says it equals what it is bounded by.
        [GeneratedRegex(@"\G（与[^（）]*一致）")]
        private static partial Regex StatedEqual();

        [GeneratedRegex(@"收回|结余|节约")]
        private static partial Regex ReducingReason();

        [GeneratedRegex(@"压减|节约|减少|收回")]
        private static partial Regex ReducingChangeReason();

        [GeneratedRegex(@"追加|增加")]
        private static partial Regex IncreasingReason();

        [GeneratedRegex(@"项目绩效自评得分(?<s>\d+(?:\.\d+)?)分")]
        private static partial Regex ProjectScore();

        [GeneratedRegex(@"(?<n>\d+)个项目评价结果为“(?<g>优|良|中|差)”")]
        private static partial Regex GradeCount();

        [GeneratedRegex(@"二级项目(?<n>\d+)个")]
        private static partial Regex ProjectCount();

        [GeneratedRegex(@"平均分为?(?<s>\d+(?:\.\d+)?)分(?:，绩效等级为“(?<g>优|良|中|差)”)?")]
        private static partial Regex AverageScore();

        [GeneratedRegex(@"涉及一般公共预算支出(?<g>\d+(?:\.\d+)?)万元(?:，政府性基金预算支出(?<f>\d+(?:\.\d+)?)万元)?")]
        private static partial Regex FundSources();

        [GeneratedRegex(@"项目全年预算数合计(?<s>\d+(?:\.\d+)?)万元")]
        private static partial Regex ProjectBudget();

        [GeneratedRegex(@"[XxＸｘ×＊*]{2,}|某某|【待填写[^】]*】")]
        private static partial Regex Placeholder();

        [GeneratedRegex(@"(?<y>\d{4})年度")]
        private static partial Regex ReportYear();

        [GeneratedRegex(@"截[止至](?<y>\d{4})年(?<m>\d{1,2})月(?<d>\d{1,2})日")]
        private static partial Regex AsOfDate();

        [GeneratedRegex(@"([，。；、：])\1|，。|。，|；。|，；")]
        private static partial Regex DoubledPunctuation();
    }
}
