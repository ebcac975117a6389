using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Reports;

namespace FinalAccounts.Application.Reports;

/// <summary>One table of the report the caller may see (see <see cref="ReadReport"/>).</summary>
public sealed class ReadTable(ReportSteps steps)
{
    public async Task<Result<TableState>> ExecuteAsync(Caller caller, string code, int year, string tableNo, CancellationToken cancellationToken = default)
    {
        await using var db = await steps.OpenAsync(cancellationToken);
        var loaded = await steps.LoadReadableAsync(db, caller, code, year, cancellationToken);
        if (!loaded.IsSuccess)
        {
            return Result<TableState>.Failure(loaded.Errors);
        }

        var (report, department) = loaded.Value;
        return steps.TemplateOf(report)?.FindTable(tableNo) is null
            ? ReportSteps.Fail<TableState>("table.not_found", $"模板 {report.TemplateSetId} 没有表 {tableNo}")
            : Result<TableState>.Success(new TableState(report, department, tableNo, report.CellsOf(tableNo).ToList()));
    }
}
