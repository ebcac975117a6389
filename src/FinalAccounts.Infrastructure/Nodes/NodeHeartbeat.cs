namespace FinalAccounts.Infrastructure.Nodes;

/// <summary>A portal node as last seen by the health check, which writes this row to prove the database takes writes.</summary>
public sealed class NodeHeartbeat
{
    public string Id { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset SeenAt { get; set; }
}
