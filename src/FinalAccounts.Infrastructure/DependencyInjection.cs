using FinalAccounts.Infrastructure.Configuration;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reconciliation;
using FinalAccounts.Infrastructure.Reports;
using FinalAccounts.Infrastructure.Seeding;
using FinalAccounts.Infrastructure.Templates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FinalAccounts.Infrastructure;

public static class DependencyInjection
{
    /// <summary>Registers persistence, reference data (templates, catalogues) and the read/import services.</summary>
    public static IServiceCollection AddFinalAccountsInfrastructure(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var database = DatabaseOptions.FromConfiguration(configuration, contentRoot);
        services.AddSingleton(database);
        // Saves of reports and packs tell the public response cache to look the latest revision up again (ADR 0021).
        services.AddSingleton<PublicationSignal>();
        services.AddDbContextFactory<FinalAccountsDbContext>((sp, builder) =>
        {
            database.Apply(builder);
            builder.AddInterceptors(sp.GetRequiredService<PublicationSignal>());
        });

        // One validated object for every setting (ValidateOnStart); the few needed while registering are read here once.
        services.AddOptions<FinalAccountsOptions>().Bind(configuration.GetSection(FinalAccountsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FinalAccountsOptions>, FinalAccountsOptionsValidator>();
        services.AddSingleton(sp => Options.Create(sp.GetRequiredService<IOptions<FinalAccountsOptions>>().Value.Jobs));
        services.AddSingleton(sp => Options.Create(sp.GetRequiredService<IOptions<FinalAccountsOptions>>().Value.Auth));
        var settings = configuration.GetSection(FinalAccountsOptions.Section).Get<FinalAccountsOptions>() ?? new();
        var reference = ReferenceDataLoader.Load(settings.DataDirectory);
        services.AddSingleton(reference);
        services.AddSingleton(reference.Templates);
        services.AddSingleton(reference.Catalogs);
        services.AddSingleton(reference.Rules);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Catalogs.CatalogStore>();
        services.AddHostedService<Catalogs.CatalogWatcher>();
        services.AddSingleton<DepartmentDataImporter>();
        services.AddSingleton<DemoDataSeeder>();
        services.AddSingleton<Regions.RegionStore>();
        services.AddSingleton<Regions.RegionQueries>();
        services.AddSingleton<SyntheticRegionSeeder>();
        services.AddSingleton<ReportQueries>();
        services.AddSingleton<PublishedRevisions>();
        services.AddSingleton<PublishedYears>();
        services.AddSingleton<ReconciliationService>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<FinalAccountsOptions>>().Value.Import.ToLimits());
        services.AddSingleton<Excel.WorkbookService>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<FinalAccountsOptions>>().Value.Pdf);
        services.AddSingleton<Pdf.ChromiumPdfPrinter>();
        services.AddSingleton(new Jobs.NodeIdentity(settings.NodeId));
        services.AddSingleton<Jobs.JobStore>();
        services.AddSingleton<Jobs.BatchJobs>();
        services.AddSingleton<Search.SearchIndex>();
        services.AddSingleton<Search.SearchQueries>();
        services.AddSingleton<PublicationFollowUp>();
        services.AddSingleton<ReconciliationBatches>();
        services.AddSingleton<Jobs.IJobHandler>(sp => sp.GetRequiredService<ReconciliationBatches>());
        services.AddSingleton<Jobs.JobRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<Jobs.JobRunner>());
        services.AddSingleton<UploadedTemplateSets>();
        services.AddHostedService<UploadedTemplateSetRefresher>();
        // Cookies and antiforgery tokens must be readable by every node: the keys live in the shared database.
        services.AddDataProtection().SetApplicationName("FinalAccounts").PersistKeysToDbContext<FinalAccountsDbContext>();
        return services;
    }

    /// <summary>
    /// Applies pending migrations and, unless disabled, loads the demo data; then gives published revisions what
    /// readers need (stored reconciliation, archived pack). Safe to run on every start, on several nodes at once: on
    /// PostgreSQL one node at a time holds an advisory lock while it migrates and seeds (the others then find nothing
    /// to do).
    /// </summary>
    public static async Task InitializeDatabaseAsync(IServiceProvider services, bool seedDemoData, CancellationToken cancellationToken = default)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<FinalAccountsDbContext>>();
        var locking = services.GetRequiredService<DatabaseOptions>().Provider == DatabaseProvider.PostgreSql;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            if (locking)
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(7351902)", cancellationToken);
            }

            try
            {
                await db.Database.MigrateAsync(cancellationToken);
                await services.GetRequiredService<Catalogs.CatalogStore>().SeedAsync(db, services.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken);
                await Regions.RegionStore.SeedAsync(db, cancellationToken);
                if (seedDemoData)
                {
                    await services.GetRequiredService<DemoDataSeeder>().SeedAsync(db, cancellationToken);
                }

                if (services.GetRequiredService<IOptions<FinalAccountsOptions>>().Value.Demo.SyntheticRegion)
                {
                    await services.GetRequiredService<SyntheticRegionSeeder>().SeedAsync(db, cancellationToken);
                }

                // Under the lock: two nodes starting together must not both index the same revision.
                await services.GetRequiredService<Search.SearchIndex>().CatchUpAsync(cancellationToken);
            }
            finally
            {
                if (locking)
                {
                    await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(7351902)", CancellationToken.None);
                }

                await db.Database.CloseConnectionAsync();
            }
        }

        await services.GetRequiredService<Catalogs.CatalogStore>().EnsureCurrentAsync(cancellationToken);
        // Template sets administrators activated join the shipped ones before any report is read.
        await services.GetRequiredService<UploadedTemplateSets>().RefreshAsync(cancellationToken);
        await services.GetRequiredService<PublicationFollowUp>().CatchUpAsync(cancellationToken);
    }
}
