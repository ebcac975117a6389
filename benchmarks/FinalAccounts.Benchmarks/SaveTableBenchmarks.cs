using BenchmarkDotNet.Attributes;
using FinalAccounts.Application.Reports;
using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reconciliation;
using FinalAccounts.Infrastructure.Reports;
using FinalAccounts.Infrastructure.Seeding;
using FinalAccounts.Infrastructure.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace FinalAccounts.Benchmarks;

/// <summary>
/// An officer saves one table (公开03表, 33 coded rows × 6 栏) of a draft and the report is re-reconciled and the result
/// stored: the whole server-side path of a save (validate, diff, audit, transaction, reconcile, store), on the embedded
/// SQLite database. Each iteration changes one cell so there is always something to write.
/// </summary>
[MemoryDiagnoser]
[InProcess] // the generated project would lack the ASP.NET Core framework reference Identity needs
public class SaveTableBenchmarks
{
    private SaveTable _save = default!;
    private Caller _officer = default!;
    private List<CellInput> _cells = default!;
    private string _path = "";
    private int _flip;
    private int _version;

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"fa-bench-{Guid.NewGuid():N}.db");
        var builder = new DbContextOptionsBuilder<FinalAccountsDbContext>();
        DatabaseOptions.Parse($"Data Source={_path}", Path.GetTempPath()).Apply(builder);
        var factory = new PooledDbContextFactory<FinalAccountsDbContext>(builder.Options);
        var reference = ReferenceDataLoader.Load(null);
        using (var db = factory.CreateDbContext())
        {
            db.Database.Migrate();
            new DemoDataSeeder(new DepartmentDataImporter(reference.Templates, reference.Catalogs, TimeProvider.System)).SeedAsync(db).GetAwaiter().GetResult();
        }

        Guid departmentId;
        using (var db = factory.CreateDbContext())
        {
            departmentId = db.Departments.Single().Id;
        }

        _officer = new Caller(new Actor("bench", new HashSet<string> { Roles.Officer }, new HashSet<Guid> { departmentId }, null), "127.0.0.1");
        var reconciliation = new ReconciliationService(factory, reference, TimeProvider.System);
        var steps = new ReportSteps(factory, reference, reconciliation, TimeProvider.System, new FinalAccounts.Infrastructure.Catalogs.CatalogStore(factory, reference));
        _save = new SaveTable(steps);
        new CreateReport(steps).ExecuteAsync(_officer, "jdz-zwsjglj", 2023, "jiangxi-2023").GetAwaiter().GetResult(); // revision 2, a draft
        var table = new ReadTable(steps).ExecuteAsync(_officer, "jdz-zwsjglj", 2023, "03").GetAwaiter().GetResult().Value;
        _version = table.Report.Version;
        _cells = table.Cells
            .Select(c => new CellInput(c.RowKey, c.Column, c.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
    }

    [Benchmark]
    public async Task<int> SaveTableAndReconcile()
    {
        _flip ^= 1;
        var cells = _cells.Select(c => c.Row == "2010350" && c.Col == 1 ? c with { Value = _flip == 1 ? "128.46" : "128.45" } : c).ToList();
        var result = await _save.ExecuteAsync(_officer, "jdz-zwsjglj", 2023, "03", cells, expectedVersion: _version);
        _version = result.Value.State.Report.Version;
        return result.Value.Changes.Count;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }
}
