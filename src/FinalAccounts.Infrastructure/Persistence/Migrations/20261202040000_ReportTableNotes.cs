using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FinalAccounts.Infrastructure.Persistence.Migrations;

/// <summary>
/// A department's own note under a table (issue 13: “本年度没有…，故本表无数据”), printed instead of the template's
/// <c>emptyNote</c> (ADR 0020).
/// </summary>
[DbContext(typeof(FinalAccountsDbContext))]
[Migration("20261202040000_ReportTableNotes")]
public sealed class ReportTableNotes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "report_table_notes",
            columns: table => new
            {
                ReportId = table.Column<Guid>(nullable: false),
                TableNo = table.Column<string>(maxLength: 10, nullable: false),
                Text = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_report_table_notes", x => new { x.ReportId, x.TableNo });
                table.ForeignKey("FK_report_table_notes_reports_ReportId", x => x.ReportId, "reports", "Id", onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("report_table_notes");
}
