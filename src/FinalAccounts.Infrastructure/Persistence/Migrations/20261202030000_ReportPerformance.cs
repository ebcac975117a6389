using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FinalAccounts.Infrastructure.Persistence.Migrations;

/// <summary>
/// 绩效 (issue 12, ADR 0017): a report's self-evaluation tables, 部门评价 and 财政评价结果反馈 as one JSON document,
/// owned by the report (deleted with it, copied into a new revision).
/// </summary>
[DbContext(typeof(FinalAccountsDbContext))]
[Migration("20261202030000_ReportPerformance")]
public sealed class ReportPerformance : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "report_performance",
            columns: table => new
            {
                ReportId = table.Column<Guid>(nullable: false),
                Document = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_report_performance", x => x.ReportId);
                table.ForeignKey("FK_report_performance_reports_ReportId", x => x.ReportId, "reports", "Id", onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("report_performance");
    }
}
