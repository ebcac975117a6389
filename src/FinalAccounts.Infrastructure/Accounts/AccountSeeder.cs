using FinalAccounts.Domain.Accounts;
using FinalAccounts.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FinalAccounts.Infrastructure.Accounts;

/// <summary>
/// Roles, the first administrator (<c>admin</c>, password from <c>FINALACCOUNTS_ADMIN_PASSWORD</c> or
/// <c>FinalAccounts:AdminPassword</c>) and, in Development only, the demo accounts listed in the README.
/// </summary>
public sealed class AccountSeeder(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IDbContextFactory<FinalAccountsDbContext> contexts, ILogger<AccountSeeder> logger)
{
    public const string DemoPassword = "Demo#2023pass";

    public async Task SeedAsync(string? adminPassword, bool development)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        var password = string.IsNullOrWhiteSpace(adminPassword) && development ? DemoPassword : adminPassword;
        if (string.IsNullOrWhiteSpace(password))
        {
            if (await users.FindByNameAsync("admin") is null)
            {
                logger.LogWarning("No administrator: set FINALACCOUNTS_ADMIN_PASSWORD to create the user 'admin'.");
            }
        }
        else
        {
            await EnsureAsync("admin", "系统管理员", password, [Roles.Admin], null, []);
        }

        if (development)
        {
            await using var db = await contexts.CreateDbContextAsync();
            var demo = await db.Departments.Where(d => d.Code == "jdz-zwsjglj").Select(d => d.Id).ToListAsync();
            await EnsureAsync("officer", "演示填报人", DemoPassword, [Roles.Officer], null, demo);
            await EnsureAsync("reviewer", "演示审核人", DemoPassword, [Roles.Reviewer], "江西省", []);
            // The second demo department: its 2022 draft holds only seed 004's 部门整体支出绩效自评表.
            var nanchang = await db.Departments.Where(d => d.Code == "nc-zwfwsjglj").Select(d => d.Id).ToListAsync();
            await EnsureAsync("officer-nc", "演示填报人（南昌）", DemoPassword, [Roles.Officer], null, nanchang);
        }
    }

    private async Task EnsureAsync(string userName, string displayName, string password, string[] userRoles, string? region, IReadOnlyList<Guid> departments)
    {
        if (await users.FindByNameAsync(userName) is not null)
        {
            return;
        }

        var user = new AppUser { UserName = userName, DisplayName = displayName, Region = region, LockoutEnabled = true };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"无法创建用户 {userName}：{string.Join("；", result.Errors.Select(e => e.Description))}");
        }

        await users.AddToRolesAsync(user, userRoles);
        await using var db = await contexts.CreateDbContextAsync();
        db.UserDepartments.AddRange(departments.Select(d => new UserDepartment { UserId = user.Id, DepartmentId = d }));
        await db.SaveChangesAsync();
    }
}
