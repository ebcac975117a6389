using FinalAccounts.Application.Accounts;
using FinalAccounts.Application.Auditing;
using FinalAccounts.Application.Overview;
using FinalAccounts.Application.Reports;
using FinalAccounts.Application.Templates;
using Microsoft.Extensions.DependencyInjection;

namespace FinalAccounts.Application;

public static class ApplicationRegistration
{
    /// <summary>Registers the use cases (one class each) and the steps they share. Needs <c>AddFinalAccountsInfrastructure</c>.</summary>
    public static IServiceCollection AddFinalAccountsApplication(this IServiceCollection services)
    {
        // Report use cases hold no state (each opens its own DbContext): singletons, usable from circuits and requests alike.
        services.AddSingleton<ReportSteps>();
        services.AddSingleton<CreateReport>();
        services.AddSingleton<DeleteDraft>();
        services.AddSingleton<ReadWorkspace>();
        services.AddSingleton<ReadReport>();
        services.AddSingleton<ReadTable>();
        services.AddSingleton<SaveTable>();
        services.AddSingleton<SaveOverview>();
        services.AddSingleton<ReadNarrative>();
        services.AddSingleton<SaveNarrative>();
        services.AddSingleton<DraftNarrative>();
        services.AddSingleton<ReadPerformance>();
        services.AddSingleton<SavePerformance>();
        services.AddSingleton<ReadGlossary>();
        services.AddSingleton<SaveGlossary>();
        services.AddSingleton<ReadReconciliation>();
        services.AddSingleton<ImportWorkbook>();
        services.AddSingleton<RecordExport>();
        services.AddSingleton<SubmitReport>();
        services.AddSingleton<ReturnReport>();
        services.AddSingleton<ApproveReport>();
        services.AddSingleton<PublishReport>();
        services.AddSingleton<SearchAudit>();
        services.AddSingleton<Catalogs.ManageCatalogs>();
        services.AddSingleton<Regions.ManageRegions>();

        // Account use cases use Identity's UserManager and the LoginGuard, which are scoped.
        services.AddScoped<IssueToken>();
        services.AddScoped<ListTokens>();
        services.AddScoped<RevokeToken>();
        services.AddScoped<RevokeAllTokens>();
        services.AddScoped<RevokeUserAccess>();
        services.AddScoped<SetUserDisabled>();
        services.AddScoped<ChangePassword>();
        services.AddScoped<SignIn>();
        services.AddScoped<SignOut>();
        services.AddScoped<CreateDepartment>();
        services.AddScoped<CreateUser>();
        services.AddScoped<ListUsers>();
        services.AddSingleton<YearProgress>();
        services.AddSingleton<ListTemplateSets>();
        services.AddSingleton<UploadTemplateSet>();
        services.AddSingleton<ActivateTemplateSet>();
        services.AddSingleton<ReadTemplateSet>();
        services.AddScoped<UpdateDepartment>();
        services.AddScoped<UpdateUser>();
        services.AddScoped<ResetPassword>();
        return services;
    }
}
