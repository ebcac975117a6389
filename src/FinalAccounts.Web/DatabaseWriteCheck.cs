using System.Text.Json;
using FinalAccounts.Infrastructure.Jobs;
using FinalAccounts.Infrastructure.Nodes;
using FinalAccounts.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FinalAccounts.Web;

/// <summary>
/// <c>/health</c>: healthy only if the database takes a write (a read succeeds on a full disk or a read-only
/// replica). The write is this node's row in <c>nodes</c>, so the table also lists the nodes and when each was last seen.
/// </summary>
internal sealed class DatabaseWriteCheck(IDbContextFactory<FinalAccountsDbContext> contexts, NodeIdentity node, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var updated = await db.Nodes.Where(n => n.Id == node.Id).ExecuteUpdateAsync(s => s.SetProperty(n => n.SeenAt, now), cancellationToken);
            if (updated == 0)
            {
                db.Nodes.Add(new NodeHeartbeat { Id = node.Id, StartedAt = node.StartedAt, SeenAt = now });
                await db.SaveChangesAsync(cancellationToken);
            }

            return HealthCheckResult.Healthy($"数据库可写（节点 {node.Id}）");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"数据库不可写：{e.GetBaseException().Message}");
        }
    }

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };

    /// <summary>A small JSON body: status and each check's description (load balancers read the status code).</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, Json));
    }
}
