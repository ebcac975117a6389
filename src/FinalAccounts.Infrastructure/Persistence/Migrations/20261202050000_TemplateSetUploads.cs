using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FinalAccounts.Infrastructure.Persistence.Migrations;

/// <summary>
/// Template sets uploaded by administrators (issue 13, ADR 0019): the layout and rules JSON as uploaded, who uploaded
/// and activated them and when. Active sets join the shipped ones on every node without a restart.
/// </summary>
[DbContext(typeof(FinalAccountsDbContext))]
[Migration("20261202050000_TemplateSetUploads")]
public sealed class TemplateSetUploads : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "template_set_uploads",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 64, nullable: false),
                Version = table.Column<string>(maxLength: 32, nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                TemplateJson = table.Column<string>(nullable: false),
                RulesJson = table.Column<string>(nullable: false),
                UploadedBy = table.Column<string>(maxLength: 256, nullable: false),
                UploadedAt = table.Column<DateTimeOffset>(nullable: false),
                ActivatedBy = table.Column<string>(maxLength: 256, nullable: true),
                ActivatedAt = table.Column<DateTimeOffset>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_template_set_uploads", x => x.Id));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("template_set_uploads");
    }
}
