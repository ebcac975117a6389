using FinalAccounts.Domain.Narrative;
using FinalAccounts.Domain.Reconciliation;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests.Narrative;

public sealed class NarrativeDrafterTests
{
    /// <summary>What the officer enters for the demo report: 年初预算 per 类, 机关运行经费, 政府采购 and last year's figures.</summary>
    private static readonly IReadOnlyDictionary<string, decimal> Inputs = FinalAccounts.Tests.Shared.DemoNarrativeInputs.All;

    private static IReadOnlyList<string> DraftOfDemo() =>
        NarrativeDrafter.Draft(DemoNarrative.Template, new ReconciliationData(ShippedData.Jiangxi2023, ShippedData.Catalogs, DemoNarrative.Cells(), DemoNarrative.Facts), Inputs);

    [Fact]
    public void The_draft_writes_the_standard_sentences_from_the_tables_and_inputs()
    {
        var draft = DraftOfDemo();

        draft.Should().HaveCount(9);
        draft[0].Should().StartWith("本部门2023年度收入总计3737.09万元，其中年初结转和结余20.44万元，比上年减少238.90万元，下降92.12%；使用非财政拨款结余和专用结余0.00万元，与上年持平；本年收入合计3716.65万元，比上年减少938.21万元，下降20.16%，主要原因：【待填写主要原因】。");
        draft[0].Should().Contain("财政拨款收入3708.49万元，占99.78%；");
        draft[2].Split('\n').Should().HaveCount(7, "the total and the six classes with a 决算数")
            .And.Contain("（四）节能环保支出（类）年初预算数0.00万元，决算数5.00万元。预决算差异主要原因：【待填写主要原因】。");
        draft[4].Should().Contain("全年国内公务接待6批，累计接待38人次。");
        draft[7].Should().StartWith("截止2023年12月31日，本部门共有车辆0辆（台）");
    }

    [Fact]
    public void The_draft_of_the_demo_report_passes_every_n_rule_once_the_reasons_are_written()
    {
        var draft = DraftOfDemo();

        var unfinished = DemoNarrative.Reconcile(sections: draft, inputs: Inputs);
        unfinished.Failures.Where(f => f.Text is not null).Select(f => f.RuleId).Distinct().Should().Equal(["N0-01"], "only the reasons are left to write, and they block submission");

        var written = draft.Select(s => s.Replace(NarrativeDrafter.ReasonToFill, "业务需要", StringComparison.Ordinal)
            .Replace("\n【待填写：绩效自评、部门评价和部门整体支出绩效评价的开展情况与结果】", "", StringComparison.Ordinal)).ToList();
        var result = DemoNarrative.Reconcile(sections: written, inputs: Inputs);

        result.Rules.Where(r => r.Rule.Group == "N").SelectMany(r => r.Checks).Where(c => c.Status == CheckStatus.Fail)
            .Select(c => $"{c.RuleId} {c.Where} {c.Message}").Should().BeEmpty();
        result.Rules.Where(r => r.Rule.Id is "N1-01" or "N1-03" or "N3-04" or "N5-03" or "N7-01").Should().OnlyContain(r => r.Status == CheckStatus.Pass || r.Status == CheckStatus.Tail);
    }

    [Fact]
    public void Without_last_years_figures_the_change_is_left_to_fill_in()
    {
        var draft = NarrativeDrafter.Draft(DemoNarrative.Template, new ReconciliationData(ShippedData.Jiangxi2023, ShippedData.Catalogs, DemoNarrative.Cells(), DemoNarrative.Facts));

        draft[0].Should().Contain("其中年初结转和结余20.44万元，比上年增减【待填写】万元；");
        draft[2].Should().Contain("年初预算数【待填写】万元");
    }
}
