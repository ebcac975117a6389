using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Infrastructure.Reports;

namespace FinalAccounts.Application.Reports;

/// <summary>
/// TO BE REMOVED once the entry grid (Components/Workspace/TableEditor.razor, being rewritten) calls the use cases
/// directly. Only the calls that editor makes, with their old signatures, each delegating to its use case; nothing
/// else may use this class.
/// </summary>
public sealed class ReportCommands(ReadTable readTable, SaveTable saveTable, SubmitReport submit, ReturnReport @return, ApproveReport approve, PublishReport publish)
{
    public Task<Result<TableState>> ReadTableAsync(Caller caller, string code, int year, string tableNo, CancellationToken cancellationToken = default) =>
        readTable.ExecuteAsync(caller, code, year, tableNo, cancellationToken);

    public async Task<Result<(TableState State, IReadOnlyList<CellChange> Changes, SaveConflict? Conflict)>> SaveTableAsync(
        Caller caller, string code, int year, string tableNo, IReadOnlyList<CellInput>? cells, int? expectedVersion, CancellationToken cancellationToken = default, bool clear = false)
    {
        var saved = await saveTable.ExecuteAsync(caller, code, year, tableNo, cells, expectedVersion, clear, cancellationToken);
        return saved.IsSuccess
            ? Result<(TableState, IReadOnlyList<CellChange>, SaveConflict?)>.Success((saved.Value.State, saved.Value.Changes, saved.Value.Conflict))
            : Result<(TableState, IReadOnlyList<CellChange>, SaveConflict?)>.Failure(saved.Errors);
    }

    public async Task<Result<Report>> SubmitAsync(Caller caller, string code, int year, IReadOnlyDictionary<string, string> explanations, CancellationToken cancellationToken = default) =>
        ReportOf(await submit.ExecuteAsync(caller, code, year, explanations, cancellationToken));

    public async Task<Result<Report>> ReturnAsync(Caller caller, string code, int year, IReadOnlyList<ReviewComment> comments, CancellationToken cancellationToken = default) =>
        ReportOf(await @return.ExecuteAsync(caller, code, year, comments, cancellationToken));

    public async Task<Result<Report>> ApproveAsync(Caller caller, string code, int year, CancellationToken cancellationToken = default) =>
        ReportOf(await approve.ExecuteAsync(caller, code, year, cancellationToken));

    public async Task<Result<Report>> PublishAsync(Caller caller, string code, int year, CancellationToken cancellationToken = default) =>
        ReportOf(await publish.ExecuteAsync(caller, code, year, cancellationToken));

    private static Result<Report> ReportOf(Result<StatusChanged> result) =>
        result.IsSuccess ? Result<Report>.Success(result.Value.Report) : Result<Report>.Failure(result.Errors);
}
