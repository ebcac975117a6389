using FinalAccounts.Domain.Reconciliation;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests.Narrative;

/// <summary>
/// The N rules on the demo report (the published 2023 report of 景德镇市政务服务数据管理局, whose 情况说明 is seed 000's):
/// exactly the real defects of reconciliation-rules.md §3.1/§4.1, and for every rule one changed number in the text —
/// and, where the rule reads the tables, one changed cell — that makes it fail and name the sentence and the cells.
/// </summary>
public sealed class NarrativeRuleTests
{
    private static readonly IReadOnlyList<string> Demo = DemoNarrative.Sections();

    [Fact]
    public void The_demo_report_fails_exactly_the_documented_real_defects()
    {
        var result = DemoNarrative.Reconcile();

        var failures = result.Failures.Where(f => f.Text is not null).Select(f => f.RuleId).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        failures.Should().BeEquivalentTo(new Dictionary<string, int>
        {
            ["N2-04"] = 1, // 000-7: 上年年末结转 推算 103.66 ≠ 本年年初结转 20.44
            ["N3-05"] = 3, // 000-6: “年末部分项目资金被收回” where 决算 > 年初预算 (社保, 节能环保, 城乡社区)
            ["N9-03"] = 3, // 000-1: 14 优 / 0 良 / 0 中 stated, 7 / 6 / 1 by the scores
            ["N9-04"] = 1, // 000-2: average 88.27 graded 优, is 良
            ["N9-06"] = 2, // 000-4: 部门整体 一般公共预算 3708.49 vs 05表 2079.58; 政府性基金 0 vs 07表 1628.91
            ["N9-07"] = 1, // 000-5: 项目支出总额 3708.49 vs 03表 2818.98
        });

        var n204 = result.Find("N2-04")!.Checks.Single(c => c.Status == CheckStatus.Fail);
        (n204.Lhs, n204.Rhs).Should().Be((103.66m, 20.44m));
        result.Find("N3-05")!.Checks.Where(c => c.Status == CheckStatus.Fail).Select(c => c.Where)
            .Should().BeEquivalentTo(["三、财政拨款支出决算情况说明 社会保障和就业支出（类）决算数 预决算差异原因", "三、财政拨款支出决算情况说明 节能环保支出（类）决算数 预决算差异原因", "三、财政拨款支出决算情况说明 城乡社区支出（类）决算数 预决算差异原因"]);
        result.Find("N9-06")!.Checks.Where(c => c.Status == CheckStatus.Fail).Select(c => (c.Lhs, c.Rhs)).Should().BeEquivalentTo([(3708.49m, 2079.58m), (0m, 1628.91m)]);
        result.Find("N9-07")!.Checks.Single().Should().Match<CheckResult>(c => c.Lhs == 3708.49m && c.Rhs == 2818.98m);
    }

    [Fact]
    public void The_only_errors_on_the_demo_are_the_grade_defects_and_every_table_rule_still_passes()
    {
        var result = DemoNarrative.Reconcile();

        result.Rules.Where(r => r.Status == CheckStatus.Fail && r.Rule.Severity == RuleSeverity.Error).Select(r => r.Rule.Id).Should().BeEquivalentTo(["N9-03", "N9-04"]);
        result.Rules.Where(r => r.Rule.Group is "S" or "T" or "X" && r.Rule.Severity == RuleSeverity.Error).Should().OnlyContain(r => r.Status != CheckStatus.Fail);
        result.Rules.Where(r => r.Rule.Group == "N").Should().HaveCount(38); // N1-01 … N9-07, N0-01 … N0-07
    }

    [Fact]
    public void Percentages_inside_the_rounding_interval_pass_with_a_tail_as_the_catalogue_lists()
    {
        var result = DemoNarrative.Reconcile();

        var tails = result.Rules.SelectMany(r => r.Checks).Where(c => c.Status == CheckStatus.Tail && c.Text is not null).Select(c => (c.RuleId, c.Lhs)).ToList();
        tails.Should().Contain([("N1-03", -92.11m), ("N3-04", 99.99m), ("N4-02", 49.18m), ("N5-02", 26.73m), ("N7-02", 68.79m)]);
        DemoNarrative.Reconcile(strict: true).Find("N1-03")!.Status.Should().Be(CheckStatus.Fail);
    }

    [Fact]
    public void A_corrected_text_passes_every_n_rule()
    {
        var sections = Demo.ToList();
        sections[1] = sections[1].Replace("比上年减少98.65万元，下降95.17%", "比上年减少15.43万元，下降75.49%", StringComparison.Ordinal);
        sections[2] = sections[2].Replace("主要原因：年末部分项目资金被收回。\n（二）社会保障", "主要原因：年末部分项目资金被收回。\n（二）社会保障", StringComparison.Ordinal);
        sections[2] = Fixed3(sections[2]);
        sections[8] = Fixed9(sections[8]);

        var result = DemoNarrative.Reconcile(sections: sections);

        result.Rules.Where(r => r.Rule.Group == "N" && r.Status == CheckStatus.Fail).SelectMany(r => r.Checks.Where(c => c.Status == CheckStatus.Fail))
            .Select(c => $"{c.RuleId} {c.Where} {c.Message}").Should().BeEmpty();
    }

    /// <summary>Changing one number (or word) of the demo text makes the rule fail on that sentence.</summary>
    [Theory]
    [InlineData("N1-01", 1, "收入总计3737.09万元", "收入总计3737.19万元", "01", "31")]
    [InlineData("N1-02", 1, "占99.78%", "占98.78%", "01", "27")]
    [InlineData("N1-03", 1, "下降92.11%", "下降90.11%", "01", "29")]
    [InlineData("N1-04", 1, "其他收入8.17万元，占0.22%", "其他收入8.17万元，占1.22%", null, null)]
    [InlineData("N2-01", 2, "支出总计3737.09万元", "支出总计3737.99万元", "01", "62")]
    [InlineData("N2-02", 2, "占24.47%", "占25.47%", "03", "合计")]
    [InlineData("N2-03", 2, "下降22.42%", "下降21.42%", "01", "58")]
    [InlineData("N3-01", 3, "决算数1874.70万元", "决算数1884.70万元", "04", "33")]
    [InlineData("N3-02", 3, "（四）节能环保支出（类）年初预算数0.00万元，决算数5.00万元，预决算差异主要原因：年末部分项目资金被收回。\n", "", "04", "42")]
    [InlineData("N3-03", 3, "（一）一般公共服务支出（类）年初预算数2002.20万元", "（一）一般公共服务支出（类）年初预算数2012.20万元", null, null)]
    [InlineData("N3-04", 3, "完成年初预算的93.63%", "完成年初预算的95.63%", "04", "33")]
    [InlineData("N3-05", 3, "卫生健康支出（类）年初预算数35.43万元", "卫生健康支出（类）年初预算数35.40万元", null, null)]
    [InlineData("N4-01", 4, "工资福利支出780.46万元", "工资福利支出780.56万元", "06", "301")]
    [InlineData("N4-02", 4, "增长49.18%", "增长48.18%", "06", "301")]
    [InlineData("N5-01", 5, "全年预算数2.30万元，决算数0.61万元，完成全年预算的26.73%；", "全年预算数2.30万元，决算数0.71万元，完成全年预算的26.73%；", "09", "1")]
    [InlineData("N5-02", 5, "完成全年预算的26.73%；", "完成全年预算的28.73%；", "09", "1")]
    [InlineData("N5-03", 5, "累计接待38人次", "累计接待36人次", "09", "17")]
    [InlineData("N5-04", 5, "下降12.86%，其中", "下降15.86%，其中", "09", "1")]
    [InlineData("N6-01", 6, "机关运行经费支出111.85万元", "机关运行经费支出131.85万元", "06", "公用经费合计")]
    [InlineData("N6-02", 6, "主要原因：机构改革，决算单位数增加，在职人员数增加。", "主要原因：厉行节约，压减开支。", null, null)]
    [InlineData("N7-01", 7, "政府采购货物支出16.70万元", "政府采购货物支出15.70万元", null, null)]
    [InlineData("N7-02", 7, "占政府采购支出总额的68.79%", "占政府采购支出总额的58.79%", null, null)]
    [InlineData("N8-01", 8, "共有车辆0辆", "共有车辆2辆", "10", "1")]
    [InlineData("N9-01", 9, "二级项目14个", "二级项目15个", null, null)]
    [InlineData("N9-02", 9, "占项目支出总额的100%", "占项目支出总额的90%", "03", "合计")]
    [InlineData("N0-01", 1, "本部门2023年度收入总计", "XX局2023年度收入总计", null, null)]
    [InlineData("N0-02", 1, "本部门2023年度收入总计", "本部门2022年度收入总计", null, null)]
    [InlineData("N0-03", 8, "截止2023年12月31日", "截止2023年6月30日", null, null)]
    [InlineData("N0-04", 4, "（四）资本性支出0.00万元，与上年持平，增长0.00%", "（四）资本性支出5.00万元，比上年增加5.00万元，增长100.00%", null, null)]
    [InlineData("N0-05", 1, "，其中年初结转和结余", "，，其中年初结转和结余", null, null)]
    [InlineData("N0-06", 1, "比上年减少238.90万元", "比上年增加-238.90万元", null, null)]
    public void One_changed_number_in_the_text_makes_the_rule_fail_on_its_sentence(string rule, int section, string from, string to, string? table, string? row)
    {
        var before = DemoNarrative.Reconcile().Find(rule)!.Checks.Count(c => c.Status == CheckStatus.Fail);

        var result = DemoNarrative.Reconcile(sections: DemoNarrative.SectionsWith(section, from, to));

        var failures = result.Find(rule)!.Checks.Where(c => c.Status == CheckStatus.Fail).ToList();
        failures.Should().HaveCountGreaterThan(before, $"{rule} should catch “{to}”");
        var changed = DemoNarrative.SectionsWith(section, from, to)[section - 1];
        var onSentence = failures.Where(f => f.Text!.Section == section && (to.Length == 0 || Overlaps(f.Text, changed, to))).ToList();
        onSentence.Should().NotBeEmpty($"{rule} should name the sentence with “{to}”");
        var text = NormalisedSection(DemoNarrative.SectionsWith(section, from, to), section);
        foreach (var failure in onSentence)
        {
            failure.Text!.Heading.Should().Be(DemoNarrative.Template.Sections[section - 1].Heading);
            text.Substring(failure.Text.Start, failure.Text.Length).Should().Be(failure.Text.Sentence);
        }

        if (table is not null)
        {
            onSentence.Should().Contain(f => f.Cells.Any(c => c.Table == table && c.Row == row), $"{rule} should name 公开{table}表 行 {row}");
        }
    }

    /// <summary>Changing one cell of the tables (or one named input) makes the rule fail and name that cell.</summary>
    [Theory]
    [InlineData("N1-01", "01", "31", 1, 3737.19)]
    [InlineData("N1-02", "01", "27", 1, 3816.65)]
    [InlineData("N1-03", "01", "29", 1, 30.44)]
    [InlineData("N2-01", "01", "62", 2, 3737.99)]
    [InlineData("N2-02", "03", "合计", 1, 3832.08)]
    [InlineData("N2-03", "01", "58", 2, 3632.08)]
    [InlineData("N3-01", "04", "33", 2, 1884.70)]
    [InlineData("N3-02", "04", "44", 2, 10.00)]
    [InlineData("N3-04", "04", "33", 2, 1900.00)]
    [InlineData("N4-01", "06", "301", 1, 790.46)]
    [InlineData("N4-02", "06", "301", 1, 800.46)]
    [InlineData("N5-01", "09", "1", 3, 0.71)]
    [InlineData("N5-02", "09", "1", 2, 3.30)]
    [InlineData("N5-03", "09", "17", 3, 36)]
    [InlineData("N5-04", "09", "1", 3, 0.81)]
    [InlineData("N6-01", "06", "公用经费合计", 1, 100.00)]
    [InlineData("N8-01", "10", "1", 1, 2)]
    [InlineData("N9-02", "03", "合计", 3, 3000.00)]
    public void One_changed_cell_makes_the_rule_fail_and_name_the_cell(string rule, string table, string row, int column, double value)
    {
        var result = DemoNarrative.Reconcile(cells: DemoNarrative.CellsWith(table, row, column, (decimal)value));

        var failures = result.Find(rule)!.Checks.Where(c => c.Status == CheckStatus.Fail && c.Cells.Any(cell => cell.Table == table && cell.Row == row && cell.Column == column)).ToList();
        failures.Should().NotBeEmpty($"{rule} should fail on 公开{table}表[{row},{column}]");
        foreach (var failure in failures)
        {
            failure.Text.Should().NotBeNull();
            failure.Difference.Should().Be(failure.Lhs - failure.Rhs);
            if (failure.Operator is not null)
            {
                failure.Lhs.Should().NotBeNull();
            }
        }
    }

    [Fact]
    public void N2_04_passes_when_the_text_carries_the_balance_over_and_fails_again_on_a_changed_opening_cell()
    {
        var sections = DemoNarrative.SectionsWith(2, "比上年减少98.65万元", "比上年减少15.43万元");
        DemoNarrative.Reconcile(sections: sections).Find("N2-04")!.Status.Should().Be(CheckStatus.Pass);

        var result = DemoNarrative.Reconcile(cells: DemoNarrative.CellsWith("01", "29", 1, 30.44m), sections: sections);

        result.Find("N2-04")!.Checks.Single().Should().Match<CheckResult>(c => c.Status == CheckStatus.Fail && c.Rhs == 30.44m && c.Cells.Any(x => x.Table == "01" && x.Row == "29"));
    }

    /// <summary>Seed 001's defect 001-7: a completion rate on a zero budget (“年初预算数为0…完成年初预算的100%”).</summary>
    [Fact]
    public void A_completion_rate_on_a_zero_budget_fails_n3_04_and_the_zero_base_check()
    {
        var result = DemoNarrative.Reconcile(sections: DemoNarrative.SectionsWith(3, "年初预算数0.00万元，决算数5.00万元，", "年初预算数0.00万元，决算数5.00万元，完成年初预算的100%，"));

        result.Find("N3-04")!.Checks.Should().ContainSingle(c => c.Status == CheckStatus.Fail).Which.Text!.Sentence.Should().Contain("节能环保支出");
        result.Find("N0-04")!.Checks.Should().ContainSingle(c => c.Status == CheckStatus.Fail);
    }

    [Fact]
    public void N3_05_flags_a_fourth_class_whose_final_figure_now_exceeds_its_budget()
    {
        var result = DemoNarrative.Reconcile(sections: DemoNarrative.SectionsWith(3, "卫生健康支出（类）年初预算数35.43万元", "卫生健康支出（类）年初预算数35.40万元"));

        result.Find("N3-05")!.Checks.Where(c => c.Status == CheckStatus.Fail).Should().HaveCount(4)
            .And.Contain(c => c.Where!.Contains("卫生健康支出", StringComparison.Ordinal) && c.Text!.Sentence.Contains("原因", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("N3-03", "年初预算.201", 2000.00, 2002.20)]
    [InlineData("N6-01", "机关运行经费", 110.85, 111.85)]
    [InlineData("N7-01", "政府采购.总额", 17.70, 16.70)]
    [InlineData("N9-05", "绩效.部门整体自评总分", 95, 97)]
    public void A_named_input_that_contradicts_the_text_makes_the_rule_fail(string rule, string key, double wrong, double right)
    {
        DemoNarrative.Reconcile(inputs: new Dictionary<string, decimal> { [key] = (decimal)right }).Find(rule)!.Checks.Should().NotContain(c => c.Status == CheckStatus.Fail);

        var result = DemoNarrative.Reconcile(inputs: new Dictionary<string, decimal> { [key] = (decimal)wrong });

        result.Find(rule)!.Checks.Should().Contain(c => c.Status == CheckStatus.Fail && c.Lhs == (decimal)right && c.Rhs == (decimal)wrong && c.Text != null);
    }

    [Fact]
    public void Last_years_figure_entered_checks_the_stated_change()
    {
        var right = DemoNarrative.Reconcile(inputs: new Dictionary<string, decimal> { ["上年.本年收入合计"] = 4654.86m });
        var wrong = DemoNarrative.Reconcile(inputs: new Dictionary<string, decimal> { ["上年.本年收入合计"] = 4600.00m });

        right.Find("N1-03")!.Checks.Should().NotContain(c => c.Status == CheckStatus.Fail);
        wrong.Find("N1-03")!.Checks.Should().ContainSingle(c => c.Status == CheckStatus.Fail).Which.Should().Match<CheckResult>(c => c.Lhs == -938.21m && c.Rhs == -883.35m);
    }

    [Fact]
    public void The_grade_rules_pass_on_consistent_grades_and_fail_on_one_changed_score()
    {
        var sections = Demo.ToList();
        sections[8] = Fixed9(sections[8]);
        var fixedResult = DemoNarrative.Reconcile(sections: sections);
        fixedResult.Find("N9-03")!.Status.Should().Be(CheckStatus.Pass);
        fixedResult.Find("N9-04")!.Checks.Should().NotContain(c => c.Status == CheckStatus.Fail);

        sections[8] = sections[8].Replace("运转经费项目绩效自评得分94.2分", "运转经费项目绩效自评得分84.2分", StringComparison.Ordinal);
        var result = DemoNarrative.Reconcile(sections: sections);

        result.Find("N9-03")!.Checks.Where(c => c.Status == CheckStatus.Fail).Should().HaveCount(2); // 优 6 / 良 7 by the scores
        result.Find("N9-04")!.Checks.Should().Contain(c => c.Status == CheckStatus.Fail && c.Text!.Sentence.Contains("平均分", StringComparison.Ordinal)); // the average moves to 87.56
    }

    [Fact]
    public void N9_06_and_N9_07_pass_on_the_right_figures_and_name_the_cell_that_changes()
    {
        var sections = Demo.ToList();
        sections[8] = Fixed9(sections[8]);
        DemoNarrative.Reconcile(sections: sections).Find("N9-06")!.Status.Should().Be(CheckStatus.Pass);
        DemoNarrative.Reconcile(sections: sections).Find("N9-07")!.Status.Should().Be(CheckStatus.Pass);

        var result = DemoNarrative.Reconcile(cells: DemoNarrative.CellsWith("07", "合计", 3, 1600m), sections: sections);

        result.Find("N9-06")!.Checks.Should().ContainSingle(c => c.Status == CheckStatus.Fail).Which.Cells.Should().Contain(c => c.Table == "07" && c.Row == "合计" && c.Column == 3);
        DemoNarrative.Reconcile(cells: DemoNarrative.CellsWith("03", "合计", 3, 2800m), sections: sections).Find("N9-07")!.Status.Should().Be(CheckStatus.Fail);
    }

    [Fact]
    public void Without_a_narrative_the_n_rules_are_not_applicable_and_the_table_rules_are_unchanged()
    {
        var data = new ReconciliationData(ShippedData.Jiangxi2023, ShippedData.Catalogs, DemoNarrative.Cells(), DemoNarrative.Facts);

        var withRules = ReconciliationEngine.Evaluate(DemoNarrative.Rules, data);
        var tablesOnly = ReconciliationEngine.Evaluate(ShippedData.Jiangxi2023Rules, data);

        withRules.Rules.Where(r => r.Rule.Group == "N").Should().OnlyContain(r => r.Status == CheckStatus.NotApplicable);
        withRules.Rules.Where(r => r.Rule.Group != "N").Select(r => (r.Rule.Id, r.Status)).Should().Equal(tablesOnly.Rules.Select(r => (r.Rule.Id, r.Status)));
        DemoNarrative.Rules.Version.Should().Be(ShippedData.Jiangxi2023Rules.Version + "+narrative-1.0.0");
    }

    /// <summary>三 with the reasons that fit the direction (决算 above budget: 追加; below: 收回).</summary>
    private static string Fixed3(string text) => text
        .Replace("决算数108.89万元，完成年初预算的106.90%。预决算差异主要原因：年末部分项目资金被收回。", "决算数108.89万元，完成年初预算的106.90%。预决算差异主要原因：年中追加预算。", StringComparison.Ordinal)
        .Replace("决算数5.00万元，预决算差异主要原因：年末部分项目资金被收回。", "决算数5.00万元，预决算差异主要原因：年中追加预算。", StringComparison.Ordinal)
        .Replace("决算数1628.91万元，预决算差异主要原因：年末部分项目资金被收回。", "决算数1628.91万元，预决算差异主要原因：年中追加预算。", StringComparison.Ordinal);

    /// <summary>九 with the grade counts and fund sources the tables and scores give.</summary>
    private static string Fixed9(string text) => text
        .Replace("其中，14个项目评价结果为“优”，0个项目评价结果为“良”，0个项目评价结果为“中”", "其中，7个项目评价结果为“优”，6个项目评价结果为“良”，1个项目评价结果为“中”", StringComparison.Ordinal)
        .Replace("平均分为88.27分，绩效等级为“优”", "平均分为88.27分，绩效等级为“良”", StringComparison.Ordinal)
        .Replace("组织开展部门整体支出绩效评价，涉及一般公共预算支出3708.49万元，政府性基金预算支出0万元", "组织开展部门整体支出绩效评价，涉及一般公共预算支出2079.58万元，政府性基金预算支出1628.91万元", StringComparison.Ordinal)
        .Replace("2023年部门预算项目支出总额3708.49万元", "2023年部门预算项目支出总额2818.98万元", StringComparison.Ordinal);

    private static string NormalisedSection(IReadOnlyList<string> sections, int section) => FinalAccounts.Domain.Narrative.NarrativeText.Normalise(sections[section - 1]);

    private static bool Overlaps(TextRef at, string rawSection, string changed)
    {
        var text = FinalAccounts.Domain.Narrative.NarrativeText.Normalise(rawSection);
        var where = text.IndexOf(FinalAccounts.Domain.Narrative.NarrativeText.Normalise(changed), StringComparison.Ordinal);
        return where >= 0 && where < at.Start + at.Length && where + changed.Length > at.Start;
    }
}
