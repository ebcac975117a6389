using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FinalAccounts.Infrastructure.Persistence.Migrations;

/// <summary>
/// Catalogues in the database (issue 13, ADR 0019): versions per year and kind with their codes, the year-to-year
/// code mappings, and the printed names of coded rows entered before their code was in the catalogue.
/// </summary>
[DbContext(typeof(FinalAccountsDbContext))]
[Migration("20261202040000_CatalogVersions")]
public sealed class CatalogVersions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "catalog_versions",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Year = table.Column<int>(nullable: false),
                Kind = table.Column<string>(maxLength: 20, nullable: false),
                Version = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTimeOffset>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 256, nullable: false),
                Source = table.Column<string>(maxLength: 300, nullable: false),
                Count = table.Column<int>(nullable: false),
                Added = table.Column<int>(nullable: false),
                Renamed = table.Column<int>(nullable: false),
                Removed = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_catalog_versions", x => x.Id));
        migrationBuilder.CreateIndex("IX_catalog_versions_Year_Kind_Version", "catalog_versions", ["Year", "Kind", "Version"], unique: true);

        migrationBuilder.CreateTable(
            name: "catalog_entries",
            columns: table => new
            {
                VersionId = table.Column<Guid>(nullable: false),
                Code = table.Column<string>(maxLength: 20, nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_catalog_entries", x => new { x.VersionId, x.Code });
                table.ForeignKey("FK_catalog_entries_catalog_versions_VersionId", x => x.VersionId, "catalog_versions", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "catalog_mappings",
            columns: table => new
            {
                FromYear = table.Column<int>(nullable: false),
                ToYear = table.Column<int>(nullable: false),
                Kind = table.Column<string>(maxLength: 20, nullable: false),
                FromCode = table.Column<string>(maxLength: 20, nullable: false),
                ToCode = table.Column<string>(maxLength: 20, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_catalog_mappings", x => new { x.FromYear, x.ToYear, x.Kind, x.FromCode, x.ToCode }));

        migrationBuilder.CreateTable(
            name: "report_printed_code_names",
            columns: table => new
            {
                ReportId = table.Column<Guid>(nullable: false),
                TableNo = table.Column<string>(maxLength: 4, nullable: false),
                Code = table.Column<string>(maxLength: 20, nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_report_printed_code_names", x => new { x.ReportId, x.TableNo, x.Code });
                table.ForeignKey("FK_report_printed_code_names_reports_ReportId", x => x.ReportId, "reports", "Id", onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("report_printed_code_names");
        migrationBuilder.DropTable("catalog_mappings");
        migrationBuilder.DropTable("catalog_entries");
        migrationBuilder.DropTable("catalog_versions");
    }
}
