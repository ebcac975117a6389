using FinalAccounts.Domain.Narrative;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests.Narrative;

public sealed class FactExtractorTests
{
    [Fact]
    public void An_amount_with_its_change_and_rate_is_labelled_by_the_words_before_it()
    {
        const string text = "本部门2023年度收入总计3737.09万元，其中年初结转和结余20.44万元，比上年减少238.90万元，下降92.11%；";

        var facts = FactExtractor.Extract(text);

        facts.Select(f => (f.Kind, f.Label, f.Value, f.Decimals)).Should().Equal(
            (FactKind.Amount, "收入总计", 3737.09m, 2),
            (FactKind.Amount, "年初结转和结余", 20.44m, 2),
            (FactKind.Change, "年初结转和结余", -238.90m, 2),
            (FactKind.ChangeRate, "年初结转和结余", -92.11m, 2));
        var change = facts[2];
        text.Substring(change.Number.Start, change.Number.Length).Should().Be("238.90万元");
        text.Substring(change.Sentence.Start, change.Sentence.Length).Should().Be(text);
        text.Substring(change.Clause.Start, change.Clause.Length).Should().Be("比上年减少238.90万元");
    }

    [Theory]
    [InlineData("商品和服务支出124.95万元，比上年增加91.07万元，增长268.8%。", 268.8, 1)]
    [InlineData("商品和服务支出124.95万元，比上年增加91.07万元，增长268%。", 268, 0)]
    [InlineData("商品和服务支出124.95万元，比上年增加91.07万元，增长268.80%。", 268.80, 2)]
    public void The_stated_precision_is_kept(string text, double rate, int decimals)
    {
        var fact = FactExtractor.Extract(text).Single(f => f.Kind == FactKind.ChangeRate);

        fact.Value.Should().Be((decimal)rate);
        fact.Decimals.Should().Be(decimals);
    }

    [Fact]
    public void Amounts_in_yuan_become_wan_yuan_with_four_more_decimals()
    {
        var fact = FactExtractor.Extract("其他收入81700元。").Single();

        (fact.Value, fact.Decimals).Should().Be((8.17m, 4));
    }

    [Fact]
    public void Unchanged_from_last_year_is_a_change_of_zero()
    {
        var facts = FactExtractor.Extract("使用非财政拨款结余和专用结余0.00万元，与上年持平；");

        facts.Should().ContainSingle(f => f.Kind == FactKind.Change).Which.Should().Match<NarrativeFact>(f => f.Value == 0 && f.Label == "使用非财政拨款结余和专用结余");
    }

    [Fact]
    public void Shares_and_completion_rates_name_their_base()
    {
        var facts = FactExtractor.Extract("授予中小企业合同金额11.49万元，占政府采购支出总额的68.79%。年初预算数2195.07万元，决算数3708.49万元，完成年初预算的168.95%。");

        facts.Single(f => f.Kind == FactKind.Share).Should().Match<NarrativeFact>(f => f.Of == "政府采购支出总额" && f.Label == "授予中小企业合同金额" && f.Value == 68.79m);
        facts.Single(f => f.Kind == FactKind.Completion).Should().Match<NarrativeFact>(f => f.Of == "年初预算" && f.Label == "决算数" && f.Value == 168.95m);
    }

    [Fact]
    public void The_subject_of_a_paragraph_carries_to_its_budget_and_final_figures()
    {
        var facts = FactExtractor.Extract("（三）公务接待费全年预算数2.30万元，决算数0.61万元，完成全年预算的26.73%，主要原因：过紧日子。\n决算数比上年减少0.09万元，下降12.86%。全年国内公务接待6批，累计接待38人次。");

        facts.Select(f => (f.Kind, f.Subject, f.Label, f.Value)).Should().Equal(
            (FactKind.Amount, "公务接待费", "全年预算数", 2.30m),
            (FactKind.Amount, "公务接待费", "决算数", 0.61m),
            (FactKind.Completion, "公务接待费", "决算数", 26.73m),
            (FactKind.Change, "公务接待费", "决算数", -0.09m),
            (FactKind.ChangeRate, "公务接待费", "决算数", -12.86m),
            (FactKind.Count, "", "国内公务接待", 6m),
            (FactKind.Count, "", "累计接待", 38m));
    }

    [Fact]
    public void Years_dates_and_list_numbers_are_not_figures()
    {
        var facts = FactExtractor.Extract("截止2023年12月31日，本部门共有车辆3辆（台）。\n1、行政服务中心窗口人员奖励经费项目；");

        facts.Should().ContainSingle().Which.Should().Match<NarrativeFact>(f => f.Kind == FactKind.Count && f.Label == "车辆" && f.Value == 3);
    }

    [Fact]
    public void The_look_alike_seed_text_gives_the_same_facts_as_the_clean_demo_text()
    {
        var seed = NarrativeText.SplitSections(NarrativeText.UnwrapPdfLines(NarrativeTextTests.WithLookAlikes(NarrativeTextTests.Seed000Raw())), DemoNarrative.Template);
        var demo = DemoNarrative.Sections();

        for (var i = 0; i < 8; i++)
        {
            var fromSeed = FactExtractor.Extract(seed[i]).Select(Key).ToList();
            var fromDemo = FactExtractor.Extract(NarrativeText.Normalise(demo[i])).Select(Key).ToList();
            fromSeed.Should().NotBeEmpty().And.Equal(fromDemo, $"section {i + 1}");
        }

        // 九 differs only in the 自评表 layout; every figure the N rules read is the same.
        Matched(seed[8], 8).Should().Equal(Matched(NarrativeText.Normalise(demo[8]), 8));
    }

    /// <summary>Wordings of seed 001 (2022): 较2021年, 降低, 年初预算数为, and its typo 增减少.</summary>
    [Fact]
    public void Other_wordings_of_the_seeds_give_the_same_kinds_of_fact()
    {
        var facts = FactExtractor.Extract(NarrativeText.UnwrapPdfLines("""
            本部门 2022 年度收入总计 718.58 万元，其中年初结转
            和结余 7.26 万元，较 2021 年减少 1.91 万元。下降 20.8%；
            年末结转和结余 0 万元，较 2021 年增减少 7.26 万元，下降 100%。
            （四）其他支出年初预算数为 0 万元，决算数为 3.10 万元，完成年初预算的 100%，主要原因是：追加拨付。
            机关运行经费支出 64.25 万元，较上年决算数减少 14.66 万元，降低 18.6%。
            """));

        facts.Select(f => (f.Kind, f.Subject, f.Label, f.Value, f.Decimals)).Should().Equal(
            (FactKind.Amount, "", "收入总计", 718.58m, 2),
            (FactKind.Amount, "", "年初结转和结余", 7.26m, 2),
            (FactKind.Change, "", "年初结转和结余", -1.91m, 2),
            (FactKind.ChangeRate, "", "年初结转和结余", -20.8m, 1),
            (FactKind.Amount, "", "年末结转和结余", 0m, 0),
            (FactKind.Change, "", "年末结转和结余", -7.26m, 2),
            (FactKind.ChangeRate, "", "年末结转和结余", -100m, 0),
            (FactKind.Amount, "其他支出", "年初预算数", 0m, 0),
            (FactKind.Amount, "其他支出", "决算数", 3.10m, 2),
            (FactKind.Completion, "其他支出", "决算数", 100m, 0),
            (FactKind.Amount, "", "机关运行经费支出", 64.25m, 2),
            (FactKind.Change, "", "机关运行经费支出", -14.66m, 2),
            (FactKind.ChangeRate, "", "机关运行经费支出", -18.6m, 1));
    }

    [Fact]
    public void A_list_in_brackets_stays_in_the_label_and_a_threshold_is_no_figure()
    {
        var facts = FactExtractor.Extract("其他支出（对附属单位补助支出、上缴上级支出）0万元，占0%。本部门单价100万元（含）以上设备（不含车辆）0台（套）。");

        facts.Select(f => (f.Kind, f.Label, f.Value)).Should().Equal(
            (FactKind.Amount, "其他支出（对附属单位补助支出、上缴上级支出）", 0m),
            (FactKind.Share, "其他支出（对附属单位补助支出、上缴上级支出）", 0m),
            (FactKind.Count, "单价100万元（含）以上设备（不含车辆）", 0m));
    }

    [Fact]
    public void In_one_sentence_each_count_takes_the_nearest_context_before_it()
    {
        var text = "全年国内公务接待6批，累计接待38人次，其中外事接待1批，累计接待5人次。";

        Matched(text, 4).Should().Equal(("国内接待批次", 6m, 0), ("国内接待人次", 38m, 0), ("外事接待批次", 1m, 0), ("外事接待人次", 5m, 0));
    }

    [Fact]
    public void A_gloss_in_brackets_after_a_label_does_not_hide_the_figure()
    {
        Matched("其他支出（对附属单位补助支出、上缴上级支出）0万元，占0%。", 1).Should().Equal(("其他支出", 0m, 0));
        Matched("（一）因公出国（境）支出全年预算数为0万元，决算数为0万元。年末公务用车保有0辆。", 4).Select(m => m.Item1).Should().Equal("全年预算数.出国", "决算数.出国", "保有量");
    }

    /// <summary>Other wordings of the 三公 counts and figures a report may use; each is read as the same figure.</summary>
    [Theory]
    [InlineData("全年国内公务接待6批次，累计接待38人次。", "国内接待批次=6 国内接待人次=38")]
    [InlineData("全年国内公务接待6批次、38人次。", "国内接待批次=6 国内接待人次=38")]
    [InlineData("国内公务接待6批38人次，其中外事接待1批5人次。", "国内接待批次=6 国内接待人次=38 外事接待批次=1 外事接待人次=5")]
    [InlineData("全年安排因公出国（境）团组2个、8人次。", "出国团组=2 出国人次=8")]
    [InlineData("公务接待费全年预算为2.30万元，决算为0.61万元。", "全年预算数.接待=2.30 决算数.接待=0.61")]
    [InlineData("本部门2023年度“三公”经费全年预算数2.30万元，决算数0.61万元。", "全年预算数.三公=2.30 决算数.三公=0.61")]
    public void Other_wordings_of_the_three_public_expenses_are_read_as_their_figures(string text, string expected)
    {
        string.Join(" ", Matched(text, 4).Select(m => $"{m.Item1}={m.Item2}")).Should().Be(expected);
    }

    [Fact]
    public void A_rise_is_a_rate_like_an_increase()
    {
        FactExtractor.Extract("机关运行经费支出64.25万元，比上年增加14.66万元，上升29.6%。").Single(f => f.Kind == FactKind.ChangeRate).Value.Should().Be(29.6m);
    }

    private static (FactKind, string, string, decimal, int) Key(NarrativeFact f) => (f.Kind, f.Subject, f.Label, f.Value, f.Decimals);

    private static List<(string, decimal, int)> Matched(string text, int section) =>
        NarrativeChecks.Match(DemoNarrative.Template.Sections[section], FactExtractor.Extract(text)).Select(m => (m.Figure.Id, m.Fact.Value, m.Fact.Decimals)).ToList();
}
