using FinalAccounts.Domain.Common;
using FinalAccounts.Infrastructure.Reports;

namespace FinalAccounts.Application.Reports;

/// <summary>A report as the caller may see it: the working revision for those who may read it, otherwise the latest published one.</summary>
public sealed class ReadReport(ReportSteps steps)
{
    public async Task<Result<ReportView>> ExecuteAsync(Caller caller, string code, int year, CancellationToken cancellationToken = default)
    {
        await using var db = await steps.OpenAsync(cancellationToken);
        return await steps.LoadReadableAsync(db, caller, code, year, cancellationToken);
    }
}
