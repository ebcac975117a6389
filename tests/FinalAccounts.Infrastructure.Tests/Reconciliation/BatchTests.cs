using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Jobs;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reconciliation;
using FinalAccounts.Infrastructure.Seeding;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace FinalAccounts.Infrastructure.Tests.Reconciliation;

/// <summary>Stored results with data hashes, and batches over a year, on both databases.</summary>
public abstract class BatchTests : ProviderTest
{
    [Fact]
    public async Task A_batch_reconciles_every_report_of_the_year_and_stores_the_results()
    {
        var database = await NewMigratedDatabaseAsync();
        var demo = DemoDataSeeder.ReadPublishedDemo().Reports[0];
        await using (var db = Open(database))
        {
            foreach (var (department, report) in ReportGenerator.Departments(DemoReport.Cells(), demo, 30, seed: 3, DateTimeOffset.UtcNow))
            {
                db.Departments.Add(department);
                db.Reports.Add(report);
            }

            await db.SaveChangesAsync();
            // One report gets a wrong total: the batch must count it as having errors.
            var broken = await db.ReportCells.SingleAsync(c => c.TableNo == "01" && c.RowKey == "31" && EF.Property<Guid>(c, "ReportId") == db.Reports.OrderBy(r => r.Id).First().Id);
            db.Entry(broken).Property(c => c.Value).CurrentValue = 9999.99m;
            await db.SaveChangesAsync();
        }

        var factory = new Factory(database);
        var service = new ReconciliationService(factory, DemoReport.Reference, TimeProvider.System);
        // Chunks of 7: five chunks, the last one short, each read while the one before is evaluated.
        var batches = new ReconciliationBatches(factory, service, TimeProvider.System, NullLogger<ReconciliationBatches>.Instance) { ChunkSize = 7 };
        var (store, runner) = JobsOn(database, factory, batches);
        var queued = await store.EnqueueAsync(JobKinds.ReconciliationBatch, new BatchParameters(2023, "测试省"), "测试省", 2023, "tester");

        (await runner.RunAvailableAsync(CancellationToken.None)).Should().Be(1);

        var job = (await store.FindAsync(queued.Id))!;
        job.State.Should().Be(JobState.Completed, job.Error);
        job.Total.Should().Be(30);
        job.Done.Should().Be(30);
        job.Percent.Should().Be(100);
        job.Attempt.Should().Be(1);
        var result = job.ResultAs<ReconciliationBatchResult>()!;
        result.Reports.Should().Be(30);
        result.WithErrors.Should().Be(1);
        result.Timings.Should().NotBeNull();
        result.Timings!.Evaluate.Should().BePositive("the batch says where its time went");
        // The culprit is named, with the rule that fails because of the changed cell.
        var culprit = result.Culprits.Should().ContainSingle().Subject;
        await using (var names = Open(database))
        {
            var brokenId = await names.Reports.OrderBy(r => r.Id).Select(r => r.DepartmentId).FirstAsync();
            culprit.Department.Should().Be(await names.Departments.Where(d => d.Id == brokenId).Select(d => d.Code).SingleAsync());
        }

        culprit.Rules.Select(r => r.Rule).Should().Contain("T01-05");
        await using var check = Open(database);
        var stored = await check.Reconciliations.ToListAsync();
        stored.Should().HaveCount(30).And.OnlyContain(s => s.DataHash.Length == 64 && s.RuleSetVersion.StartsWith("1.0.0+narrative-", StringComparison.Ordinal));
        stored.Count(s => s.Errors > 0).Should().Be(1);
        stored.Single(s => s.Errors > 0).ResultJson.Should().Contain("T01-05");
    }

    [Fact]
    public async Task A_stored_result_is_replaced_when_the_data_it_checked_changes()
    {
        var database = await NewMigratedDatabaseAsync();
        await using (var db = Open(database))
        {
            await new DemoDataSeeder(new DepartmentDataImporter(DemoReport.Reference.Templates, DemoReport.Reference.Catalogs, TimeProvider.System)).SeedAsync(db);
        }

        var factory = new Factory(database);
        var service = new ReconciliationService(factory, DemoReport.Reference, TimeProvider.System);
        var queries = new Reports.ReportQueries(factory);
        var first = (await service.ReconcileAsync(await Report(), await Department()))!;
        var again = (await service.ReconcileAsync(await Report(), await Department()))!;
        await using (var db = Open(database))
        {
            var cell = await db.ReportCells.SingleAsync(c => c.TableNo == "03" && c.RowKey == "2010350" && c.Column == 2);
            db.Entry(cell).Property(c => c.Value).CurrentValue = 130.00m;
            await db.SaveChangesAsync();
        }

        var changed = (await service.ReconcileAsync(await Report(), await Department()))!;

        first.StoredWasStale.Should().BeFalse();
        again.DataHash.Should().Be(first.DataHash);
        again.StoredWasStale.Should().BeFalse();
        changed.StoredWasStale.Should().BeTrue("the stored result checked other data");
        changed.DataHash.Should().NotBe(first.DataHash);
        changed.Result.Find("T03-01")!.Status.Should().Be(CheckStatus.Fail);
        var stored = (await service.FindStoredAsync((await Report()).Id))!;
        stored.DataHash.Should().Be(changed.DataHash);
        stored.Errors.Should().BeGreaterThan(0);

        async Task<Report> Report() => (await queries.FindPublishedAsync("jdz-zwsjglj", 2023))!.Report;
        async Task<Domain.Departments.Department> Department() => (await queries.FindPublishedAsync("jdz-zwsjglj", 2023))!.Department;
    }

    private static (JobStore Store, JobRunner Runner) JobsOn(string database, IDbContextFactory<FinalAccountsDbContext> factory, IJobHandler handler)
    {
        var node = new NodeIdentity();
        var options = Options.Create(new JobOptions());
        var store = new JobStore(factory, DatabaseOptions.Parse(database, Path.GetTempPath()), node, options, TimeProvider.System);
        return (store, new JobRunner(store, [handler], options, node, TimeProvider.System, NullLogger<JobRunner>.Instance));
    }

    private sealed class Factory(string connectionString) : IDbContextFactory<FinalAccountsDbContext>
    {
        public FinalAccountsDbContext CreateDbContext() => Open(connectionString);
    }
}

public sealed class SqliteBatchTests : BatchTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresBatchTests : BatchTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
