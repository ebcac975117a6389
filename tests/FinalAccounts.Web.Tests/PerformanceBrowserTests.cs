using FluentAssertions;
using Microsoft.Playwright;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// 绩效 in a real browser: the officer opens the demo's correction on the 绩效 page, lowers a met indicator's 得分,
/// sees P-07 (达标指标应得满分) appear for that indicator beside the sheet before saving, saves with the version and
/// finds the score after a reload.
/// </summary>
public sealed class PerformanceBrowserTests : BrowserSession
{
    private const string Indicator = "政务服务事项受理数"; // demo: ≥140万件, 277 done, 分值 2, 得分 2

    [Fact]
    public async Task The_officer_lowers_an_indicator_score_sees_the_p_rule_fire_live_saves_and_reloads()
    {
        var page = await LoginAsync("officer");
        await StartCorrectionAsync(page);

        await page.GotoAsync($"{Base}/workspace/jdz-zwsjglj/2023/performance");
        await page.WaitForSelectorAsync("#performance-editor[data-ready='1']", new PageWaitForSelectorOptions { Timeout = 20000 });
        var score = page.Locator("#d-i0-c6");
        await Expect(page.Locator("#d-i0-c2")).ToHaveValueAsync(Indicator);
        await Expect(score).ToHaveValueAsync("2");
        var fired = page.Locator("#performance-findings li[data-rule='P-07']").Filter(new LocatorFilterOptions { HasText = Indicator });
        await Expect(fired).ToHaveCountAsync(0);

        await score.FillAsync("1");
        await score.PressAsync("Tab");
        await Expect(fired).ToHaveCountAsync(1);

        // 定位 goes back to the cell the finding names.
        await fired.Locator("button.locate").ClickAsync();
        await Expect(score).ToBeFocusedAsync();

        await page.ClickAsync("#save-performance");
        await Expect(page.Locator("#performance-status")).ToContainTextAsync("绩效已保存");

        await page.ReloadAsync();
        await page.WaitForSelectorAsync("#performance-editor[data-ready='1']", new PageWaitForSelectorOptions { Timeout = 20000 });
        await Expect(page.Locator("#d-i0-c6")).ToHaveValueAsync("1");
        await Expect(page.Locator("#performance-findings li[data-rule='P-07']").Filter(new LocatorFilterOptions { HasText = Indicator })).ToHaveCountAsync(1);
        await Shot(page, "performance-editor");

        // 情况说明 九's summary: the seed calls an average of 88.27 优; 定位 opens the summary and the grade can be mended.
        var summaryGrade = page.Locator("#performance-findings li[data-rule='P-01']").Filter(new LocatorFilterOptions { HasText = "项目平均分" });
        await Expect(summaryGrade).ToHaveCountAsync(1);
        await summaryGrade.Locator("button.locate").ClickAsync();
        await Expect(page.Locator("#summary-grade")).ToBeFocusedAsync();
        await Expect(page.Locator("#summary-average")).ToHaveValueAsync("88.27");
        await page.Locator("#summary-grade").FillAsync("良");
        await page.Locator("#summary-grade").PressAsync("Tab");
        await Expect(summaryGrade).ToHaveCountAsync(0);
        await Expect(page.Locator("#grade-scheme")).ToHaveValueAsync("four-band");
        await page.ClickAsync("#summary-compute");
        await Expect(page.Locator("#summary-count")).ToHaveValueAsync("14");
        await Expect(page.Locator("#summary-count-优")).Not.ToHaveValueAsync("");
    }
}
