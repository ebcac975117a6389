namespace FinalAccounts.Infrastructure.Jobs;

public enum JobState
{
    Queued,
    Running,
    Completed,
    Failed,
}

/// <summary>The kinds of background work; stored as text in <c>jobs.Kind</c>.</summary>
public static class JobKinds
{
    /// <summary>批量校验: reconcile every report of a year within a region.</summary>
    public const string ReconciliationBatch = "reconciliation-batch";

    /// <summary>批量导出: every published auditor pack of a region and year in one zip.</summary>
    public const string ExportBatch = "export-batch";

    /// <summary>审计包: build and archive a newly published revision's pack.</summary>
    public const string ReportPack = "report-pack";

    /// <summary>The kind's name for people, in messages and pages.</summary>
    public static string Chinese(string kind) => kind switch
    {
        ReconciliationBatch => "批量校验",
        ExportBatch => "批量导出",
        ReportPack => "审计包生成",
        _ => "后台任务",
    };
}

/// <summary>
/// A background job as stored in the shared database, so that any node may run it and a job survives a restart.
/// A node claims a job for a lease (<see cref="LeaseUntilMs"/>) and renews it while it works; a job whose lease ran
/// out (its node died) is claimed again. Every write of a running job is fenced by <see cref="ClaimedBy"/> and
/// <see cref="Attempt"/>, so a node that lost its claim can no longer change the job.
/// </summary>
public sealed class JobRecord
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public string Kind { get; init; } = "";

    /// <summary>The job's input as JSON.</summary>
    public string Parameters { get; init; } = "{}";

    /// <summary>The region the job covers ("" = everywhere); reviewers see only jobs inside their own region.</summary>
    public string Region { get; init; } = "";

    public int? FiscalYear { get; init; }
    public string RequestedBy { get; init; } = "";
    public JobState State { get; set; } = JobState.Queued;
    public DateTimeOffset QueuedAt { get; init; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The node running (or last to run) the job.</summary>
    public string? ClaimedBy { get; set; }

    /// <summary>How many times the job was claimed (more than once only after a node died mid-job).</summary>
    public int Attempt { get; set; }

    /// <summary>Unix milliseconds: numbers compare the same way on every database.</summary>
    public long LeaseUntilMs { get; set; }

    public int Total { get; set; }
    public int Done { get; set; }

    /// <summary>What the job produced, as JSON (culprits of a batch, the file of an export …).</summary>
    public string? Result { get; set; }

    public string? Error { get; set; }

    /// <summary>The result read back as what the job's handler returned (null while there is none).</summary>
    public T? ResultAs<T>()
        where T : class =>
        Result is { } json ? System.Text.Json.JsonSerializer.Deserialize<T>(json, JobStore.Json) : null;

    public double Percent => Total == 0 ? (State == JobState.Completed ? 100 : 0) : Math.Round(100.0 * Done / Total, 1);
}
