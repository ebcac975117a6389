using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FinalAccounts.Infrastructure.Persistence.Migrations;

/// <summary>
/// The region tree (issue 13.1, ADR 0023): 行政区划代码, name, level, parent and the full path a department's region
/// string names; seeded from <c>Data/regions/regions.csv</c> at start when empty.
/// </summary>
[DbContext(typeof(FinalAccountsDbContext))]
[Migration("20261203010000_Regions")]
public sealed class Regions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "regions",
            columns: table => new
            {
                Code = table.Column<string>(maxLength: 6, nullable: false),
                Name = table.Column<string>(maxLength: 50, nullable: false),
                Level = table.Column<int>(nullable: false),
                ParentCode = table.Column<string>(maxLength: 6, nullable: true),
                FullName = table.Column<string>(maxLength: 100, nullable: false),
                Synthetic = table.Column<bool>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_regions", x => x.Code));
        migrationBuilder.CreateIndex(name: "IX_regions_FullName", table: "regions", column: "FullName", unique: true);
        migrationBuilder.CreateIndex(name: "IX_regions_ParentCode", table: "regions", column: "ParentCode");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("regions");
    }
}
