using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Departments;
using FinalAccounts.Infrastructure.Reports;

namespace FinalAccounts.Application.Reports;

/// <summary>The workspace overview: the latest revision of every report the caller works on, and the departments an officer may create reports for.</summary>
public sealed record WorkspaceOverview(IReadOnlyList<WorkItem> Reports, IReadOnlyList<Department> OwnDepartments);

/// <summary>
/// What the workspace lists for the caller: officers their departments' reports, reviewers their region's,
/// administrators all (<see cref="ReportQueries.WorkspaceAsync"/>); the public nothing.
/// </summary>
public sealed class ReadWorkspace(ReportQueries queries)
{
    public async Task<Result<WorkspaceOverview>> ExecuteAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        if (caller.Actor is not { } actor)
        {
            return Result<WorkspaceOverview>.Success(new WorkspaceOverview([], []));
        }

        var reports = await queries.WorkspaceAsync(actor, cancellationToken);
        var own = actor.Is(Roles.Officer) ? await queries.DepartmentsAsync(actor.Departments, cancellationToken) : [];
        return Result<WorkspaceOverview>.Success(new WorkspaceOverview(reports, own));
    }
}
