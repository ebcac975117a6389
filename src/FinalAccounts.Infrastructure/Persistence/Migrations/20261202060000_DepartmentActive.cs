using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FinalAccounts.Infrastructure.Persistence.Migrations;

/// <summary>A department can be deactivated (issue 13): no new reports, its published ones stay public.</summary>
[DbContext(typeof(FinalAccountsDbContext))]
[Migration("20261202060000_DepartmentActive")]
public sealed class DepartmentActive : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>(name: "Active", table: "departments", nullable: false, defaultValue: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "Active", table: "departments");
    }
}
