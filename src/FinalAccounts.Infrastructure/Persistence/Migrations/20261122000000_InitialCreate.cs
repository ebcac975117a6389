using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FinalAccounts.Infrastructure.Persistence.Migrations;

/// <summary>
/// Departments, reports (概况, 情况说明, 名词解释) and report cells. Hand-written (docs/adr/0004): columns are declared
/// without a store type so each provider picks its own (numeric(18,2) on PostgreSQL, TEXT on SQLite).
/// </summary>
[DbContext(typeof(FinalAccountsDbContext))]
[Migration("20261122000000_InitialCreate")]
public sealed class InitialCreate : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "departments",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Code = table.Column<string>(maxLength: 64, nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                Region = table.Column<string>(maxLength: 100, nullable: false),
                Level = table.Column<string>(maxLength: 50, nullable: false),
                Duties = table.Column<string>(nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_departments", x => x.Id));

        migrationBuilder.CreateTable(
            name: "department_aliases",
            columns: table => new
            {
                DepartmentId = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_department_aliases", x => new { x.DepartmentId, x.Name });
                table.ForeignKey("FK_department_aliases_departments_DepartmentId", x => x.DepartmentId, "departments", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "department_units",
            columns: table => new
            {
                DepartmentId = table.Column<Guid>(nullable: false),
                Seq = table.Column<string>(maxLength: 10, nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                BudgetLevel = table.Column<string>(maxLength: 50, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_department_units", x => new { x.DepartmentId, x.Seq });
                table.ForeignKey("FK_department_units_departments_DepartmentId", x => x.DepartmentId, "departments", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "reports",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                DepartmentId = table.Column<Guid>(nullable: false),
                FiscalYear = table.Column<int>(nullable: false),
                Revision = table.Column<int>(nullable: false),
                TemplateSetId = table.Column<string>(maxLength: 64, nullable: false),
                Status = table.Column<string>(maxLength: 20, nullable: false),
                NameInHeaders = table.Column<string>(maxLength: 200, nullable: false),
                Duties = table.Column<string>(nullable: false),
                StaffActive = table.Column<int>(nullable: true),
                StaffRetired = table.Column<int>(nullable: true),
                StaffOther = table.Column<int>(nullable: true),
                StaffRetiredPaidByPensionFund = table.Column<int>(nullable: true),
                CreatedAt = table.Column<DateTimeOffset>(nullable: false),
                UpdatedAt = table.Column<DateTimeOffset>(nullable: false),
                PublishedAt = table.Column<DateTimeOffset>(nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_reports", x => x.Id);
                table.ForeignKey("FK_reports_departments_DepartmentId", x => x.DepartmentId, "departments", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex("IX_departments_Code", "departments", "Code", unique: true);
        migrationBuilder.CreateIndex("IX_reports_DepartmentId_FiscalYear_Revision", "reports", ["DepartmentId", "FiscalYear", "Revision"], unique: true);

        migrationBuilder.CreateTable(
            name: "report_units",
            columns: table => new
            {
                ReportId = table.Column<Guid>(nullable: false),
                Seq = table.Column<string>(maxLength: 10, nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                BudgetLevel = table.Column<string>(maxLength: 50, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_report_units", x => new { x.ReportId, x.Seq });
                table.ForeignKey("FK_report_units_reports_ReportId", x => x.ReportId, "reports", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "report_narrative_sections",
            columns: table => new
            {
                ReportId = table.Column<Guid>(nullable: false),
                Order = table.Column<int>(nullable: false),
                Heading = table.Column<string>(maxLength: 200, nullable: false),
                Text = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_report_narrative_sections", x => new { x.ReportId, x.Order });
                table.ForeignKey("FK_report_narrative_sections_reports_ReportId", x => x.ReportId, "reports", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "report_glossary_terms",
            columns: table => new
            {
                ReportId = table.Column<Guid>(nullable: false),
                Order = table.Column<int>(nullable: false),
                Term = table.Column<string>(maxLength: 200, nullable: false),
                Definition = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_report_glossary_terms", x => new { x.ReportId, x.Order });
                table.ForeignKey("FK_report_glossary_terms_reports_ReportId", x => x.ReportId, "reports", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "report_cells",
            columns: table => new
            {
                ReportId = table.Column<Guid>(nullable: false),
                TableNo = table.Column<string>(maxLength: 4, nullable: false),
                RowKey = table.Column<string>(maxLength: 20, nullable: false),
                Column = table.Column<int>(nullable: false),
                Value = table.Column<decimal>(precision: 18, scale: 2, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_report_cells", x => new { x.ReportId, x.TableNo, x.RowKey, x.Column });
                table.ForeignKey("FK_report_cells_reports_ReportId", x => x.ReportId, "reports", "Id", onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("report_cells");
        migrationBuilder.DropTable("report_glossary_terms");
        migrationBuilder.DropTable("report_narrative_sections");
        migrationBuilder.DropTable("report_units");
        migrationBuilder.DropTable("reports");
        migrationBuilder.DropTable("department_units");
        migrationBuilder.DropTable("department_aliases");
        migrationBuilder.DropTable("departments");
    }
}
