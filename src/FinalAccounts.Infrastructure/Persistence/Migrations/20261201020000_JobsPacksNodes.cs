using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace FinalAccounts.Infrastructure.Persistence.Migrations;

/// <summary>
/// What several nodes must share: background jobs (claimed with leases), the archived auditor packs of published
/// revisions, the nodes seen by the health check, and the data-protection keys behind cookies and antiforgery tokens.
/// </summary>
[DbContext(typeof(FinalAccountsDbContext))]
[Migration("20261201020000_JobsPacksNodes")]
public sealed class JobsPacksNodes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "jobs",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Kind = table.Column<string>(maxLength: 32, nullable: false),
                Parameters = table.Column<string>(nullable: false),
                Region = table.Column<string>(maxLength: 200, nullable: false),
                FiscalYear = table.Column<int>(nullable: true),
                RequestedBy = table.Column<string>(maxLength: 256, nullable: false),
                State = table.Column<string>(maxLength: 16, nullable: false),
                QueuedAt = table.Column<DateTimeOffset>(nullable: false),
                StartedAt = table.Column<DateTimeOffset>(nullable: true),
                FinishedAt = table.Column<DateTimeOffset>(nullable: true),
                ClaimedBy = table.Column<string>(maxLength: 200, nullable: true),
                Attempt = table.Column<int>(nullable: false),
                LeaseUntilMs = table.Column<long>(nullable: false),
                Total = table.Column<int>(nullable: false),
                Done = table.Column<int>(nullable: false),
                Result = table.Column<string>(nullable: true),
                Error = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_jobs", x => x.Id));
        migrationBuilder.CreateIndex("IX_jobs_State_LeaseUntilMs", "jobs", ["State", "LeaseUntilMs"]);

        migrationBuilder.CreateTable(
            name: "report_packs",
            columns: table => new
            {
                ReportId = table.Column<Guid>(nullable: false),
                Version = table.Column<int>(nullable: false),
                Sha256 = table.Column<string>(maxLength: 64, nullable: false),
                Zip = table.Column<byte[]>(nullable: false),
                BuiltAt = table.Column<DateTimeOffset>(nullable: false),
                BuiltBy = table.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_report_packs", x => x.ReportId);
                table.ForeignKey("FK_report_packs_reports_ReportId", x => x.ReportId, "reports", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "nodes",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 200, nullable: false),
                StartedAt = table.Column<DateTimeOffset>(nullable: false),
                SeenAt = table.Column<DateTimeOffset>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_nodes", x => x.Id));

        migrationBuilder.CreateTable(
            name: "DataProtectionKeys",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                FriendlyName = table.Column<string>(nullable: true),
                Xml = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_DataProtectionKeys", x => x.Id));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("DataProtectionKeys");
        migrationBuilder.DropTable("nodes");
        migrationBuilder.DropTable("report_packs");
        migrationBuilder.DropTable("jobs");
    }
}
