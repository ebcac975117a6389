namespace FinalAccounts.Web.Components.Jobs;

/// <summary>
/// Re-reads running jobs once a second while a page is interactive, so progress moves without reloading the page;
/// stops when nothing is running any more or the page goes away.
/// </summary>
public sealed class JobRefresh : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private Task? loop;

    /// <param name="refresh">Re-reads what the page shows and says whether anything is still running.</param>
    public void Start(Func<CancellationToken, Task<bool>> refresh, TimeSpan? every = null)
    {
        if (loop is { IsCompleted: false })
        {
            return;
        }

        loop = RunAsync(refresh, every ?? TimeSpan.FromSeconds(1));
    }

    private async Task RunAsync(Func<CancellationToken, Task<bool>> refresh, TimeSpan every)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token) && await refresh(stop.Token))
            {
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed.
        }
        catch (Exception) when (!stop.IsCancellationRequested)
        {
            // The database is unreachable for the moment: the page keeps what it shows; a reload reads again.
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
    }
}
