using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Seeding;
using FinalAccounts.Infrastructure.Templates;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace FinalAccounts.Infrastructure.Tests;

public abstract class PersistenceTests : ProviderTest
{
    private static readonly ReferenceData Reference =
        ReferenceDataLoader.Load(null);

    private static DepartmentDataImporter Importer => new(Reference.Templates, Reference.Catalogs, TimeProvider.System);

    [Fact]
    public async Task The_region_tree_is_seeded_into_an_empty_table_once_and_an_administrators_change_survives_a_restart()
    {
        var database = await NewMigratedDatabaseAsync();
        await using (var db = Open(database))
        {
            await Regions.RegionStore.SeedAsync(db, CancellationToken.None);
        }

        await using (var db = Open(database))
        {
            (await db.Regions.CountAsync()).Should().Be(Regions.RegionStore.Shipped.Count);
            var jdz = await db.Regions.SingleAsync(r => r.Code == "360200");
            jdz.Rename("瓷都市", "江西省瓷都市");
            await db.SaveChangesAsync();
        }

        await using (var db = Open(database))
        {
            await Regions.RegionStore.SeedAsync(db, CancellationToken.None); // the next start
        }

        await using var check = Open(database);
        var tree = await Regions.RegionStore.TreeAsync(check);
        tree.Count.Should().Be(Regions.RegionStore.Shipped.Count, "a second start adds nothing");
        tree.Find("360200")!.FullName.Should().Be("江西省瓷都市", "the shipped file does not override an administrator's change");
        tree.FindByFullName("演示省东湖市南岸县")!.Synthetic.Should().BeTrue();
        tree.Children("360000").Should().HaveCount(11);
    }

    [Fact]
    public async Task Demo_data_is_loaded_once_and_published_with_every_cell()
    {
        var database = await NewMigratedDatabaseAsync();
        await using (var db = Open(database))
        {
            (await new DemoDataSeeder(Importer).SeedAsync(db)).Should().Be(2, "the published 景德镇 report and seed 004's 绩效-only 2022 draft of 南昌");
        }

        await using (var db = Open(database))
        {
            (await new DemoDataSeeder(Importer).SeedAsync(db)).Should().Be(0, "a second start adds nothing");
        }

        await using var check = Open(database);
        (await check.Departments.CountAsync()).Should().Be(2);
        var report = await check.Reports.Include(r => r.Cells).SingleAsync(r => r.Status == ReportStatus.Published);
        report.Status.Should().Be(ReportStatus.Published);
        report.Revision.Should().Be(1);
        report.FiscalYear.Should().Be(2023);
        report.Units.Should().HaveCount(5);
        report.Staff.Should().Be(new StaffCounts(60, 0, 0, 8));
        report.Narrative.Should().HaveCount(9);
        report.Glossary.Should().HaveCount(14);
        report.Cells.Should().HaveCount(321);
        report.Cells.Single(c => c.TableNo == "01" && c.RowKey == "31" && c.Column == 1).Value.Should().Be(3737.09m);
        report.Cells.Single(c => c.TableNo == "06" && c.RowKey == "人员经费合计").Value.Should().Be(784.35m);
        report.Cells.Single(c => c.TableNo == "09" && c.RowKey == "15" && c.Column == 3).Value.Should().Be(6m);
        report.Cells.Where(c => c.TableNo == "10").Should().HaveCount(10).And.OnlyContain(c => c.Value == 0m, "an entered 0 is stored, not dropped");
        (await check.ReportCells.CountAsync(c => c.TableNo == "08")).Should().Be(0, "table 08 is empty");
        var performance = FinalAccounts.Infrastructure.Reconciliation.ReconciliationService.PerformanceOf(report);
        performance.Should().NotBeNull("the demo's 绩效 is seeded from demo/performance.json");
        performance!.Department!.Funds!.Total.FullYearBudget.Should().Be(3935.011m);
        Domain.Performance.PerformanceNumber.Decimals(performance.Department.Funds.Rows[0].FullYearBudget!.Value).Should().Be(6, "3935.010833 keeps its printed precision through the database");
        performance.Projects.Should().HaveCount(14);
        performance.FinanceFeedbacks.Should().ContainSingle();

        var revision = report.StartRevision(await check.Departments.SingleAsync(d => d.Code == DemoDataSeeder.PublishedDemoCode), DateTimeOffset.UtcNow);
        revision.Performance!.Document.Should().Be(report.Performance!.Document, "a new revision carries the 绩效 over");

        // Seed 004: a 2022 draft holding only its 部门整体支出绩效自评表 (the seed has no tables), for its officer to go on with.
        var draft = await check.Reports.Include(r => r.Cells).SingleAsync(r => r.Status == ReportStatus.Draft);
        draft.FiscalYear.Should().Be(2022);
        draft.Cells.Should().BeEmpty();
        var nanchang = FinalAccounts.Infrastructure.Reconciliation.ReconciliationService.PerformanceOf(draft)!;
        nanchang.Department!.Name.Should().Be("南昌市政务服务数据管理局");
        nanchang.Department.Indicators.Should().HaveCount(44);
        nanchang.Department.TotalScore.Should().Be(94m);
    }

    [Fact]
    public async Task A_stale_edit_is_refused_by_the_concurrency_token()
    {
        var database = await NewMigratedDatabaseAsync();
        await using (var db = Open(database))
        {
            db.Departments.Add(new Department("d1", "测试部门", "测试市", "市级"));
            await db.SaveChangesAsync();
        }

        await using var first = Open(database);
        await using var second = Open(database);
        var mine = await first.Departments.SingleAsync();
        var theirs = await second.Departments.SingleAsync();
        mine.AddAlias("甲");
        mine.SetProfile("职责一", []);
        theirs.SetProfile("职责二", []);

        await first.SaveChangesAsync();
        var stale = () => second.SaveChangesAsync();

        await stale.Should().ThrowAsync<DbUpdateConcurrencyException>();
        await using var check = Open(database);
        var stored = await check.Departments.SingleAsync();
        stored.Duties.Should().Be("职责一");
        stored.Version.Should().Be(1);
    }

    [Fact]
    public async Task An_import_with_one_bad_cell_writes_nothing()
    {
        var database = await NewMigratedDatabaseAsync();
        var data = new DepartmentData(
            new DepartmentInfo("bad-1", "坏数据部门", [], "测试市", "市级"),
            [
                new ReportData(2023, "jiangxi-2023", "Published", 1, null,
                [
                    new TableData("01", [new CellData("1", 1, "100.00"), new CellData("27", 1, "100.00")]),
                    new TableData("09", [new CellData("7", 1, "1.00")]),
                ], null, null),
            ]);

        await using var db = Open(database);
        var result = await Importer.ImportAsync(db, data);

        result.IsSuccess.Should().BeFalse();
        result.Errors.Should().ContainSingle(e => e.Code == "cell.not_applicable" && e.Target!.Contains("公开09表[7,1]"));
        await using var check = Open(database);
        (await check.Departments.CountAsync()).Should().Be(0);
        (await check.ReportCells.CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Search_matches_aliases()
    {
        var database = await NewMigratedDatabaseAsync();
        await using (var db = Open(database))
        {
            await new DemoDataSeeder(Importer).SeedAsync(db);
        }

        var queries = new Reports.ReportQueries(new SingleConnectionFactory(database));
        (await queries.ListDepartmentsAsync("政务数据管理局")).Should().ContainSingle(d => d.Code == "jdz-zwsjglj", "the alias matches");
        var found = await queries.ListDepartmentsAsync("政务服务数据");
        found.Select(d => d.Code).Should().BeEquivalentTo(["jdz-zwsjglj", "nc-zwfwsjglj"]);
        found.Single(d => d.Code == "jdz-zwsjglj").PublishedYears.Should().Equal(2023);
        found.Single(d => d.Code == "nc-zwfwsjglj").PublishedYears.Should().BeEmpty("its 2022 report is a draft, never shown");
        (await queries.ListDepartmentsAsync("教育局")).Should().BeEmpty();
        (await queries.FindPublishedAsync("jdz-zwsjglj", 2022)).Should().BeNull();
    }

    private sealed class SingleConnectionFactory(string connectionString) : IDbContextFactory<FinalAccountsDbContext>
    {
        public FinalAccountsDbContext CreateDbContext() => Open(connectionString);
    }
}

public sealed class SqlitePersistenceTests : PersistenceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresPersistenceTests : PersistenceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}

public sealed class AuditLogTests : ProviderTest
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task The_audit_log_refuses_updates_and_deletes()
    {
        var database = await NewMigratedDatabaseAsync();
        await using (var db = Open(database))
        {
            db.AuditEntries.Add(new Domain.Auditing.AuditEntry(DateTimeOffset.UtcNow, "officer", "127.0.0.1", "cell.change", "原始记录"));
            await db.SaveChangesAsync();
        }

        await using (var db = Open(database))
        {
            var entry = await db.AuditEntries.SingleAsync();
            db.Entry(entry).Property(e => e.Detail).CurrentValue = "篡改";
            var update = () => db.SaveChangesAsync();
            await update.Should().ThrowAsync<InvalidOperationException>().WithMessage("审计日志只能追加*");
        }

        await using (var db = Open(database))
        {
            db.AuditEntries.Remove(await db.AuditEntries.SingleAsync());
            var delete = () => db.SaveChangesAsync();
            await delete.Should().ThrowAsync<InvalidOperationException>();
        }

        await using var check = Open(database);
        (await check.AuditEntries.SingleAsync()).Detail.Should().Be("原始记录");
    }
}
