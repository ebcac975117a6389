using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FinalAccounts.Infrastructure.Jobs;

public enum BatchState
{
    Queued,
    Running,
    Completed,
    Failed,
}

/// <summary>A job of a <see cref="JobQueue{TJob}"/>: its state and progress, visible while it runs.</summary>
public abstract class QueuedJob(Guid id, DateTimeOffset queuedAt)
{
    private int _done;

    public Guid Id { get; } = id;
    public DateTimeOffset QueuedAt { get; } = queuedAt;
    public BatchState State { get; private set; } = BatchState.Queued;
    public int Total { get; protected set; }
    public int Done => _done;
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
    public string? Error { get; private set; }
    public double Percent => Total == 0 ? (State == BatchState.Completed ? 100 : 0) : Math.Round(100.0 * Done / Total, 1);

    protected void AdvanceBy(int items) => Interlocked.Add(ref _done, items);

    internal void Start(DateTimeOffset at) => (State, StartedAt) = (BatchState.Running, at);

    internal void Complete(DateTimeOffset at) => (State, FinishedAt) = (BatchState.Completed, at);

    internal void Fail(string error, DateTimeOffset at) => (State, Error, FinishedAt) = (BatchState.Failed, error, at);
}

/// <summary>A failure whose message is meant for people as it is (no "interrupted" prefix).</summary>
public sealed class JobFailure(string message) : Exception(message);

/// <summary>
/// Jobs run one at a time in the background, in the order queued; the recent ones stay listed (in memory) with their
/// progress. Subclasses do the work; a failure is recorded on the job, never thrown out of the host.
/// </summary>
public abstract class JobQueue<TJob>(TimeProvider clock, ILogger logger) : BackgroundService
    where TJob : QueuedJob
{
    private readonly Channel<TJob> _queue = Channel.CreateUnbounded<TJob>();
    private readonly ConcurrentDictionary<Guid, TJob> _jobs = new();

    /// <summary>Shown before an unexpected failure's message, e.g. 批量校验中断：.</summary>
    protected abstract string FailurePrefix { get; }

    protected TimeProvider Clock => clock;

    protected ILogger Logger => logger;

    public TJob? Find(Guid id) => _jobs.GetValueOrDefault(id);

    public IReadOnlyList<TJob> Recent => _jobs.Values.OrderByDescending(j => j.QueuedAt).Take(20).ToList();

    /// <summary>Runs a job to the end on the calling task (the background loop calls this; so do tests and benchmarks).</summary>
    public async Task RunAsync(TJob job, CancellationToken cancellationToken)
    {
        job.Start(clock.GetUtcNow());
        await WorkAsync(job, cancellationToken);
        job.Complete(clock.GetUtcNow());
    }

    protected TJob Enqueue(TJob job)
    {
        _jobs[job.Id] = job;
        _queue.Writer.TryWrite(job);
        return job;
    }

    protected abstract Task WorkAsync(TJob job, CancellationToken cancellationToken);

    /// <summary>Clean-up after a failed job (e.g. a half-written file).</summary>
    protected virtual void OnFailed(TJob job)
    {
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(job, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                OnFailed(job);
                job.Fail(ex is JobFailure ? ex.Message : FailurePrefix + ex.Message, clock.GetUtcNow());
                logger.LogError(ex, "{Queue} job {Job} failed", GetType().Name, job.Id);
            }
        }
    }
}
