using System.Text.Encodings.Web;
using System.Text.Unicode;
using FinalAccounts.Application;
using FinalAccounts.Infrastructure;
using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Infrastructure.Jobs;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Web;
using FinalAccounts.Web.Auth;
using FinalAccounts.Web.Caching;
using FinalAccounts.Web.Components;
using FinalAccounts.Web.Endpoints;
using FinalAccounts.Web.Security;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddFinalAccountsLogging(builder.Configuration, builder.Environment);

builder.Services.AddFinalAccountsInfrastructure(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddFinalAccountsApplication();
builder.Services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All)); // literal UTF-8 Chinese in pages, not &#x…;
builder.Services.AddFinalAccountsAuth();
builder.Services.AddFinalAccountsSecurity(); // forwarded headers, HSTS, antiforgery header
builder.Services.AddHttpContextAccessor();
builder.Services.AddPublishedResponseCache(); // published pages and JSON rendered once per revision (ADR 0021)
builder.Services.AddOpenData(); // open data and CORS for public GETs
builder.Services.AddSingleton<FinalAccounts.Web.Exports.ReportExports>();
builder.Services.AddSingleton<FinalAccounts.Web.Exports.ExportBatches>();
builder.Services.AddSingleton<IJobHandler>(sp => sp.GetRequiredService<FinalAccounts.Web.Exports.ExportBatches>());
builder.Services.AddSingleton<IJobHandler, FinalAccounts.Web.Exports.ReportPackJobs>();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddScoped<FinalAccounts.Web.Components.Workspace.Editing.DraftBook>(); // unsaved grid work per circuit
builder.Services.AddMudServices(); // interactive pages only (ADR 0014); public pages stay plain HTML
builder.Services.AddLocalizationInterceptor<FinalAccounts.Web.Ui.MudTextsZhCn>();
builder.Services.AddProblemDetails();
// Malformed requests (bad JSON, wrong types, unparsable query values) reach ErrorResponses as exceptions, which answer
// 400 with a Chinese message naming the field, in every environment.
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(options =>
    options.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow);
builder.Services.AddFinalAccountsOpenApi();
builder.Services.AddHealthChecks().AddCheck<DatabaseWriteCheck>("database", tags: ["ready"]);

var app = builder.Build();

// The database may come up after the portal (containers, a restarting server): wait for it instead of giving up.
var settings = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<FinalAccounts.Infrastructure.Configuration.FinalAccountsOptions>>().Value;
await StartupRetry.RunAsync(app.Services, async () =>
{
    await DependencyInjection.InitializeDatabaseAsync(app.Services, settings.SeedDemoData);
    await using var scope = app.Services.CreateAsyncScope();
    await scope.ServiceProvider.GetRequiredService<AccountSeeder>().SeedAsync(
        app.Configuration["FINALACCOUNTS_ADMIN_PASSWORD"] ?? settings.AdminPassword,
        app.Environment.IsDevelopment());
});

app.UseFinalAccountsSecurity(); // proxy headers, HSTS, CSP and friends on every response
app.UseFinalAccountsRequestLogging(); // one line per request, with the status the client finally got
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    // API callers get a ProblemDetails body, people get the error page; nobody sees a stack trace. ErrorResponses
    // logs each error once (one line when the database is away), so the middleware's own log entry is suppressed.
    ExceptionHandler = ErrorResponses.HandleAsync,
    SuppressDiagnosticsCallback = _ => true,
});
// Published pages and JSON from memory: after the headers and the error handler, before anything that renders.
app.UsePublishedResponseCache();
// Pages re-execute to the not-found page inside the site layout; the API answers with ProblemDetails.
app.UseWhen(ErrorResponses.IsApi, api => api.UseStatusCodePages(ErrorResponses.StatusCodePageAsync));
app.UseWhen(context => !ErrorResponses.IsApi(context), pages => pages.UseStatusCodePagesWithReExecute("/not-found"));
app.UseRouting(); // after the status-code pages, so a re-executed request is routed again
app.UseCors(); // only endpoints with the public-read policy: GET from any site, no credentials
app.UseSignInThrottling(); // 429 on too many sign-in attempts per address / user name (ADR 0011)
app.UseForbiddenAudit(); // every 403 is audited
app.UseAuthentication();
app.UseCsrfProtection(); // a cookie-authenticated state change must come from this site
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapOpenApi("/openapi/{documentName}.json");
app.UseSwaggerUI(options =>
{
    options.SwaggerEndpoint("/openapi/v1.json", "FinalAccounts v1");
    options.DocumentTitle = "FinalAccounts API 文档";
    // Contrast and a label for the server list, which Swagger UI's stock page lacks (axe: color-contrast, select-name).
    options.InjectStylesheet("/css/swagger-a11y.css");
    options.InjectJavascript("/js/swagger-a11y.js");
});
app.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = DatabaseWriteCheck.WriteAsync });
app.MapPublicApi();
app.MapSearchApi();
app.MapOpenDataApi();
app.MapReconciliationApi();
app.MapWriteApi();
app.MapTemplateApi();
app.MapAccountEndpoints();
app.MapAccountApi();
app.MapCatalogApi();
app.MapRegionApi();
app.MapCsrfToken();
app.MapExportEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
