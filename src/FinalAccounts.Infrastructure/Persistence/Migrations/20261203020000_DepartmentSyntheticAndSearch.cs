using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FinalAccounts.Infrastructure.Persistence.Migrations;

/// <summary>
/// Issue 14: departments marked as synthetic demo data (演示数据), and the full-text index of published 情况说明
/// (CJK character bigrams per paragraph, ADR 0025).
/// </summary>
[DbContext(typeof(FinalAccountsDbContext))]
[Migration("20261203020000_DepartmentSyntheticAndSearch")]
public sealed class DepartmentSyntheticAndSearch : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>(name: "Synthetic", table: "departments", nullable: false, defaultValue: false);

        migrationBuilder.CreateTable(
            name: "search_paragraphs",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ReportId = table.Column<Guid>(nullable: false),
                DepartmentId = table.Column<Guid>(nullable: false),
                FiscalYear = table.Column<int>(nullable: false),
                SectionOrder = table.Column<int>(nullable: false),
                Heading = table.Column<string>(maxLength: 200, nullable: false),
                Ordinal = table.Column<int>(nullable: false),
                Text = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_search_paragraphs", x => x.Id);
                table.ForeignKey(
                    name: "FK_search_paragraphs_reports_ReportId",
                    column: x => x.ReportId,
                    principalTable: "reports",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_search_paragraphs_ReportId", table: "search_paragraphs", column: "ReportId");
        migrationBuilder.CreateIndex(name: "IX_search_paragraphs_DepartmentId_FiscalYear", table: "search_paragraphs", columns: ["DepartmentId", "FiscalYear"]);

        migrationBuilder.CreateTable(
            name: "search_terms",
            columns: table => new
            {
                Term = table.Column<string>(maxLength: 40, nullable: false),
                ParagraphId = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_search_terms", x => new { x.Term, x.ParagraphId });
                table.ForeignKey(
                    name: "FK_search_terms_search_paragraphs_ParagraphId",
                    column: x => x.ParagraphId,
                    principalTable: "search_paragraphs",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_search_terms_ParagraphId", table: "search_terms", column: "ParagraphId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "search_terms");
        migrationBuilder.DropTable(name: "search_paragraphs");
        migrationBuilder.DropColumn(name: "Synthetic", table: "departments");
    }
}
