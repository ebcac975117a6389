using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FinalAccounts.Infrastructure.Persistence.Migrations;

/// <summary>
/// 情况说明 entry (issue 11): the named inputs the text states that are not in the tables (年初预算 per 类, 机关运行经费,
/// 政府采购, last year's figures), and a revision's 更正说明.
/// </summary>
[DbContext(typeof(FinalAccountsDbContext))]
[Migration("20261202010000_NarrativeInputsRevisionNote")]
public sealed class NarrativeInputsRevisionNote : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "RevisionNote", table: "reports", nullable: true);

        migrationBuilder.CreateTable(
            name: "report_narrative_inputs",
            columns: table => new
            {
                ReportId = table.Column<Guid>(nullable: false),
                Key = table.Column<string>(maxLength: 100, nullable: false),
                Value = table.Column<decimal>(precision: 18, scale: 4, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_report_narrative_inputs", x => new { x.ReportId, x.Key });
                table.ForeignKey("FK_report_narrative_inputs_reports_ReportId", x => x.ReportId, "reports", "Id", onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("report_narrative_inputs");
        migrationBuilder.DropColumn(name: "RevisionNote", table: "reports");
    }
}
