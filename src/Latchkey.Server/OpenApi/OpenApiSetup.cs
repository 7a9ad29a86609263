using Latchkey.Server.BackendApi.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Latchkey.Server.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document of the Frontend and Backend APIs, served at <c>/openapi/v1.json</c>
/// (ASP.NET Core's generator, Microsoft.AspNetCore.OpenApi). Backend API operations name the
/// <c>secretKey</c> bearer scheme; development-only routes are left out.
/// </summary>
internal static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string Route = "/openapi/{documentName}.json";
    private const string SchemeName = "secretKey";

    public static IServiceCollection AddLatchkeyOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            // Development-only routes (the mailbox) are not part of the API.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("dev/", StringComparison.Ordinal) != true;
            // Two wire types share the name EnvelopeJson (the Frontend API's {response, client} and
            // the error envelope); schema ids are type names, so the error one gets its own.
            options.CreateSchemaReferenceId = type => type.Type == typeof(FrontendApi.Errors.ErrorEnvelope.EnvelopeJson)
                ? "ErrorEnvelope"
                : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
            options.AddDocumentTransformer((document, context, _) =>
            {
                var instance = context.ApplicationServices.GetRequiredService<Instance.InstanceIdentity>();
                document.Info = new OpenApiInfo
                {
                    Title = "Latchkey server",
                    Version = DocumentName,
                    Description = "Frontend API (browser-facing, cookie __client) and Backend API (server-facing, Authorization: Bearer sk_...), "
                        + "wire-compatible with the protocol Clerk's SDKs speak; instance administration endpoints are Latchkey's own. See docs/frontend-api.md and docs/backend-api.md.",
                };
                document.Servers = [new OpenApiServer { Url = instance.FrontendApiUrl }];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A live secret key of the instance (sk_test_... or sk_live_...).",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<SecretKeyRequired>().Any())
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
                }

                return Task.CompletedTask;
            });
        });
}
