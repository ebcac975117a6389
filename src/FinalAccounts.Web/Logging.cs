using System.Security.Claims;
using Serilog;
using Serilog.Events;

namespace FinalAccounts.Web;

internal static class Logging
{
    /// <summary>
    /// Serilog as the only logger: console plus a daily rolling file (<c>FinalAccounts:LogDirectory</c>, default
    /// <c>logs/</c>); levels from the <c>Serilog</c> section.
    /// </summary>
    public static IServiceCollection AddFinalAccountsLogging(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var directory = configuration["FinalAccounts:LogDirectory"] ?? Path.Combine(environment.ContentRootPath, "logs");
        // preserveStaticLogger: each host (tests run several portals in one process) keeps its own logger and files.
        return services.AddSerilog(
            (_, logger) => logger
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
                    shared: true),
            preserveStaticLogger: true);
    }

    /// <summary>One line per request: method, path, status, elapsed milliseconds and, when signed in, the user name.</summary>
    public static IApplicationBuilder UseFinalAccountsRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options =>
        {
            // The host's own logger: the static Log.Logger is not this host's (see preserveStaticLogger above).
            options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms, user {UserName}";
            options.EnrichDiagnosticContext = (diagnostics, context) =>
                diagnostics.Set("UserName", context.User.Identity?.IsAuthenticated == true ? context.User.FindFirstValue(ClaimTypes.Name) ?? "?" : "-");
        });
}
