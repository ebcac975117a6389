using System.Diagnostics;
using BenchmarkDotNet.Running;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Jobs;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reconciliation;
using FinalAccounts.Infrastructure.Seeding;
using FinalAccounts.Infrastructure.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FinalAccounts.Benchmarks;

/// <summary>
/// <c>engine</c>: BenchmarkDotNet on one reconciliation. <c>batch COUNT CONNECTION</c>: generate COUNT consistent
/// department-years into a fresh PostgreSQL database, then reconcile them all end to end, printing progress.
/// </summary>
public static class Program
{
    private static void RuleCosts()
    {
        var bench = new ReconcileBenchmarks();
        bench.Setup();
        var (data, rules) = (bench.Data, bench.Rules);
        const int runs = 2000;
        (double Micro, long Bytes) Measure(Action action)
        {
            for (var i = 0; i < 200; i++)
            {
                action();
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < runs; i++)
            {
                action();
            }

            return (clock.Elapsed.TotalMilliseconds * 1000 / runs, (GC.GetAllocatedBytesForCurrentThread() - before) / runs);
        }

        // Warm every path up first (tiered compilation), or the first rules measured look slow.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 3)
        {
            bench.IndexAndReconcile();
            bench.DataHash();
        }

        var rows = new List<(string Name, double Micro, long Bytes, int Checks)>();
        var index = Measure(() => bench.Index());
        rows.Add(("index", index.Micro, index.Bytes, 0));
        foreach (var rule in rules.Rules)
        {
            var one = new FinalAccounts.Domain.Reconciliation.ReconciliationRuleSet(rules.TemplateSetId, rules.Version, [rule]);
            var cost = Measure(() => FinalAccounts.Domain.Reconciliation.ReconciliationEngine.Evaluate(one, data));
            rows.Add((rule.Id, cost.Micro, cost.Bytes, FinalAccounts.Domain.Reconciliation.ReconciliationEngine.Evaluate(one, data).Summary.Checks));
        }

        var all = Measure(() => bench.IndexAndReconcile());
        var hash = Measure(() => bench.DataHash());
        Console.WriteLine($"DataHash (speed reference): {hash.Micro:0.0} µs");
        var result = FinalAccounts.Domain.Reconciliation.ReconciliationEngine.Evaluate(rules, data);
        Console.WriteLine($"checks: {result.Summary.Checks}, not passing: {result.Rules.Sum(r => r.Checks.Count(c => c.Status != FinalAccounts.Domain.Reconciliation.CheckStatus.Pass))}");
        Console.WriteLine($"all: {all.Micro:0.0} µs, {all.Bytes / 1024.0:0.0} KB; sum of parts {rows.Sum(r => r.Micro):0.0} µs, {rows.Sum(r => r.Bytes) / 1024.0:0.0} KB");
        foreach (var (name, micro, bytes, checks) in rows.OrderByDescending(r => r.Micro).Take(30))
        {
            Console.WriteLine($"{name,-8} {micro,8:0.0} µs {bytes / 1024.0,8:0.0} KB {checks,5} checks");
        }
    }

    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "engine":
                BenchmarkRunner.Run<ReconcileBenchmarks>(args: args.Skip(1).ToArray());
                return 0;
            case "profile-engine" when args.Length >= 2 && int.TryParse(args[1], out var seconds):
                // A plain loop to run under a profiler (perf record with DOTNET_PerfMapEnabled=1): no harness in the way.
                var bench = new ReconcileBenchmarks();
                bench.Setup();
                var runs = 0;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                while (clock.Elapsed.TotalSeconds < seconds)
                {
                    bench.IndexAndReconcile();
                    runs++;
                }

                Console.WriteLine($"{runs} runs, {clock.Elapsed.TotalMilliseconds * 1000 / runs:0} µs each");
                return 0;
            case "profile-rules":
                // Time and allocation of indexing and of each rule alone, to see where a reconciliation's cost sits.
                RuleCosts();
                return 0;
            case "excel":
                BenchmarkRunner.Run<WorkbookBenchmarks>(args: args.Skip(1).ToArray());
                return 0;
            case "typing-data" when args.Length >= 3:
                TypingBenchmark.WriteData(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
                return 0;
            case "typing" when args.Length >= 4:
                await TypingBenchmark.RunAsync(args[1], args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), 44);
                return 0;
            case "swagger" when args.Length >= 2:
                await SwaggerUiBenchmark.RunAsync(args[1], 10);
                return 0;
            case "save":
                BenchmarkRunner.Run<SaveTableBenchmarks>(args: args.Skip(1).ToArray());
                return 0;
            case "batch" when args.Length >= 3 && int.TryParse(args[1], out var count):
                await BatchAsync(count, args[2]);
                return 0;
            default:
                Console.Error.WriteLine("usage: engine|save|excel [BenchmarkDotNet args] | profile-engine SECONDS | profile-rules | typing-data DIR ROWS | typing BASE-URL DIR ROWS | swagger BASE-URL | batch COUNT POSTGRES-ADMIN-CONNECTION-STRING");
                return 2;
        }
    }

    internal static List<ReportCell> CellsOf(ReferenceData reference, ReportData report)
    {
        var set = reference.Templates.Find(report.TemplateSet)!;
        return report.Tables.SelectMany(t =>
        {
            var table = set.FindTable(t.TableNo)!;
            return TableCellsValidator.Validate(table, reference.Catalogs.ForTable(set, table), t.Cells.Select(c => new CellInput(c.Row, c.Col, c.Value))).Value;
        }).ToList();
    }

    private static async Task BatchAsync(int count, string admin)
    {
        var database = $"fa_bench_{DateTime.UtcNow:yyyyMMddHHmmss}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection).ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
        var options = new DbContextOptionsBuilder<FinalAccountsDbContext>().UseNpgsql(connectionString, o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)).Options;
        var reference = ReferenceDataLoader.Load(null);
        var demo = DemoDataSeeder.ReadPublishedDemo().Reports[0];
        var original = CellsOf(reference, demo);

        var generate = Stopwatch.StartNew();
        await using (var db = new FinalAccountsDbContext(options))
        {
            await db.Database.MigrateAsync();
        }

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            var done = 0;
            foreach (var chunk in ReportGenerator.Departments(original, demo, count, seed: 2023, DateTimeOffset.UtcNow).Chunk(1000))
            {
                var cellsOf = chunk.ToDictionary(x => x.Report.Id, x => x.Report.Cells.ToList());
                await using (var db = new FinalAccountsDbContext(options))
                {
                    foreach (var (department, report) in chunk)
                    {
                        db.Departments.Add(department);
                        db.Reports.Add(report);
                        foreach (var cell in cellsOf[report.Id])
                        {
                            db.Entry(cell).State = EntityState.Detached; // cells go in by COPY below
                        }
                    }

                    await db.SaveChangesAsync();
                }

                await using (var copy = await connection.BeginBinaryImportAsync("COPY report_cells (\"ReportId\", \"TableNo\", \"RowKey\", \"Column\", \"Value\") FROM STDIN (FORMAT BINARY)"))
                {
                    foreach (var (_, report) in chunk)
                    {
                        foreach (var cell in cellsOf[report.Id])
                        {
                            await copy.StartRowAsync();
                            await copy.WriteAsync(report.Id, NpgsqlTypes.NpgsqlDbType.Uuid);
                            await copy.WriteAsync(cell.TableNo, NpgsqlTypes.NpgsqlDbType.Varchar);
                            await copy.WriteAsync(cell.RowKey, NpgsqlTypes.NpgsqlDbType.Varchar);
                            await copy.WriteAsync(cell.Column, NpgsqlTypes.NpgsqlDbType.Integer);
                            await copy.WriteAsync(cell.Value, NpgsqlTypes.NpgsqlDbType.Numeric);
                        }
                    }

                    await copy.CompleteAsync();
                }

                done += chunk.Length;
                Console.WriteLine($"generated {done}/{count}");
            }

            await new NpgsqlCommand("ANALYZE", connection).ExecuteNonQueryAsync();
        }

        Console.WriteLine($"generation: {generate.Elapsed.TotalSeconds:0.0} s");
        if (Environment.GetEnvironmentVariable("BENCH_EXPLAIN") == "1")
        {
            // How PostgreSQL reads one chunk's cells (the batch's main query), for looking into where time goes.
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var explain = new NpgsqlCommand(
                "EXPLAIN (ANALYZE, BUFFERS) SELECT \"ReportId\", \"TableNo\", \"RowKey\", \"Column\", \"Value\" FROM report_cells WHERE \"ReportId\" = ANY(ARRAY(SELECT \"Id\" FROM reports ORDER BY \"Id\" LIMIT 500))", connection);
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Console.WriteLine(reader.GetString(0));
            }
        }

        var factory = new PooledDbContextFactory<FinalAccountsDbContext>(options);
        var service = new ReconciliationService(factory, reference, TimeProvider.System);
        var batches = new ReconciliationBatches(factory, service, TimeProvider.System, NullLogger<ReconciliationBatches>.Instance);
        var (total, reconciled) = (0, 0);
        var clock = Stopwatch.StartNew();
        using var progress = new Timer(_ => Console.WriteLine($"progress {reconciled}/{total} {clock.Elapsed.TotalSeconds:0.0} s"), null, 1000, 1000);
        var result = await batches.RunAsync(
            new BatchParameters(demo.FiscalYear, ""),
            (n, _) => { total = n; return Task.CompletedTask; },
            (n, _) => { reconciled += n; return Task.CompletedTask; },
            CancellationToken.None);
        clock.Stop();
        Console.WriteLine($"batch: {reconciled} reports reconciled from PostgreSQL and stored in {clock.Elapsed.TotalSeconds:0.0} s " +
                          $"({reconciled / clock.Elapsed.TotalSeconds:0} reports/s); with errors: {result.WithErrors}; " +
                          $"reading cells {result.Timings?.Load:0.0} s (beside evaluation), evaluating {result.Timings?.Evaluate:0.0} s, storing {result.Timings?.Store:0.0} s");

        await using (var db = new FinalAccountsDbContext(options))
        {
            Console.WriteLine($"stored results: {await db.Reconciliations.CountAsync()}");
        }
    }
}
