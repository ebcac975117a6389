using System.Net;
using System.Net.Sockets;
using FinalAccounts.Tests.Shared;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// 情况说明 in a real browser (Debian's Chromium, as <see cref="BrowserWorkflowTests"/>): the officer opens the demo's
/// correction, the N findings are listed beside the text, a changed number makes N1-01 fire while typing, 定位 selects
/// that sentence in the textarea, 生成初稿 asks before overwriting, and the text is saved.
/// </summary>
public sealed class NarrativeBrowserTests : BrowserSession
{
    [Fact]
    public async Task The_officer_edits_the_narrative_beside_its_live_findings_and_locates_the_sentence()
    {
        var page = await LoginAsync("officer");
        await StartCorrectionAsync(page);

        await page.GotoAsync($"{Base}/workspace/jdz-zwsjglj/2023/narrative");
        await page.WaitForSelectorAsync("#narrative-editor[data-ready='1']", new PageWaitForSelectorOptions { Timeout = 20000 });
        await Expect(page.Locator("#narrative-findings li[data-rule='N9-03']").First).ToBeVisibleAsync();
        await Expect(page.Locator("#narrative-findings li[data-rule='N1-01']")).ToHaveCountAsync(0);

        // One changed number in the text: N1-01 appears while typing (debounced), with the sentence.
        var text = await page.Locator("#narrative-1").InputValueAsync();
        text.Should().Contain("收入总计3737.09万元");
        await page.Locator("#narrative-1").FillAsync(text.Replace("收入总计3737.09万元", "收入总计3747.09万元", StringComparison.Ordinal));
        var finding = page.Locator("#narrative-findings li[data-rule='N1-01']").First;
        await Expect(finding).ToContainTextAsync("收入总计3747.09万元");

        // 定位 selects the sentence's character range in the textarea.
        await finding.Locator("button.locate").ClickAsync();
        await Expect(page.Locator("#narrative-1")).ToBeFocusedAsync();
        var selected = await page.Locator("#narrative-1").EvaluateAsync<string>("el => el.value.substring(el.selectionStart, el.selectionEnd)");
        selected.Should().Contain("收入总计3747.09万元");

        // 生成初稿 asks before overwriting written text; cancelling keeps it.
        await page.ClickAsync("#draft-narrative");
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("生成初稿会覆盖");
        await dialog.GetByText("取消").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.Locator("#narrative-1")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("收入总计3747\\.09万元"));

        await page.ClickAsync("#save-narrative");
        await Expect(page.Locator("#narrative-status")).ToContainTextAsync("情况说明已保存");
        await Shot(page, "narrative-editor");
    }

    [Theory]
    [InlineData("/reports/jdz-zwsjglj/2023")]
    [InlineData("/reports/jdz-zwsjglj/2023/reconciliation")]
    public async Task On_a_390_px_phone_no_page_is_wider_than_the_screen_tables_scroll_in_their_frame_and_the_contents_stay_at_hand(string url)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync(Base + url);
            var wide = await page.EvaluateAsync<string>("[...document.querySelectorAll('body *')].filter(e => !e.closest('.table-scroll, .perf-scroll') && e.getBoundingClientRect().right > 391).slice(0, 6).map(e => e.tagName + '.' + e.className + ':' + Math.round(e.getBoundingClientRect().right)).join(' ')");
            (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "no page is wider than the screen (too wide: {0})", wide);
            var scrolling = await page.EvaluateAsync<int>("[...document.querySelectorAll('.table-scroll')].filter(e => e.scrollWidth > e.clientWidth && getComputedStyle(e).overflowX === 'auto').length");
            if (url.EndsWith("2023", StringComparison.Ordinal))
            {
                scrolling.Should().BeGreaterThan(0, "wide tables scroll inside their own frame");
                (await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('nav.toc')).position")).Should().Be("sticky");
            }

            await page.EvaluateAsync("window.scrollTo(0, document.body.scrollHeight / 2)");
            var back = page.Locator("a.back-to-top");
            await Expect(back).ToBeVisibleAsync();
            await back.ClickAsync();
            await page.WaitForFunctionAsync("window.scrollY < 50");
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
