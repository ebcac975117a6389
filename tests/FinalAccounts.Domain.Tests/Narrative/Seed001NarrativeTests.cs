using FinalAccounts.Domain.Narrative;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Tests.Shared;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests.Narrative;

/// <summary>
/// The N rules on a second real report, seed 001 (南昌市东湖区政务服务数据管理局 2022), its 情况说明 exactly as printed
/// (PDF line breaks inside sentences and numbers, “较 2021 年增减少”, “降低”, “完成年初预算的\n 147.6%”, “（与部门决算中…一致）”,
/// “本部门无国有资产占用情况”) against tables rebuilt from its text: no error anywhere, exactly the defects the catalogue
/// lists for 001 (reconciliation-rules.md §4.3), and a changed cell or number found where it is.
/// </summary>
public sealed class Seed001NarrativeTests
{
    [Fact]
    public void As_printed_it_has_no_error_and_fails_exactly_the_catalogued_defects_of_001()
    {
        var result = Seed001Narrative.Reconcile();

        result.Failures.Where(f => f.Severity == RuleSeverity.Error).Select(f => $"{f.RuleId} {f.Where} {f.Message}").Should().BeEmpty();
        result.Failures.Where(f => f.Text is null).Select(f => f.RuleId).Should().BeEmpty("the tables hold no defect: the form's own misprinted code 310111 is the template's");
        var text = result.Failures.Where(f => f.Text is not null).GroupBy(f => f.RuleId).ToDictionary(g => g.Key, g => g.Select(f => f.Text!.Sentence.Replace("\n", "", StringComparison.Ordinal)).ToList());
        text.Keys.Should().BeEquivalentTo(["N3-04", "N5-02", "N0-04", "N9-02", "N9-06"]);

        // 001-7: a completion rate on a zero budget — 其他支出 “年初预算数为 0 …完成年初预算的 100%” and the 三公 “全年预算数为 0 …完成全年预算的 0%”.
        text["N3-04"].Should().ContainSingle().Which.Should().Contain("（四）其他支出年初预算数为0万元").And.Contain("完成年初预算的100%");
        text["N5-02"].Should().HaveCount(5).And.OnlyContain(s => s.Contains("全年预算数为0万元", StringComparison.Ordinal) && s.Contains("完成全年预算的0%", StringComparison.Ordinal));
        text["N0-04"].Should().HaveCount(6).And.BeEquivalentTo(text["N3-04"].Concat(text["N5-02"]));
        // 001-4: 涉及资金 586.76 “占项目支出总额的 100%” while 项目支出 is 288.46.
        var n902 = result.Find("N9-02")!.Checks.Single(c => c.Status == CheckStatus.Fail);
        (n902.Lhs, n902.Rhs).Should().Be((100m, 203.4112m));
        // 001-6: 单位整体支出绩效评价 涉及一般公共预算支出 729.94 vs 05表 691.73.
        var n906 = result.Find("N9-06")!.Checks.Single(c => c.Status == CheckStatus.Fail);
        (n906.Lhs, n906.Rhs).Should().Be((729.94m, 691.73m));
        foreach (var rule in new[] { "N3-04", "N5-02", "N0-04", "N9-02", "N9-06" })
        {
            result.Find(rule)!.Rule.Severity.Should().NotBe(RuleSeverity.Error, $"{rule} is a catalogued defect of 001 below error");
        }
    }

    [Fact]
    public void The_shares_forced_to_100_and_the_basic_expenditure_tail_are_tails_as_the_catalogue_says()
    {
        var result = Seed001Narrative.Reconcile();

        // 001-8: 97.3% / 2.7% for 97.25% / 2.75%, and 312.50 + 62.91 + 26.52 + 1.35 = 403.28 stated as 403.27.
        result.Find("N1-02")!.Checks.Where(c => c.Status == CheckStatus.Tail).Select(c => c.Lhs).Should().BeEquivalentTo([97.3m, 2.7m]);
        result.Find("N4-01")!.Checks.Should().OnlyContain(c => c.Status == CheckStatus.Pass);
        result.Find("T06-06")!.Checks.Single().Should().Match<CheckResult>(c => c.Status == CheckStatus.Tail && c.Lhs == 64.25m && c.Rhs == 64.26m);
        result.Find("S-02")!.Status.Should().Be(CheckStatus.Pass, "jiangxi-2023 serves 2022 too");
    }

    [Fact]
    public void Every_stated_figure_is_read_and_checked()
    {
        var result = Seed001Narrative.Reconcile();

        result.Find("N0-07")!.Status.Should().Be(CheckStatus.Pass, "no number of 一 … 八 is left unread");
        var passed = result.Rules.Where(r => r.Rule.Group == "N").SelectMany(r => r.Checks).Where(c => c.Status is CheckStatus.Pass or CheckStatus.Tail).GroupBy(c => c.RuleId).ToDictionary(g => g.Key, g => g.Count());
        passed.Should().Contain(new Dictionary<string, int>
        {
            ["N1-01"] = 7, // 收入总计 … 其他收入, numbers split over PDF lines included
            ["N1-03"] = 4, // “较 2021 年减少 1.91 万元。下降 20.8%” and 本年收入 增长 63.8%: rate and amount
            ["N2-03"] = 4, // “较 2021 年增减少 7.26 万元，下降 100%”
            ["N2-04"] = 1,
            ["N3-01"] = 5,
            ["N3-04"] = 4, // “完成年初预算的\n 147.6%” after a page break
            ["N3-05"] = 4, // “主要原因是：”
            ["N4-02"] = 8,
            ["N5-03"] = 8, // 国内 and 外事 接待 in one sentence, “年末公务用车保有 0 辆”
            ["N6-01"] = 4, // “降低 18.6%”, and “（与部门决算中…公用经费之和一致）” = 06表公用经费合计
            ["N6-02"] = 1,
            ["N8-01"] = 10, // “本部门无国有资产占用情况” states every 10表 figure as 0
        });
        result.Find("N5-03")!.Checks.Select(c => c.Cells.Single().Row).Should().BeEquivalentTo(["11", "12", "13", "14", "15", "16", "17", "18"]);
    }

    [Fact]
    public void Findings_name_the_sentence_as_stored_with_its_pdf_line_breaks()
    {
        var result = Seed001Narrative.Reconcile();
        var stored = new NarrativeDocument(DemoNarrative.Template, Seed001Narrative.Sections()).Sections;

        var n304 = result.Find("N3-04")!.Checks.Single(c => c.Status == CheckStatus.Fail).Text!;
        stored[2].Substring(n304.Start, n304.Length).Should().Be(n304.Sentence);
        n304.Sentence.Should().StartWith("（四）其他支出").And.Contain("决算数为3.10\n\n万元").And.EndWith("补助资金。");
        foreach (var check in result.Rules.SelectMany(r => r.Checks).Where(c => c.Text is { Section: > 0 }))
        {
            stored[check.Text!.Section - 1].Substring(check.Text.Start, check.Text.Length).Should().Be(check.Text.Sentence, check.Where);
        }
    }

    [Fact]
    public void Pasted_with_look_alike_characters_it_reads_the_same()
    {
        var clean = Seed001Narrative.Reconcile();
        var lookAlike = Seed001Narrative.Reconcile(sections: Seed001Narrative.Sections().Select(NarrativeTextTests.WithLookAlikes).ToList());

        Summary(lookAlike).Should().Equal(Summary(clean));

        static List<string> Summary(ReconciliationResult r) =>
            r.Rules.SelectMany(x => x.Checks).Where(c => c.RuleId.StartsWith('N')).Select(c => $"{c.RuleId} {c.Status} {c.Lhs} {c.Rhs}").ToList();
    }

    /// <summary>Changing one cell of the rebuilt tables makes the N rule on the sentence that states it fail, naming both.</summary>
    [Theory]
    [InlineData("N5-03", "09", "15", 3, "3", "全年国内公务接待0批")]
    [InlineData("N5-03", "09", "17", 3, "12", "累计接待0人次，其中外事接待")]
    [InlineData("N5-03", "09", "18", 3, "2", "其中外事接待0批，累计接待0人次")]
    [InlineData("N1-01", "01", "8", 1, "29.59", "其他收入19.59万元")]
    [InlineData("N4-01", "06", "302", 1, "72.91", "商品和服务支出62.91万元")]
    [InlineData("N3-01", "04", "51", 2, "41.02", "（三）住房保障支出")]
    [InlineData("N8-01", "10", "1", 1, "2", "本部门无国有资产占用情况。")]
    [InlineData("N6-01", "06", "公用经费合计", 1, "70.00", "（与部门决算中行政单位和参照公务员法管理事业单位财政拨款基本支出中公用经费之和一致）")]
    public void One_changed_cell_fails_its_rule_on_the_sentence_that_states_it(string rule, string table, string row, int column, string value, string sentence)
    {
        var result = Seed001Narrative.Reconcile(cells: Seed001Report.CellsWith(table, row, column, value));

        var failure = result.Find(rule)!.Checks.Where(c => c.Status == CheckStatus.Fail && c.Cells.Any(x => x.Table == table && x.Row == row && x.Column == column)).Should().ContainSingle().Subject;
        failure.Text!.Sentence.Replace("\n", "", StringComparison.Ordinal).Should().Contain(sentence);
        failure.Rhs.Should().Be(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_wording_the_patterns_do_not_know_is_reported_as_unread_rather_than_dropped()
    {
        var result = Seed001Narrative.Reconcile(sections: Seed001Narrative.SectionsWith(5, "年末公务用车保有 0 辆", "年末公务用车共计 0 辆"));

        var unread = result.Find("N0-07")!.Checks.Should().ContainSingle(c => c.Status == CheckStatus.Fail).Subject;
        unread.Severity.Should().Be(RuleSeverity.Info);
        unread.Text!.Section.Should().Be(5);
        unread.Message.Should().Contain("年末公务用车共计 0辆");
    }

    /// <summary>“主要原因是：” read as 主要原因, also when the PDF broke the line right after the colon.</summary>
    [Theory]
    [InlineData("主要原因是：追加\n\n了保障中心事务工作经费", "主要原因是：年末财政收回\n\n了保障中心事务工作经费", "住房保障支出")]
    [InlineData("主要原因是：\n\n拨付了 2021 年", "主要原因是：\n\n年末财政收回 2021 年", "社会保障和就业支出")]
    public void A_reason_after_主要原因是_is_read_against_the_direction(string from, string to, string subject)
    {
        Seed001Narrative.Reconcile().Find("N3-05")!.Checks.Should().HaveCount(4).And.OnlyContain(c => c.Status == CheckStatus.Pass);

        var result = Seed001Narrative.Reconcile(sections: Seed001Narrative.SectionsWith(3, from, to));

        result.Find("N3-05")!.Checks.Should().ContainSingle(c => c.Status == CheckStatus.Fail).Which.Where.Should().Contain(subject);
    }

    [Fact]
    public void The_year_check_follows_the_years_the_template_set_serves()
    {
        ReconciliationData Data(int year) => new(ShippedData.Jiangxi2023, ShippedData.Catalogs, Seed001Narrative.Cells(), Seed001Narrative.Facts with { FiscalYear = year });

        ReconciliationEngine.Evaluate(ShippedData.Jiangxi2023Rules, Data(2022)).Find("S-02")!.Status.Should().Be(CheckStatus.Pass);
        ReconciliationEngine.Evaluate(ShippedData.Jiangxi2023Rules, Data(2023)).Find("S-02")!.Status.Should().Be(CheckStatus.Pass);
        ReconciliationEngine.Evaluate(ShippedData.Jiangxi2023Rules, Data(2024)).Find("S-02")!.Status.Should().Be(CheckStatus.Pass);
        ReconciliationEngine.Evaluate(ShippedData.Jiangxi2023Rules, Data(2031)).Find("S-02")!.Status.Should().Be(CheckStatus.Fail);
        var old = ReconciliationEngine.Evaluate(ShippedData.Jiangxi2023Rules, Data(2021)).Find("S-02")!;
        old.Status.Should().Be(CheckStatus.Fail);
        old.Checks.Single(c => c.Status == CheckStatus.Fail).Message.Should().Be("决算年度 2021 不在表样的适用年度 2022–2026 内");
    }
}
