using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FinalAccounts.Infrastructure.Persistence.Migrations;

/// <summary>The latest reconciliation of each report, with the hash of the data it checked.</summary>
[DbContext(typeof(FinalAccountsDbContext))]
[Migration("20261122020000_Reconciliations")]
public sealed class Reconciliations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "reconciliations",
            columns: table => new
            {
                ReportId = table.Column<Guid>(nullable: false),
                DataHash = table.Column<string>(maxLength: 64, nullable: false),
                RuleSetVersion = table.Column<string>(maxLength: 32, nullable: false),
                CheckedAt = table.Column<DateTimeOffset>(nullable: false),
                Errors = table.Column<int>(nullable: false),
                Warnings = table.Column<int>(nullable: false),
                Infos = table.Column<int>(nullable: false),
                Passed = table.Column<int>(nullable: false),
                Tails = table.Column<int>(nullable: false),
                ResultJson = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_reconciliations", x => x.ReportId);
                table.ForeignKey("FK_reconciliations_reports_ReportId", x => x.ReportId, "reports", "Id", onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("reconciliations");
}
