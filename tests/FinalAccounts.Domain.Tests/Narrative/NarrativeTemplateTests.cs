using FinalAccounts.Domain.Narrative;
using FinalAccounts.Domain.Reconciliation;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests.Narrative;

public sealed class NarrativeTemplateTests
{
    private static readonly Func<string, Templates.TemplateSet?> Sets = id => id == ShippedData.Jiangxi2023.Id ? ShippedData.Jiangxi2023 : null;

    [Fact]
    public void The_jiangxi_2023_sections_glossary_and_rules_are_data()
    {
        var template = DemoNarrative.Template;

        template.Sections.Select(s => s.Heading).Should().Equal(
            "一、收入决算情况说明", "二、支出决算情况说明", "三、财政拨款支出决算情况说明", "四、一般公共预算财政拨款基本支出决算情况说明",
            "五、财政拨款“三公”经费支出决算情况说明", "六、机关运行经费支出情况说明", "七、政府采购支出情况说明", "八、国有资产占用情况说明", "九、预算绩效情况说明");
        template.Glossary.Select(g => g.Term).Should().Contain(["财政拨款", "“三公”经费", "机关运行经费"]);
        template.Rules.Select(r => r.Id).Should().Contain(Enumerable.Range(1, 4).Select(i => $"N1-0{i}")).And.Contain("N9-07").And.Contain("N0-06");
        template.Rules.Single(r => r.Id == "N5-03").Severity.Should().Be(RuleSeverity.Error);
        template.Rules.Single(r => r.Id == "N3-05").Severity.Should().Be(RuleSeverity.Info);
        // One 决算数 and one 年初预算数 figure per 功能分类 class row of 公开04表 (26 classes).
        template.Sections[2].Figures.Count(f => f.Id.StartsWith("决算数.", StringComparison.Ordinal)).Should().Be(26);
        template.Sections[2].Figures.Single(f => f.Id == "决算数.208").EqualsTo!.Text.Should().Be("T04[40,2]");
    }

    [Theory]
    [InlineData("""{"templateSet":"nowhere-2023","rules":[],"sections":[]}""", "不存在的模板")]
    [InlineData("""{"templateSet":"jiangxi-2023","rules":[{"id":"N1-01","severity":"sometimes"}],"sections":[]}""", "级别")]
    [InlineData("""{"templateSet":"jiangxi-2023","rules":[{"id":"N1-01","severity":"error"}],"sections":[{"heading":"一","figures":[{"id":"a","label":"收入总计","rule":"N1-01","equals":"T01[999]"}]}]}""", "999")]
    [InlineData("""{"templateSet":"jiangxi-2023","rules":[{"id":"N1-01","severity":"error"}],"sections":[{"heading":"一","figures":[{"id":"a","label":"收入总计","rule":"N1-01","equals":"T01[31] +"}]}]}""", "第")]
    [InlineData("""{"templateSet":"jiangxi-2023","rules":[{"id":"N1-01","severity":"error"}],"sections":[{"heading":"一","figures":[{"id":"a","label":"收入总计","share":{"rule":"N1-77","of":"T01[27]"}}]}]}""", "N1-77")]
    [InlineData("""{"templateSet":"jiangxi-2023","rules":[{"id":"N1-01","severity":"error"}],"sections":[{"heading":"一","figures":[{"id":"a","label":"收入总计"}],"draft":["收入总计{b}"]}]}""", "{b}")]
    [InlineData("""{"templateSet":"jiangxi-2023","rules":[],"textChecks":{"spelling":"N0-01"},"sections":[]}""", "spelling")]
    [InlineData("""{"templateSet":"jiangxi-2023","rules":[{"id":"N9-06","severity":"warning"}],"sections":[{"heading":"九","checks":[{"kind":"performanceSources","rule":"N9-06","figures":["T05[合计,3]"]}]}]}""", "2 个单元格表达式")]
    [InlineData("""{"templateSet":"jiangxi-2023","rules":[{"id":"N9-07","severity":"warning"}],"sections":[{"heading":"九","checks":[{"kind":"performanceProjectBudget","rule":"N9-07","figures":["input:x"]}]}]}""", "不是单元格表达式")]
    [InlineData("""{"templateSet":"jiangxi-2023","rules":[{"id":"N9-05","severity":"error"}],"sections":[{"heading":"九","figures":[{"id":"a","label":"得分","rule":"N9-05","equals":"performance:部门整体.平均分"}]}]}""", "未知的绩效数")]
    public void A_malformed_narrative_template_is_refused_with_the_reason(string json, string reason)
    {
        var result = NarrativeTemplateParser.Parse(json, "test.narrative.json", Sets);

        result.IsSuccess.Should().BeFalse();
        result.Errors.Should().Contain(e => e.Message.Contains(reason, StringComparison.Ordinal) || (e.Target ?? "").Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void The_narrative_text_and_inputs_are_part_of_the_reconciliation_hash()
    {
        var cells = DemoNarrative.Cells();
        var plain = ReconciliationHash.Compute(cells, DemoNarrative.Facts, "jiangxi-2023", "v");
        var with = ReconciliationHash.Compute(cells, DemoNarrative.Facts, "jiangxi-2023", "v", new NarrativeDocument(DemoNarrative.Template, DemoNarrative.Sections()));
        var edited = ReconciliationHash.Compute(cells, DemoNarrative.Facts, "jiangxi-2023", "v", new NarrativeDocument(DemoNarrative.Template, DemoNarrative.SectionsWith(1, "3737.09", "3737.19")));
        var input = ReconciliationHash.Compute(cells, DemoNarrative.Facts, "jiangxi-2023", "v", new NarrativeDocument(DemoNarrative.Template, DemoNarrative.Sections(), new Dictionary<string, decimal> { ["机关运行经费"] = 1 }));

        new[] { plain, with, edited, input }.Should().OnlyHaveUniqueItems();
        ReconciliationHash.Compute(cells, DemoNarrative.Facts, "jiangxi-2023", "v", null).Should().Be(plain);
    }

    [Fact]
    public void A_document_stores_its_sections_normalised_so_ranges_point_into_what_is_kept()
    {
        var document = new NarrativeDocument(DemoNarrative.Template, ["本部⻔ 2023 年度收⼊总计３７３７．０９万元。"]);

        document.Sections[0].Should().Be("本部门2023年度收入总计3737.09万元。");
        document.Sections.Should().HaveCount(9);
        document.Facts[0].Single().Should().Match<NarrativeFact>(f => f.Label == "收入总计" && f.Value == 3737.09m);
    }
}
