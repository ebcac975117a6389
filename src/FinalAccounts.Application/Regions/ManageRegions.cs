using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Regions;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Regions;
using FinalAccounts.Infrastructure.Reports;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Application.Regions;

/// <summary>What a save did: the region as it now is, whether it was added, and how many departments followed a rename.</summary>
public sealed record RegionSaved(Region Region, bool Added, int RegionsRenamed, int DepartmentsMoved);

/// <summary>
/// The region tree (ADR 0023): anyone reads it; administrators add a region or rename one (audited). A rename carries
/// the new path to every region below and to the region strings of the departments in it, so no department is left
/// naming a path the tree no longer has.
/// </summary>
public sealed class ManageRegions(IDbContextFactory<FinalAccountsDbContext> contexts, RegionStore store, TimeProvider clock)
{
    public Task<RegionTree> TreeAsync(CancellationToken cancellationToken = default) => store.TreeAsync(cancellationToken);

    public async Task<Result<RegionSaved>> SaveAsync(Caller caller, string code, string? name, string? level, string? parentCode, bool synthetic, CancellationToken cancellationToken = default)
    {
        if (!AccessPolicy.CanManage(caller.Actor))
        {
            return Result<RegionSaved>.Failure(new DomainError("region.forbidden", "只有管理员才能添加或修改区划"));
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tree = await RegionStore.TreeAsync(db, cancellationToken);
        var planned = tree.Plan(code, name, level, parentCode, synthetic);
        if (!planned.IsSuccess)
        {
            return Result<RegionSaved>.Failure(planned.Errors);
        }

        var change = planned.Value;
        var now = clock.GetUtcNow();
        if (change.Added is { } added)
        {
            db.Regions.Add(added);
            db.AuditEntries.Add(new AuditEntry(now, caller.UserName, caller.Address, AuditActions.RegionAdd,
                $"添加区划 {added.Code} {added.FullName}（{Region.LevelName(added.Level)}级{(added.Synthetic ? "，演示数据" : "")}）"));
            await db.SaveChangesAsync(cancellationToken);
            return Result<RegionSaved>.Success(new RegionSaved(added, true, 0, 0));
        }

        if (change.Renamed.Count == 0)
        {
            return Result<RegionSaved>.Success(new RegionSaved(change.Existing!, false, 0, 0)); // same name: nothing to write
        }

        var codes = change.Renamed.Select(r => r.Region.Code).ToList();
        var tracked = await db.Regions.Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, cancellationToken);
        foreach (var (region, fullName) in change.Renamed)
        {
            tracked[region.Code].Rename(region.Code == change.Existing!.Code ? change.Name : region.Name, fullName);
        }

        var oldPath = change.OldFullName!;
        var departments = await db.Departments.Where(d => d.Region.StartsWith(oldPath)).ToListAsync(cancellationToken);
        foreach (var department in departments)
        {
            department.Update(department.Name, change.Moved(department.Region), department.Level, department.Aliases.Select(a => a.Name).ToList());
        }

        db.AuditEntries.Add(new AuditEntry(now, caller.UserName, caller.Address, AuditActions.RegionRename,
            $"区划 {change.Existing!.Code} 改名：{oldPath} → {change.FullName}（下级区划 {change.Renamed.Count - 1} 个、部门 {departments.Count} 个随之更新；审核人的地区范围不变）"));
        await db.SaveChangesAsync(cancellationToken);
        return Result<RegionSaved>.Success(new RegionSaved(tracked[change.Existing.Code], false, change.Renamed.Count, departments.Count));
    }
}
