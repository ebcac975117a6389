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

        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            errors.Add(new DomainError("department.bad_name", "部门名称不能为空，且不超过 200 个字符", "name"));
        }

        if (string.IsNullOrWhiteSpace(region) || string.IsNullOrWhiteSpace(level))
        {
            errors.Add(new DomainError("department.bad_region", "地区和级次不能为空", "region"));
        }

        TextRules.Check(errors, name, "部门名称", "name");
        TextRules.Check(errors, region, "地区", "region");
        TextRules.Check(errors, level, "级次", "level");
        foreach (var alias in aliases ?? [])
        {
            TextRules.Check(errors, alias, "部门别名", "aliases");
        }

        if (errors.Count > 0)
        {
            return Result<Department>.Failure(errors);
        }

        await using var db = await contexts.CreateDbContextAsync();
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
