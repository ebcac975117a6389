using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Departments;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reports;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Application.Accounts;

/// <summary>An administrator adds a department (code, name, region, level, aliases); every field is checked and named when wrong.</summary>
public sealed class CreateDepartment(IDbContextFactory<FinalAccountsDbContext> contexts, TimeProvider clock)
{
    public async Task<Result<Department>> ExecuteAsync(Caller caller, string code, string name, string region, string level, IReadOnlyList<string>? aliases)
    {
        if (!AccessPolicy.CanManage(caller.Actor))
        {
            return Result<Department>.Failure(new DomainError("department.forbidden", "只有管理员才能新增部门"));
        }

        var errors = new List<DomainError>();
        if (string.IsNullOrWhiteSpace(code) || code.Length > 64 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            errors.Add(new DomainError("department.bad_code", "部门编码只能由字母、数字和连字符组成，且不超过 64 个字符", "code"));
        }

        DepartmentFields.Check(errors, name, region, level, aliases);
        if (errors.Count > 0)
        {
            return Result<Department>.Failure(errors);
        }

        await using var db = await contexts.CreateDbContextAsync();
        if (await DepartmentFields.UnknownRegionAsync(db, region) is { } unknown)
        {
            return Result<Department>.Failure(unknown);
        }

        if (await db.Departments.AnyAsync(d => d.Code == code))
        {
            return Result<Department>.Failure(new DomainError("department.conflict", $"部门编码“{code}”已存在", "code"));
        }

        var department = new Department(code, name.Trim(), region.Trim(), level.Trim());
        foreach (var alias in aliases ?? [])
        {
            department.AddAlias(alias);
        }

        db.Departments.Add(department);
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), caller.UserName, caller.Address, AuditActions.DepartmentCreate, $"新增部门 {code} {name}"));
        await db.SaveChangesAsync();
        return Result<Department>.Success(department);
    }
}

/// <summary>The checks a department's fields get on creation and on every edit, each error naming its field.</summary>
internal static class DepartmentFields
{
    /// <summary>
    /// A department's region must be a path of the region tree (ADR 0023), e.g. 江西省景德镇市: reviewers, batches and
    /// the region pages find departments by it.
    /// </summary>
    public static async Task<DomainError?> UnknownRegionAsync(FinalAccountsDbContext db, string region)
    {
        var path = region.Trim();
        return await db.Regions.AnyAsync(r => r.FullName == path)
            ? null
            : new DomainError("department.unknown_region",
                $"地区“{path}”不在区划树中：请从区划树中选择（如 江西省景德镇市，见 GET /api/regions 或 /regions），或由管理员先添加该区划（PUT /api/regions/{{代码}}）", "region");
    }

    public static void Check(List<DomainError> errors, string name, string region, string level, IReadOnlyList<string>? aliases)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            errors.Add(new DomainError("department.bad_name", "部门名称不能为空，且不超过 200 个字符", "name"));
        }

        if (string.IsNullOrWhiteSpace(region) || string.IsNullOrWhiteSpace(level) || region.Trim().Length > 100 || level.Trim().Length > 50)
        {
            errors.Add(new DomainError("department.bad_region", "地区和级次不能为空，地区不超过 100 个字符，级次不超过 50 个字符", "region"));
        }

        TextRules.Check(errors, name, "部门名称", "name");
        TextRules.Check(errors, region, "地区", "region");
        TextRules.Check(errors, level, "级次", "level");
        foreach (var alias in aliases ?? [])
        {
            TextRules.Check(errors, alias, "部门别名", "aliases");
            if (alias.Trim().Length > 200)
            {
                errors.Add(new DomainError("department.bad_alias", $"部门别名“{alias[..20]}…”超过 200 个字符", "aliases"));
            }
        }
    }
}

/// <summary>
/// An administrator corrects a department's name, region, level and aliases (the code stays). Moving a department to
/// another region moves it to that region's reviewers; the audit entry records old → new.
/// </summary>
public sealed class UpdateDepartment(IDbContextFactory<FinalAccountsDbContext> contexts, TimeProvider clock)
{
    public async Task<Result<Department>> ExecuteAsync(Caller caller, string code, string name, string region, string level, IReadOnlyList<string>? aliases, bool? active = null)
    {
        if (!AccessPolicy.CanManage(caller.Actor))
        {
            return Result<Department>.Failure(new DomainError("department.forbidden", "只有管理员才能修改部门"));
        }

        var errors = new List<DomainError>();
        DepartmentFields.Check(errors, name, region, level, aliases);
        if (errors.Count > 0)
        {
            return Result<Department>.Failure(errors);
        }

        await using var db = await contexts.CreateDbContextAsync();
        var department = await db.Departments.SingleOrDefaultAsync(d => d.Code == code);
        if (department is null)
        {
            return Result<Department>.Failure(new DomainError("department.not_found", $"部门“{code}”不存在"));
        }

        // A region not in the tree is refused only when it changes: a department kept from before the tree can still be renamed.
        if (region.Trim() != department.Region && await DepartmentFields.UnknownRegionAsync(db, region) is { } unknown)
        {
            return Result<Department>.Failure(unknown);
        }

        static string Describe(Department d) => $"{d.Name}｜{d.Region}｜{d.Level}｜{string.Join("、", d.Aliases.Select(a => a.Name))}｜{(d.Active ? "在用" : "停用")}";
        var before = Describe(department);
        department.Update(name, region, level, aliases ?? []);
        if (active is { } isActive)
        {
            department.SetActive(isActive);
        }

        var after = Describe(department);
        if (before != after)
        {
            department.IncrementVersion();
            db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), caller.UserName, caller.Address, AuditActions.DepartmentChange, $"修改部门 {code}：{before} → {after}（名称｜地区｜级次｜别名｜状态）"));
            await db.SaveChangesAsync();
        }

        return Result<Department>.Success(department);
    }
}
