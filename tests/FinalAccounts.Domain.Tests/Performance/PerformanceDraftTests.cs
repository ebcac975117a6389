using FinalAccounts.Domain.Performance;
using FluentAssertions;
using Xunit;
using static FinalAccounts.Domain.Tests.Performance.PerformanceSamples;

namespace FinalAccounts.Domain.Tests.Performance;

public class PerformanceDraftTests
{
    [Fact]
    public void The_demo_document_round_trips_through_an_untouched_draft()
    {
        var draft = new PerformanceDraft(Demo);

        var document = draft.ToDocument();

        document.IsSuccess.Should().BeTrue(string.Join("；", document.Errors));
        PerformanceDocumentWriter.Write(document.Value).Should().Be(PerformanceDocumentWriter.Write(Demo));
    }

    [Fact]
    public void Adding_an_indicator_after_a_row_inserts_it_under_the_same_level1_and_level2()
    {
        var sheet = new PerformanceDraft(Demo).Department!;
        var third = sheet.Indicators[2];

        var added = sheet.AddIndicator(after: 2);

        sheet.Indicators.IndexOf(added).Should().Be(3);
        added.Level1.Should().Be(third.Level1);
        added.Level2.Should().Be(third.Level2);
        added.Name.Should().BeEmpty();
    }

    [Fact]
    public void A_blank_added_row_is_skipped_but_a_half_filled_one_is_named_in_the_errors()
    {
        var draft = new PerformanceDraft(Demo);
        var sheet = draft.Department!;
        sheet.AddIndicator();
        draft.ToDocument().Value.Department!.Indicators.Should().HaveCount(Demo.Department!.Indicators.Count);

        sheet.Indicators[^1].Name = "群众满意度";
        sheet.Indicators[^1].Target = "≥";
        sheet.Indicators[^1].Score = "九十";
        var result = draft.ToDocument();

        result.IsSuccess.Should().BeFalse();
        result.Errors.Select(e => e.ToString()).Should().Contain(e => e.Contains("部门整体支出绩效自评表／群众满意度／年度指标值", StringComparison.Ordinal))
            .And.Contain(e => e.Contains("群众满意度／得分") && e.Contains("“九十”不是数字"));
    }

    [Fact]
    public void Moving_swaps_with_the_neighbour_and_refuses_past_either_end()
    {
        var sheet = new PerformanceDraft(Demo).Department!;
        var first = sheet.Indicators[0];
        var second = sheet.Indicators[1];

        sheet.MoveIndicator(0, -1).Should().BeFalse();
        sheet.MoveIndicator(0, +1).Should().BeTrue();
        sheet.Indicators[0].Should().BeSameAs(second);
        sheet.Indicators[1].Should().BeSameAs(first);
        sheet.MoveIndicator(sheet.Indicators.Count - 1, +1).Should().BeFalse();
    }

    [Fact]
    public void Removing_an_indicator_removes_it_from_the_saved_document()
    {
        var draft = new PerformanceDraft(Demo);
        var name = draft.Department!.Indicators[0].Name;

        draft.Department.RemoveIndicator(0);

        draft.ToDocument().Value.Department!.Indicators.Select(i => i.Name).Should().NotContain(name).And.HaveCount(Demo.Department!.Indicators.Count - 1);
    }

    [Fact]
    public void Pasted_excel_rows_overwrite_from_the_row_then_append_and_fill_merged_levels_from_above()
    {
        var sheet = new PerformanceDraft(PerformanceDocument.Empty).StartDepartment();
        const string copied = "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\r\n"
            + "产出指标\t数量指标\t办件量\t≥140万件\t151万件\t10\t10\t\r\n"
            + "\t\t进驻事项\t≥1200项\t1100项\t10\t８\t\"进驻延后\"\r\n"
            + "\t质量指标\t办结率\t＝100%\t100%\t10\t10\r\n";

        var pasted = sheet.Paste(0, copied);

        pasted.Value.Should().Be(3);
        sheet.Indicators.Select(i => (i.Level1, i.Level2, i.Name)).Should().Equal(
            ("产出指标", "数量指标", "办件量"), ("产出指标", "数量指标", "进驻事项"), ("产出指标", "质量指标", "办结率"));
        sheet.Indicators[1].Deviation.Should().Be("进驻延后");

        sheet.Paste(1, "\t\t进驻事项\t≥1200项\t1250项\t10\t10\n");
        sheet.Indicators.Should().HaveCount(3);
        sheet.Indicators[1].Actual.Should().Be("1250项");

        var document = new PerformanceDraft(PerformanceDocument.Empty);
        document.StartDepartment().Paste(0, copied);
        var indicators = document.ToDocument().Value.Department!.Indicators;
        indicators[1].Score.Should().Be(8m, "full-width digits read as numbers");
        indicators[2].Target.Operator.Should().Be(TargetOperator.Equal);
    }

    [Fact]
    public void A_pasted_row_with_too_many_columns_changes_nothing()
    {
        var sheet = new PerformanceDraft(Demo).Department!;
        var before = sheet.Indicators.Select(i => i.Name).ToList();

        var pasted = sheet.Paste(0, "a\tb\tc\td\te\t1\t1\tx\textra\n");

        pasted.IsSuccess.Should().BeFalse();
        pasted.Errors.Single().Message.Should().Contain("第 1 行有 9 列");
        sheet.Indicators.Select(i => i.Name).Should().Equal(before);
    }

    [Fact]
    public void Spans_merge_consecutive_level1_and_level2_cells_as_the_official_layout_prints_them()
    {
        var sheet = new PerformanceDraft(PerformanceDocument.Empty).StartDepartment();
        sheet.Paste(0, "产出\t数量\ta\n\t\tb\n\t质量\tc\n效益\t社会\td\n");

        sheet.Spans().Should().Equal((3, 2), (0, 0), (0, 1), (1, 1));
    }

    [Fact]
    public void Projects_are_added_with_unique_names_renamed_and_removed()
    {
        var draft = new PerformanceDraft(PerformanceDocument.Empty);
        draft.AddProject().Name.Should().Be("新项目1");
        draft.AddProject().Name.Should().Be("新项目2");

        draft.RenameProject(0, "  行政服务中心运转经费 ").IsSuccess.Should().BeTrue();
        draft.RenameProject(1, "行政服务中心运转经费").Errors.Single().Message.Should().Contain("已有名为");
        draft.RenameProject(1, " ").Errors.Single().Code.Should().Be("performance.project.name");
        draft.RemoveProject(1);

        draft.ToDocument().Value.Projects.Select(p => p.Name).Should().Equal("行政服务中心运转经费");
    }

    [Fact]
    public void An_edited_score_reaches_the_document_and_the_p_rules_see_it()
    {
        var draft = new PerformanceDraft(Demo);
        var sheet = draft.Department!;
        var index = sheet.Indicators.FindIndex(i => i.Weight.Length > 0 && i.Score == i.Weight);
        var name = sheet.Indicators[index].Name;
        sheet.Indicators[index].Score = "0";

        var document = draft.ToDocument().Value;

        document.Department!.Indicators[index].Score.Should().Be(0m);
        var failed = Reconcile(document).Rules.SelectMany(r => r.Checks).Where(c => c.Status == FinalAccounts.Domain.Reconciliation.CheckStatus.Fail)
            .SelectMany(c => c.Cells).Where(c => c.Performance?.Indicator == name);
        failed.Should().NotBeEmpty("a score that no longer matches its met target fails a P rule on that indicator");
    }

    [Fact]
    public void Evaluation_and_feedback_edits_reach_the_document_and_bad_numbers_are_named()
    {
        var draft = new PerformanceDraft(Demo);
        draft.Evaluations[0].Rows[0].Score = "1.5";
        draft.Feedbacks[0].Score = "88";

        var document = draft.ToDocument().Value;
        document.Evaluations[0].Sections.SelectMany(s => s.Indicators).First().Score.Should().Be(1.5m);
        document.FinanceFeedbacks[0].Score.Should().Be(88m);
        document.FinanceFeedbacks[0].Indicators.Should().BeEquivalentTo(Demo.FinanceFeedbacks[0].Indicators, "details the screen does not edit are kept");

        draft.Feedbacks[0].Executed = "abc";
        draft.ToDocument().Errors.Single().ToString().Should().Contain("财政评价结果反馈").And.Contain("预算实际执行数").And.Contain("“abc”不是数字");
    }

    [Fact]
    public void A_level2_groups_weight_and_score_are_edited_and_checked()
    {
        var draft = new PerformanceDraft(Demo);
        var evaluation = draft.Evaluations[0];
        // The demo's sheet names no 二级 groups: the officer names one for the rows of one 一级 section.
        var section = evaluation.Rows[0].Section;
        var rows = evaluation.Rows.Where(r => r.Section == section).ToList();
        rows.ForEach(r => r.Group = "测试二级");
        var group = evaluation.GroupsShown().Should().ContainSingle(g => g.Name == "测试二级").Subject;
        group.Section.Should().Be(section);
        var sum = rows.Sum(r => decimal.Parse(r.Weight, System.Globalization.CultureInfo.InvariantCulture));

        group.Weight = sum.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var document = draft.ToDocument().Value;
        document.Evaluations[0].Sections.Single(x => x.Name == section).Groups.Single(g => g.Name == "测试二级").Weight.Should().Be(sum);
        Reconcile(document).Failures.Where(f => f.RuleId == "P-13").Should().NotContain(f => (f.Where ?? "").Contains("测试二级"), "the group's weight is the sum of its indicators'");

        group.Weight = (sum + 5).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Reconcile(draft.ToDocument().Value).Failures.Where(f => f.RuleId == "P-13").Should().Contain(f => (f.Where ?? "").Contains("测试二级"), "P-13 names the group whose weight no longer adds up");

        group.Weight = "五";
        draft.ToDocument().Errors.Select(e => e.ToString()).Should().Contain(e => e.Contains("测试二级") && e.Contains("“五”不是数字"));
    }

    [Fact]
    public void The_summary_round_trips_is_computed_from_the_projects_and_edits_reach_the_P01_check()
    {
        var draft = new PerformanceDraft(Demo);
        draft.Summary.ShowGrades(Scheme.Grades(null));
        draft.Summary.Average.Should().Be("88.27", "seed 000's 情况说明 states 88.27");
        PerformanceDocumentWriter.Write(draft.ToDocument().Value).Should().Be(PerformanceDocumentWriter.Write(Demo), "blank grade lines add nothing");

        var ignored = draft.Summary.FillFrom(draft.Projects, Scheme.Grades(null));

        ignored.Should().BeEmpty();
        var scores = Demo.Projects.Select(p => p.TotalScore!.Value).ToList();
        draft.Summary.ProjectCount.Should().Be("14");
        draft.Summary.Average.Should().Be(Math.Round(scores.Average(), 2, MidpointRounding.AwayFromZero).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        draft.Summary.GradeCounts.Select(g => g.Grade).Should().Equal("优", "良", "中", "差");
        draft.Summary.GradeCounts.Sum(g => int.Parse(g.Count, System.Globalization.CultureInfo.InvariantCulture)).Should().Be(14);
        draft.Summary.GradeCounts.Single(g => g.Grade == "优").Count.Should().Be(scores.Count(s => s >= 90).ToString(System.Globalization.CultureInfo.InvariantCulture));

        // As the seed states it: an average of 88.27 called 优 — P-01 names the summary's grade.
        draft.Summary.Average = "88.27";
        draft.Summary.AverageGrade = "优";
        var failing = Reconcile(draft.ToDocument().Value).Failures.Where(f => f.RuleId == "P-01").SelectMany(f => f.Cells).ToList();
        failing.Should().Contain(c => c.Row.Contains(PerformanceChecks.SummarySheet));
        draft.Summary.AverageGrade = "良";
        Reconcile(draft.ToDocument().Value).Failures.Where(f => f.RuleId == "P-01").SelectMany(f => f.Cells).Should().NotContain(c => c.Row.Contains(PerformanceChecks.SummarySheet));

        draft.Summary.ProjectCount = "十四";
        draft.Summary.GradeCounts[0].Count = "2.5";
        draft.ToDocument().Errors.Select(e => e.ToString()).Should().Contain(e => e.Contains("项目数") && e.Contains("“十四”不是数字"))
            .And.Contain(e => e.Contains("优数") && e.Contains("“2.5”应为非负整数"));
    }

    [Fact]
    public void Changing_the_grade_scheme_shows_its_grades_and_keeps_typed_counts()
    {
        var draft = new PerformanceDraft(Demo);
        draft.Summary.ShowGrades(Scheme.Grades(null));
        draft.Summary.GradeCounts[0].Count = "9";

        draft.GradeScheme = "shanghai";
        draft.Summary.ShowGrades(Scheme.Grades("shanghai"));

        draft.Summary.GradeCounts.Select(g => g.Grade).Should().StartWith(Scheme.Grades("shanghai").Bands.Select(b => b.Grade));
        draft.Summary.GradeCounts.Single(g => g.Grade == "优").Count.Should().Be("9");
        draft.ToDocument().Value.GradeScheme.Should().Be("shanghai");
    }
}
