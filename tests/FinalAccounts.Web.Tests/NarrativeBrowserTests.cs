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
}
