using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FinalAccounts.Infrastructure.Persistence.Migrations;

/// <summary>
/// Revocable sign-ins and tokens, disabled accounts and failed-password counters per (user name, address): ADR 0011.
/// </summary>
[DbContext(typeof(FinalAccountsDbContext))]
[Migration("20261201010000_SessionsTokensThrottle")]
public sealed class SessionsTokensThrottle : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>(name: "Disabled", table: "AspNetUsers", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<string>(name: "SecurityStamp", table: "api_tokens", maxLength: 64, nullable: true);
        migrationBuilder.AddColumn<DateTimeOffset>(name: "RevokedAt", table: "api_tokens", nullable: true);
        migrationBuilder.AddColumn<DateTimeOffset>(name: "LastUsedAt", table: "api_tokens", nullable: true);

        migrationBuilder.CreateTable(
            name: "user_sessions",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                UserId = table.Column<string>(nullable: false),
                Address = table.Column<string>(maxLength: 64, nullable: false),
                CreatedAt = table.Column<DateTimeOffset>(nullable: false),
                ExpiresAt = table.Column<DateTimeOffset>(nullable: false),
                RevokedAt = table.Column<DateTimeOffset>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_user_sessions", x => x.Id);
                table.ForeignKey("FK_user_sessions_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "login_failures",
            columns: table => new
            {
                UserName = table.Column<string>(maxLength: 256, nullable: false),
                Address = table.Column<string>(maxLength: 64, nullable: false),
                Failures = table.Column<int>(nullable: false),
                FirstFailureAt = table.Column<long>(nullable: false),
                LockedUntil = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_login_failures", x => new { x.UserName, x.Address }));

        migrationBuilder.CreateIndex("IX_user_sessions_UserId", "user_sessions", "UserId");
        migrationBuilder.CreateIndex("IX_login_failures_FirstFailureAt", "login_failures", "FirstFailureAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("login_failures");
        migrationBuilder.DropTable("user_sessions");
        migrationBuilder.DropColumn("LastUsedAt", "api_tokens");
        migrationBuilder.DropColumn("RevokedAt", "api_tokens");
        migrationBuilder.DropColumn("SecurityStamp", "api_tokens");
        migrationBuilder.DropColumn("Disabled", "AspNetUsers");
    }
}
