using Bunit;
using FinalAccounts.Domain.Reports.Drafts;
using FinalAccounts.Web.Components.Workspace.Editing;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Components.Tests;

public sealed class EntryGridTests : BunitContext
{
    public EntryGridTests() => JSInterop.Mode = JSRuntimeMode.Loose; // grid.js (keyboard, paste) is the browser tests' part

    [Fact]
    public void Renders_the_official_header_and_rows_as_a_semantic_table()
    {
        var grid = Render<EntryGrid>(p => p.Add(g => g.Draft, Samples.Draft("01")).Add(g => g.CanEdit, true));

        grid.Find("table").ClassList.Should().Contain(["official", "entry"]);
        grid.FindAll("thead tr").Should().NotBeEmpty();
        grid.Find("thead").TextContent.Should().Contain("行次").And.Contain("决算数");
        grid.FindAll("tbody th[scope=row]").Select(th => th.TextContent.Trim()).Should().Contain("一、一般公共预算财政拨款收入");
        grid.Find("#in-01-27-1").GetAttribute("value").Should().Be("3716.65");
        grid.Find("#in-01-27-1").HasAttribute("readonly").Should().BeFalse();
        grid.FindAll("td.unsaved").Should().BeEmpty();
    }

    [Fact]
    public void Marks_unsaved_and_invalid_cells_and_reports_what_is_typed()
    {
        var draft = Samples.Draft("01");
        CellEdit? typed = null;
        var grid = Render<EntryGrid>(p => p.Add(g => g.Draft, draft).Add(g => g.CanEdit, true)
            .Add(g => g.CellChanged, e => { typed = e; draft.Set(e.Cell, e.Text); }));

        grid.Find("#in-01-27-1").Change("一百");

        typed.Should().Be(new CellEdit(new CellKey("27", 1), "一百"));
        var cell = grid.Find("#in-01-27-1").ParentElement!;
        cell.ClassList.Should().Contain(["unsaved", "invalid"]);
        grid.Find("#in-01-27-1").GetAttribute("aria-invalid").Should().Be("true");
        cell.QuerySelector(".cell-error")!.TextContent.Should().Contain("不是数字");

        grid.Find("#in-01-27-1").Change("３，７１６．６５");
        grid.Find("#in-01-27-1").ParentElement!.ClassList.Should().NotContain("unsaved").And.NotContain("invalid");
        grid.Find("#in-01-29-1").Change("1");
        grid.Find("#in-01-29-1").ParentElement!.ClassList.Should().Contain("unsaved");
        grid.Find("#in-01-29-1").GetAttribute("title").Should().Be("未保存；已保存的值 20.44");
        grid.FindAll("td.unsaved").Should().HaveCount(1);
    }

    [Fact]
    public void Is_read_only_for_reviewers_and_reports_the_cell_they_pick()
    {
        CellKey? picked = null;
        var grid = Render<EntryGrid>(p => p.Add(g => g.Draft, Samples.Draft("09")).Add(g => g.CanEdit, false)
            .Add(g => g.CellFocused, k => picked = k)
            .Add(g => g.Located, new CellKey("6", 3))
            .Add(g => g.Commented, new HashSet<CellKey> { new("1", 1) }));

        grid.FindAll("input").Should().OnlyContain(i => i.HasAttribute("readonly"));
        grid.FindAll(".remove-row").Should().BeEmpty();
        grid.Find("#in-09-6-3").ParentElement!.ClassList.Should().Contain("located");
        grid.Find("#in-09-1-1").ParentElement!.ClassList.Should().Contain("commented");
        grid.Find("#in-09-15-3").Focus();
        picked.Should().Be(new CellKey("15", 3));
    }

    [Fact]
    public void Offers_removal_only_for_rows_added_in_the_draft()
    {
        var draft = Samples.Draft("07");
        draft.AddCode("2010301");
        string? asked = null;
        var grid = Render<EntryGrid>(p => p.Add(g => g.Draft, draft).Add(g => g.CanEdit, true).Add(g => g.RemoveRequested, c => asked = c));

        grid.FindAll(".remove-row").Select(b => b.Id).Should().BeEquivalentTo(["remove-201", "remove-20103", "remove-2010301"]);
        grid.Find("#remove-2010301").Click();
        asked.Should().Be("2010301");
    }
}
