using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reconciliation;
using FinalAccounts.Infrastructure.Reports;
using FinalAccounts.Infrastructure.Seeding;
using FinalAccounts.Infrastructure.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FinalAccounts.Infrastructure;

public static class DependencyInjection
{
    /// <summary>Registers persistence, reference data (templates, catalogues) and the read/import services.</summary>
    public static IServiceCollection AddFinalAccountsInfrastructure(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var database = DatabaseOptions.FromConfiguration(configuration, contentRoot);
        services.AddSingleton(database);
        services.AddDbContextFactory<FinalAccountsDbContext>(database.Apply);

        var reference = ReferenceDataLoader.Load(configuration["FinalAccounts:DataDirectory"]);
        services.AddSingleton(reference);
        services.AddSingleton(reference.Templates);
        services.AddSingleton(reference.Catalogs);
        services.AddSingleton(reference.Rules);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DepartmentDataImporter>();
        services.AddSingleton<DemoDataSeeder>();
        services.AddSingleton<ReportQueries>();
        services.AddSingleton<ReconciliationService>();
        services.AddSingleton<ReportCommands>();
        services.AddSingleton(Excel.UploadLimits.From(key => configuration["FinalAccounts:Import:" + key]));
        services.AddSingleton<Excel.WorkbookService>();
        var pdf = new Pdf.PdfOptions();
        configuration.GetSection("FinalAccounts:Pdf").Bind(pdf);
        services.AddSingleton(pdf);
        services.AddSingleton<Pdf.ChromiumPdfPrinter>();
        services.AddSingleton<ReconciliationBatches>();
        services.AddHostedService(sp => sp.GetRequiredService<ReconciliationBatches>());
        return services;
    }

    /// <summary>Applies pending migrations and, unless disabled, loads the demo data. Safe to run on every start.</summary>
    public static async Task InitializeDatabaseAsync(IServiceProvider services, bool seedDemoData, CancellationToken cancellationToken = default)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<FinalAccountsDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (seedDemoData)
        {
            await services.GetRequiredService<DemoDataSeeder>().SeedAsync(db, cancellationToken);
        }
    }
}
