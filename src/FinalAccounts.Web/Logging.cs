using Serilog;
using Serilog.Events;

namespace FinalAccounts.Web;

internal static class Logging
{
    /// <summary>Console plus a daily rolling file (<c>FinalAccounts:LogDirectory</c>, default <c>logs/</c>); levels from the <c>Serilog</c> section.</summary>
    public static Serilog.ILogger CreateLogger(IConfiguration configuration, IHostEnvironment environment)
    {
        var directory = configuration["FinalAccounts:LogDirectory"] ?? Path.Combine(environment.ContentRootPath, "logs");
        return new LoggerConfiguration()
            .ReadFrom.Configuration(configuration)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Database.Command", LogEventLevel.Warning)
            // EF Core logs every failed query, save and connection with its stack trace before rethrowing; the
            // exception then reaches ErrorResponses, which logs it once (one line for an outage, in full for a bug).
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Query", LogEventLevel.Fatal)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Update", LogEventLevel.Fatal)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Database.Connection", LogEventLevel.Fatal)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}")
            .WriteTo.File(
                Path.Combine(directory, "finalaccounts-.log"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 31,
                shared: true)
            .CreateLogger();
    }
}
