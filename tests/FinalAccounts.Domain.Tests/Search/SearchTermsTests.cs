using FinalAccounts.Domain.Search;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests.Search;

/// <summary>The CJK bigram tokeniser of the full-text search (ADR 0025), its snippets and paragraphs.</summary>
public class SearchTermsTests
{
    [Fact]
    public void Chinese_runs_become_overlapping_bigrams_and_letters_or_digits_one_term()
    {
        SearchTerms.Of("厉行节约，12345热线 ABC").Should().Equal("厉行", "行节", "节约", "12345", "热线", "abc");
        SearchTerms.Of("帮代办").Should().Equal("帮代", "代办");
        SearchTerms.Of("税").Should().Equal(["税"], "a lone CJK character stays a unigram");
        SearchTerms.Of("支出2818.98万元").Should().Equal(["支出", "2818.98", "万元"], "a decimal figure is one term");
        SearchTerms.Of("节约节约").Should().Equal("节约", "约节");
        SearchTerms.Of("ＡＢＣ１２").Should().Equal(["abc12"], "full-width letters and digits are folded");
        SearchTerms.Of("，。！  ").Should().BeEmpty();
    }

    [Fact]
    public void A_query_s_bigrams_are_a_subset_of_the_sentence_s_that_contains_it()
    {
        var sentence = SearchTerms.Of("主要原因：过紧日子，厉行节约。");
        SearchTerms.Of("厉行节约").Should().BeSubsetOf(sentence);
        SearchTerms.Of("节约用水").Should().NotBeSubsetOf(sentence);
    }

    [Fact]
    public void The_snippet_marks_every_occurrence_of_the_query_around_the_first()
    {
        var text = new string('甲', 200) + "主要原因：过紧日子，厉行节约。决算数比上年减少，厉行节约。" + new string('乙', 200);

        var parts = SearchTerms.Snippet(text, "厉行节约", width: 60);

        parts[0].Should().Be(new SnippetPart("…", false));
        parts[^1].Should().Be(new SnippetPart("…", false));
        parts.Where(p => p.Match).Select(p => p.Text).Should().Equal("厉行节约", "厉行节约");
        string.Concat(parts.Skip(1).SkipLast(1).Select(p => p.Text)).Length.Should().Be(60);
        text.Should().Contain(string.Concat(parts.Skip(1).SkipLast(1).Select(p => p.Text)));
    }

    [Fact]
    public void The_snippet_marks_the_query_s_words_where_the_phrase_is_not_found_whole()
    {
        var parts = SearchTerms.Snippet("部门预算绩效自评覆盖全部项目。", "绩效 项目");

        parts.Where(p => p.Match).Select(p => p.Text).Should().Equal("绩效", "项目");
        string.Concat(parts.Select(p => p.Text)).Should().Be("部门预算绩效自评覆盖全部项目。");
    }

    [Fact]
    public void Lines_broken_inside_a_sentence_are_one_paragraph()
    {
        SearchTerms.Paragraphs("本部门2023年度收入总计3737.09万\n元，比上年减少。\n\n本年收入的具体构成：财政拨款收入。\r\n（一）一般公共服务支出")
            .Should().Equal("本部门2023年度收入总计3737.09万元，比上年减少。", "本年收入的具体构成：财政拨款收入。", "（一）一般公共服务支出");
    }
}
