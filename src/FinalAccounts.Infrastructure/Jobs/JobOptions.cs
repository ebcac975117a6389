using System.ComponentModel.DataAnnotations;

namespace FinalAccounts.Infrastructure.Jobs;

/// <summary>Background jobs (<c>FinalAccounts:Jobs</c>): how long a claim lasts and how often idle nodes look for work.</summary>
public sealed class JobOptions
{
    public const string Section = "FinalAccounts:Jobs";

    /// <summary>A running job whose node stops renewing it for this long is taken over by another node.</summary>
    [Range(1, 3600)]
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>How often an idle node asks the database for queued work (jobs queued on the node itself start at once).</summary>
    [Range(50, 60_000)]
    public int PollMilliseconds { get; set; } = 2000;

    /// <summary>False on nodes that should only serve pages (the jobs then run on the other nodes).</summary>
    public bool RunJobs { get; set; } = true;

    /// <summary>A job claimed this many times without finishing (its node died each time) is marked failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Pause after each step of a job: for fail-over drills and tests only (0 in production).</summary>
    [Range(0, 600_000)]
    public int StepDelayMilliseconds { get; set; }
}
