using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reconciliation;
using FinalAccounts.Infrastructure.Search;
using FinalAccounts.Infrastructure.Templates;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Infrastructure.Seeding;

/// <summary>
/// Stores the synthetic demo region (<see cref="SyntheticRegion"/>) when <c>FinalAccounts:Demo:SyntheticRegion</c> is
/// on (<c>scripts/run.sh</c>; off by default, so test portals never see it unless a test asks). One save, one
/// transaction; published reports are indexed for search in the same save. Idempotent.
/// </summary>
public sealed class SyntheticRegionSeeder(ReferenceData reference, ReconciliationService reconciliation, TimeProvider clock)
{
    /// <summary>The 出错说明 of the submitted demo report's failing warnings (the real report's own differences).</summary>
    public const string Explanation = "演示数据：沿用所依据的真实决算中的差异。";

    public async Task<int> SeedAsync(FinalAccountsDbContext db, CancellationToken cancellationToken = default)
    {
        var first = SyntheticRegion.Plans[0].Code;
        if (await db.Departments.AnyAsync(d => d.Code == first, cancellationToken))
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var generated = SyntheticRegion.Generate(reference, now);
        foreach (var (department, reports) in generated)
        {
            foreach (var (report, status) in reports)
            {
                if (status == ReportStatus.Published)
                {
                    report.PublishImported(now);
                    SearchIndex.Stage(db, report);
                }
                else if (status == ReportStatus.Submitted)
                {
                    var result = reconciliation.Evaluate(report, department)?.Result ?? throw new InvalidOperationException($"模板 {report.TemplateSetId} 没有审核规则");
                    var explanations = result.Rules.Where(r => r.Status == Domain.Reconciliation.CheckStatus.Fail).ToDictionary(r => r.Rule.Id, _ => Explanation);
                    var submitted = report.Submit(result, explanations, now);
                    if (!submitted.IsSuccess)
                    {
                        throw new InvalidOperationException("演示数据无效：" + string.Join("；", submitted.Errors));
                    }
                }
            }

            db.Departments.Add(department);
            db.Reports.AddRange(reports.Select(r => r.Report));
        }

        await db.SaveChangesAsync(cancellationToken);
        return generated.Count;
    }
}
