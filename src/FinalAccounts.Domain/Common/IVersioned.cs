namespace FinalAccounts.Domain.Common;

/// <summary>
/// An entity two people could edit at once. <see cref="Version"/> is the optimistic-concurrency token: persistence
/// increments it on every update and refuses a save made against an older version.
/// </summary>
public interface IVersioned
{
    int Version { get; }

    void IncrementVersion();
}
