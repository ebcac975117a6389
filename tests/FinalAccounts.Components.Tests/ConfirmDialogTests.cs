using Bunit;
using FinalAccounts.Domain.Reports.Drafts;
using FinalAccounts.Web.Components.Workspace.Editing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Xunit;

namespace FinalAccounts.Components.Tests;

public sealed class ConfirmDialogTests : BunitContext, IAsyncLifetime
{
    public ConfirmDialogTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    // MudBlazor's services can only be disposed asynchronously.
    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    [Theory]
    [InlineData("#confirm-stay", false)]
    [InlineData("#confirm-go", true)]
    public async Task Asks_with_the_safe_answer_first_and_returns_the_choice(string button, bool expected)
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();

        var asked = provider.InvokeAsync(() => ConfirmDialog.AskAsync(dialogs, "离开填报页面", "有 3 个单元格尚未保存，离开将丢失这些修改。", "留下", "放弃修改并离开"));

        provider.WaitForElement("#confirm-message").TextContent.Should().Be("有 3 个单元格尚未保存，离开将丢失这些修改。");
        provider.FindAll(".mud-dialog-actions button").Select(b => b.TextContent.Trim()).Should().Equal("留下", "放弃修改并离开");
        provider.Find(button).Click();
        (await asked).Should().Be(expected);
        provider.WaitForAssertion(() => provider.FindAll("#confirm-message").Should().BeEmpty());
    }

    [Fact]
    public async Task Focuses_the_first_button_and_a_click_beside_it_does_not_decide()
    {
        var grid = JSInterop.SetupModule("./js/grid.js");
        grid.SetupVoid("focusWhenReady", "confirm-stay").SetVoidResult();
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();

        _ = provider.InvokeAsync(() => ConfirmDialog.AskAsync(dialogs, "放弃修改", "恢复为已保存的数值？", "取消", "放弃修改"));

        await provider.WaitForAssertionAsync(() => grid.VerifyInvoke("focusWhenReady"));
        provider.Find("#confirm-stay").TextContent.Trim().Should().Be("取消");
        ConfirmDialog.Options.BackdropClick.Should().BeFalse();
        ConfirmDialog.Options.CloseOnEscapeKey.Should().BeTrue();
    }
}

public sealed class MergePanelTests : BunitContext
{
    [Fact]
    public void Lists_only_cells_both_changed_and_merges_as_chosen()
    {
        var draft = Samples.Draft("01");
        draft.Set(new CellKey("27", 1), "3700.00");
        draft.Set(new CellKey("1", 1), "2000.00");
        var theirs = FinalAccounts.Domain.Tests.ShippedData.PublishedCells("01")
            .Select(c => c.RowKey == "27" ? new FinalAccounts.Domain.Reports.ReportCell("01", "27", 1, 3800m) : c).ToList();
        TableDraft? merged = null;

        var panel = Render<MergePanel>(p => p.Add(m => m.Merge, draft.Merge(theirs, 4)).Add(m => m.Merged, d => merged = d));

        panel.FindAll("tbody tr").Should().ContainSingle().Which.TextContent.Should().Contain("3716.65").And.Contain("3700.00").And.Contain("3800.00");
        panel.Find("#theirs-27-1").Change(true);
        panel.Find("#merge-apply").Click();

        merged!.TextOf(new CellKey("27", 1)).Should().Be("3800.00");
        merged.TextOf(new CellKey("1", 1)).Should().Be("2000.00");
        merged.BaseVersion.Should().Be(4);
        merged.DirtyCells.Should().Equal(new CellKey("1", 1));
    }
}
