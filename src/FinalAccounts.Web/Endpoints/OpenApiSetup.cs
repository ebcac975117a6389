using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace FinalAccounts.Web.Endpoints;

/// <summary>
/// The OpenAPI document: title, the Bearer scheme of personal access tokens (so Swagger's Authorize button works) on
/// every operation that needs a signed-in caller, and the error answers every API operation can give.
/// </summary>
internal static class OpenApiSetup
{
    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddFinalAccountsOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            // OpenAPI 3.0, not 3.1: Swagger UI reads 3.1 documents through its much slower ApiDOM path. The same
            // document as 3.0 is drawn in 2.0–2.3 s instead of 3.5 s, with 2.7 s of Chromium CPU instead of 5.1 s
            // (docs/benchmarks.md). Nothing in the document needs 3.1 (nullable becomes "nullable": true).
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "FinalAccounts 部门决算公开 API";
                document.Info.Description = "部门决算公开数据：部门、年度、公开表单元格、模板；填报、审核与管理（个人访问令牌：POST /api/auth/token，然后 Authorization: Bearer fa_…）。" +
                    "Departmental final accounts: public data, entry, review and administration (personal access tokens).";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "fa_…",
                    Description = "个人访问令牌（POST /api/auth/token 取得）/ Personal access token from POST /api/auth/token",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(async (operation, context, cancellationToken) =>
            {
                // Every error answer is a ProblemDetails: the ones added below carry its schema like those the endpoints declare.
                var problem = await context.GetOrCreateSchemaAsync(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), cancellationToken: cancellationToken);
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
                    Problem(operation, problem, "401", "未登录或令牌无效 / Not signed in or invalid token");
                    Problem(operation, problem, "403", "无权执行此操作 / Forbidden");
                }

                if (context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true)
                {
                    Problem(operation, problem, "400", "提交的数据有误（字段、单元格逐一列出）/ Invalid input, each field named");
                    Problem(operation, problem, "503", "数据库暂时不可用 / Database unavailable (Retry-After)");
                    var method = context.Description.HttpMethod;
                    if (method is "PUT" or "POST" or "DELETE" && context.Description.RelativePath != "api/auth/token")
                    {
                        Problem(operation, problem, "409", "与当前状态冲突、他人已修改或重复 / Conflict, stale version or duplicate");
                    }

                    // Catalogue imports and mappings are versioned by the server (each makes a new version), not by If-Match.
                    if ((method is "PUT" && !context.Description.RelativePath.StartsWith("api/catalogs/", StringComparison.Ordinal))
                        || context.Description.RelativePath.EndsWith("/import", StringComparison.Ordinal))
                    {
                        Problem(operation, problem, "428", "缺少版本号（version 或 If-Match）/ Version required");
                    }
                }
            });
        });

    /// <summary>Adds a ProblemDetails answer unless the endpoint documents that status itself.</summary>
    private static void Problem(OpenApiOperation operation, IOpenApiSchema schema, string status, string description)
    {
        operation.Responses ??= [];
        if (operation.Responses.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
        };
    }
}
