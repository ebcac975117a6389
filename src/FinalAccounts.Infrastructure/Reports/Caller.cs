using FinalAccounts.Domain.Accounts;

namespace FinalAccounts.Infrastructure.Reports;

/// <summary>Who acts, from where: the audit log records both. Every use case takes one.</summary>
public sealed record Caller(Actor? Actor, string Address)
{
    public string UserName => Actor?.UserName ?? "（匿名）";
}
