namespace FinalAccounts.Infrastructure.Jobs;

/// <summary>This process among the portal's nodes: host name, process id and a random part (unique across restarts).</summary>
public sealed class NodeIdentity
{
    public NodeIdentity(string? configured = null)
    {
        Id = string.IsNullOrWhiteSpace(configured)
            ? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}"
            : configured.Trim();
        StartedAt = DateTimeOffset.UtcNow;
    }

    public string Id { get; }
    public DateTimeOffset StartedAt { get; }
}
