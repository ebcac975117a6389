using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinalAccounts.Infrastructure.Jobs;

/// <summary>One kind of background work. Handlers must be safe to run again from the start (a job is re-run after its node died).</summary>
public interface IJobHandler
{
    string Kind { get; }

    /// <summary>Does the work; returns the result as an object serialised to JSON (or null). Throw <see cref="JobFailure"/> for a message meant for people.</summary>
    Task<object?> RunAsync(JobExecution job, CancellationToken cancellationToken);
}

/// <summary>A failure whose message is meant for people as it is.</summary>
public sealed class JobFailure(string message) : Exception(message);

/// <summary>A claimed job while it runs: its input, and progress that also renews the claim.</summary>
public sealed class JobExecution(ClaimedJob claimed, JobStore store, JobOptions options, CancellationTokenSource lost)
{
    private int _total;
    private int _done;

    public JobRecord Record => claimed.Record;
    public int Total => _total;
    public int Done => _done;

    public T ParametersAs<T>() => JsonSerializer.Deserialize<T>(claimed.Record.Parameters, JobStore.Json)
        ?? throw new JobFailure($"任务参数无效：{claimed.Record.Parameters}");

    public async Task BeginAsync(int total, CancellationToken cancellationToken)
    {
        _total = total;
        await ReportAsync(cancellationToken);
    }

    /// <summary>Counts finished items, records progress and renews the lease; stops the job if another node took it over.</summary>
    public async Task AdvanceAsync(int items, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _done, items);
        await ReportAsync(cancellationToken);
        if (options.StepDelayMilliseconds > 0)
        {
            await Task.Delay(options.StepDelayMilliseconds, cancellationToken);
        }
    }

    internal async Task ReportAsync(CancellationToken cancellationToken)
    {
        if (!await store.ReportAsync(claimed, _total, _done, cancellationToken))
        {
            await lost.CancelAsync();
            throw new OperationCanceledException("另一节点已接手此任务", null, lost.Token);
        }
    }
}

/// <summary>
/// Runs the shared database's jobs on this node, one at a time: claims the oldest free job (or one whose node died),
/// renews its lease while it runs, and records the outcome. Every node runs one of these; which node runs a job
/// does not matter.
/// </summary>
public sealed class JobRunner(JobStore store, IEnumerable<IJobHandler> handlers, IOptions<JobOptions> options, NodeIdentity node, TimeProvider clock, ILogger<JobRunner> logger)
    : BackgroundService
{
    private readonly Dictionary<string, IJobHandler> _handlers = handlers.ToDictionary(h => h.Kind);
    private readonly SemaphoreSlim _wake = new(0);

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    /// <summary>Claims and runs jobs until none is free; returns how many ran (tests and benchmarks drive the queue with this).</summary>
    public async Task<int> RunAvailableAsync(CancellationToken cancellationToken)
    {
        var ran = 0;
        while (await store.TryClaimAsync(_handlers.Keys, cancellationToken) is { } claimed)
        {
            await RunAsync(claimed, cancellationToken);
            ran++;
        }

        return ran;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunJobs)
        {
            return;
        }

        store.Queued += Wake;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await RunAvailableAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // The database may be away for a moment; try again at the next poll.
                    logger.LogWarning("Job runner on {Node}: {Error}", node.Id, e.Message);
                }

                await _wake.WaitAsync(TimeSpan.FromMilliseconds(options.Value.PollMilliseconds), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down: a running job's lease runs out and another node takes it over
        }
        finally
        {
            store.Queued -= Wake;
        }
    }

    private void Wake() => _wake.Release();

    private async Task RunAsync(ClaimedJob claimed, CancellationToken stoppingToken)
    {
        var record = claimed.Record;
        if (claimed.Attempt > options.Value.MaxAttempts)
        {
            await store.FinishAsync(claimed, JobState.Failed, record.Total, record.Done, null, $"任务已中断 {claimed.Attempt - 1} 次（运行它的节点停止了），不再重试；请重新发起", stoppingToken);
            return;
        }

        if (!_handlers.TryGetValue(record.Kind, out var handler))
        {
            await store.FinishAsync(claimed, JobState.Failed, 0, 0, null, $"未知的任务类型“{record.Kind}”", stoppingToken);
            return;
        }

        logger.LogInformation("Job {Job} ({Kind}) attempt {Attempt} started on {Node}", record.Id, record.Kind, claimed.Attempt, node.Id);
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var execution = new JobExecution(claimed, store, options.Value, lost);
        using var heartbeat = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.LeaseSeconds) / 3.0), clock);
        var renewing = RenewAsync(execution, heartbeat, lost);
        try
        {
            var result = await handler.RunAsync(execution, lost.Token);
            lost.Token.ThrowIfCancellationRequested();
            var json = result is null ? null : JsonSerializer.Serialize(result, JobStore.Json);
            if (!await store.FinishAsync(claimed, JobState.Completed, execution.Total, Math.Max(execution.Done, execution.Total), json, null, CancellationToken.None))
            {
                logger.LogWarning("Job {Job}: finished on {Node} after another node took it over; result dropped", record.Id, node.Id);
            }
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Job {Job}: another node took it over from {Node}", record.Id, node.Id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Job {Job} ({Kind}) failed on {Node}", record.Id, record.Kind, node.Id);
            var message = e is JobFailure ? e.Message : $"{JobKinds.Chinese(record.Kind)}中断：{e.Message}";
            await store.FinishAsync(claimed, JobState.Failed, execution.Total, execution.Done, null, message, CancellationToken.None);
        }
        finally
        {
            heartbeat.Dispose(); // ends the renewal loop
            await renewing;
        }
    }

    /// <summary>Renews the lease between progress reports (a single long step must not lose the job).</summary>
    private async Task RenewAsync(JobExecution execution, PeriodicTimer heartbeat, CancellationTokenSource lost)
    {
        try
        {
            while (await heartbeat.WaitForNextTickAsync(lost.Token))
            {
                await execution.ReportAsync(lost.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // the job ended or the claim was lost
        }
        catch (Exception e)
        {
            logger.LogWarning("Job {Job}: lease not renewed: {Error}", execution.Record.Id, e.Message);
        }
    }
}
