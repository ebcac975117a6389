using System.Text.Json;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Templates;

namespace FinalAccounts.Infrastructure.Seeding;

/// <summary>
/// Loads the demo departments shipped in <c>Data/demo/departments.json</c> (the real 景德镇市政务服务数据管理局 2023
/// 部门决算, published). Idempotent: departments already present are left alone.
/// </summary>
public sealed class DemoDataSeeder(DepartmentDataImporter importer)
{
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>The department whose published 2023 report is the demo (the other, seed 004's, is a 绩效-only draft).</summary>
    public const string PublishedDemoCode = "jdz-zwsjglj";

    /// <summary>The published demo department as shipped (tests and benchmarks use it as a realistic report).</summary>
    public static DepartmentData ReadPublishedDemo() => ReadDemoData().Single(d => d.Department.Code == PublishedDemoCode);

    /// <summary>The demo departments as shipped.</summary>
    public static List<DepartmentData> ReadDemoData()
    {
        var departments = JsonSerializer.Deserialize<List<DepartmentData>>(ReferenceDataLoader.ReadEmbedded("demo/departments.json"), JsonOptions) ?? [];
        var performance = JsonSerializer.Deserialize<List<PerformanceData>>(ReferenceDataLoader.ReadEmbedded("demo/performance.json"), JsonOptions) ?? [];
        return departments.Select(d => d with
        {
            Reports = d.Reports.Select(r => performance.FirstOrDefault(p => p.Department == d.Department.Code && p.FiscalYear == r.FiscalYear) is { } p
                ? r with { Performance = p.Performance }
                : r).ToList(),
        }).ToList();
    }

    /// <summary>An entry of demo/performance.json: the 绩效 document of one department-year.</summary>
    private sealed record PerformanceData(string Department, int FiscalYear, JsonElement Performance);

    public async Task<int> SeedAsync(FinalAccountsDbContext db, CancellationToken cancellationToken = default)
    {
        var departments = ReadDemoData();
        var added = 0;
        foreach (var department in departments)
        {
            var result = await importer.ImportAsync(db, department, cancellationToken);
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException("演示数据无效：" + string.Join("；", result.Errors));
            }

            added += result.Value ? 1 : 0;
        }

        return added;
    }
}
