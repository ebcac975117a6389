using FinalAccounts.Domain.Narrative;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests.Narrative;

public sealed class NarrativeTextTests
{
    internal static string Seed000Raw() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Narrative", "Fixtures", "seed000-qingkuangshuoming.txt"));

    /// <summary>
    /// The look-alikes PDFs paste: Kangxi radicals (U+2F00 block) for 一 二 支 入 行 人 大 and radical-supplement forms
    /// (U+2E80 block, which NFKC leaves alone) for 门 车 长 见 民.
    /// </summary>
    internal static readonly (char LookAlike, char Real)[] LookAlikes =
    [
        ('⼀', '一'), ('⼆', '二'), ('⽀', '支'), ('⼊', '入'), ('⾏', '行'), ('⼈', '人'), ('⼤', '大'), ('⽬', '目'), ('⾦', '金'),
        ('⻔', '门'), ('⻋', '车'), ('⻓', '长'), ('⻅', '见'), ('⺠', '民'), ('⻚', '页'), ('⻄', '西'), ('⻛', '风'),
    ];

    internal static string WithLookAlikes(string text)
    {
        foreach (var (lookAlike, real) in LookAlikes)
        {
            text = text.Replace(real, lookAlike);
        }

        return text;
    }

    [Fact]
    public void Every_look_alike_becomes_the_real_character()
    {
        foreach (var (lookAlike, real) in LookAlikes)
        {
            NarrativeText.Normalise(lookAlike.ToString()).Should().Be(real.ToString(), $"U+{(int)lookAlike:X4} is {real}");
        }

        NarrativeText.Normalise("本部⻔2023年度⽀出总计3737.09万元，⼀般公共预算").Should().Be("本部门2023年度支出总计3737.09万元，一般公共预算");
    }

    [Fact]
    public void No_radical_or_compatibility_character_survives_in_the_seed_text()
    {
        var text = NarrativeText.Normalise(WithLookAlikes(Seed000Raw()) + "豈⺟⻬");

        text.Where(c => c is >= '\u2E80' and <= '\u2FDF' or >= '\uF900' and <= '\uFAFF').Should().BeEmpty();
    }

    [Fact]
    public void Full_width_digits_and_signs_in_numbers_become_ascii_but_chinese_punctuation_stays()
    {
        NarrativeText.Normalise("收入总计３７３７．０９万元，占９９．７８％；（一）增长－５％")
            .Should().Be("收入总计3737.09万元，占99.78%；（一）增长-5%");
    }

    [Fact]
    public void Spaces_around_numbers_between_chinese_characters_are_dropped_and_normalising_twice_changes_nothing()
    {
        var once = NarrativeText.Normalise("本部门 2023 年度收入总计 3737.09 万元，下降 92.11%；");

        once.Should().Be("本部门2023年度收入总计3737.09万元，下降92.11%；");
        NarrativeText.Normalise(once).Should().Be(once);
    }

    [Fact]
    public void Lines_wrapped_by_the_pdf_are_joined_and_sentence_ends_kept()
    {
        var text = NarrativeText.UnwrapPdfLines("其中年初结转和\n\n结余 20.44 万元，比上年减少 238.90 万元。\n\n（一）工资福利支出 780.46 万\n元。");

        text.Should().Be("其中年初结转和结余20.44万元，比上年减少238.90万元。\n（一）工资福利支出780.46万元。");
    }

    [Fact]
    public void A_whole_pasted_part_three_is_cut_into_the_template_sections()
    {
        var sections = NarrativeText.SplitSections(NarrativeText.UnwrapPdfLines(Seed000Raw()), DemoNarrative.Template);

        sections.Should().HaveCount(9);
        sections[0].Should().StartWith("本部门2023年度收入总计3737.09万元");
        sections[5].Should().StartWith("本部门2023年度机关运行经费支出111.85万元");
        sections[8].Should().StartWith("（一）绩效管理工作开展情况");
    }

    [Fact]
    public void Text_pasted_as_printed_reads_as_whole_sentences_and_maps_back_to_what_is_stored()
    {
        var stored = NarrativeText.Normalise("本部门 2022 年度收入总计 718.58 万元，其中年初结转\n\n和结余 7.26 万元，较 2021 年增加 91.12\n\n万元。\n 其中：\n\n（一）工资福利支出 312.50 万元；\n完成年初预算的\n 147.6%。");

        var reading = NarrativeText.ForReading(stored);

        reading.Text.Should().Be("本部门2022年度收入总计718.58万元，其中年初结转和结余7.26万元，较2021年增加91.12万元。\n其中：\n（一）工资福利支出312.50万元；\n完成年初预算的147.6%。");
        var at = reading.Text.IndexOf("和结余", StringComparison.Ordinal);
        var span = reading.ToStored(new TextSpan(at - 4, 11));
        stored.Substring(span.Start, span.Length).Should().Be("年初结转\n\n和结余7.26");
        var number = reading.Text.IndexOf("91.12万元", StringComparison.Ordinal);
        var wrapped = reading.ToStored(new TextSpan(number, "91.12万元".Length));
        stored.Substring(wrapped.Start, wrapped.Length).Should().Be("91.12\n\n万元");
        reading.ToStored(new TextSpan(reading.Text.Length, 0)).Start.Should().Be(stored.Length);
    }

    [Fact]
    public void Typed_text_without_wrapped_lines_reads_as_stored()
    {
        var stored = "本部门2023年度收入总计3737.09万元。\n其中：\n（一）工资福利支出780.46万元；";

        var reading = NarrativeText.ForReading(stored);

        reading.Text.Should().Be(stored);
        reading.ToStored(new TextSpan(3, 7)).Should().Be(new TextSpan(3, 7));
    }

    [Fact]
    public void A_section_pasted_with_its_heading_keeps_the_heading_on_its_own_line_and_a_colon_wrap_is_joined()
    {
        var stored = "一、收入决算情况说明\n\n本部门 2023 年度收入总计 3737.09 万元，主要原因是：\n\n业务增加。其中：\n（一）工资福利支出";

        NarrativeText.ForReading(NarrativeText.Normalise(stored), ["一、收入决算情况说明", "收入决算情况说明"]).Text
            .Should().Be("一、收入决算情况说明\n本部门2023年度收入总计3737.09万元，主要原因是：业务增加。其中：\n（一）工资福利支出");
        NarrativeText.ForReading(NarrativeText.Normalise(stored)).Text.Should().StartWith("一、收入决算情况说明本部门");
    }
}
