namespace FinalAccounts.Web;

/// <summary>
/// Start-up work that needs the database (migrations, seeding) is retried while the database is unreachable, for
/// <c>FinalAccounts:Database:StartupWaitSeconds</c> (120 by default), instead of the process dying at once.
/// </summary>
internal static class StartupRetry
{
    public static async Task RunAsync(IServiceProvider services, Func<Task> work)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("FinalAccounts.Startup");
        var wait = TimeSpan.FromSeconds(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Infrastructure.Configuration.FinalAccountsOptions>>().Value.Database.StartupWaitSeconds);
        var started = DateTimeOffset.UtcNow;
        var delay = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await work();
                return;
            }
            catch (Exception e) when (ErrorResponses.Classify(e).Status == StatusCodes.Status503ServiceUnavailable && DateTimeOffset.UtcNow - started < wait)
            {
                logger.LogWarning("Database not reachable (attempt {Attempt}): {Error}; retrying in {Delay} ms", attempt, e.GetBaseException().Message, (int)delay.TotalMilliseconds);
                await Task.Delay(delay);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }
}
