using Microsoft.AspNetCore.Http.Json;
using Scalar.AspNetCore;

namespace Consult.Server.ApiReference;

/// <summary>
/// The OpenAPI document of the <c>/api/v1</c> routes (<c>/openapi/v1.json</c>) and its reference page
/// (<c>/api</c>), both anonymous. The document is the source for request and response shapes;
/// <c>docs/api.md</c> keeps the rules. What each route answers is declared beside the route
/// (<c>Produces</c>, <c>Refuses</c>); the refusals every route shares come from <see cref="ApiResponses"/>.
/// </summary>
public static class ApiReferenceHostingExtensions
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string PagePath = "/api";

    public static WebApplicationBuilder AddConsultApiReference(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(json => SchemaShapes.Register(json.SerializerOptions));
        builder.Services.AddOpenApi(DocumentName, options =>
        {
            // The UI's form posts and the diagnostics are not part of the API.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer<DocumentHeader>();
            options.AddDocumentTransformer<BearerScheme>();
            options.AddOperationTransformer<BearerScheme>();
            options.AddOperationTransformer<ProblemResponses>();
            options.AddSchemaTransformer<ProblemCodes>();
            options.AddSchemaTransformer<ImmutableArraySchemas>();
        });
        return builder;
    }

    /// <summary>The reference page and its own files: under <c>/api</c>, and not an API route (<c>/api/v1/…</c>).</summary>
    public static bool IsReferencePage(PathString path) =>
        path.StartsWithSegments(PagePath, out var rest)
        && !(rest.StartsWithSegments("/" + DocumentName, out var below) && below.HasValue && below != "/");

    public static WebApplication MapConsultApiReference(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath.Replace(DocumentName, "{documentName}", StringComparison.Ordinal)).AllowAnonymous();
        // The page's script is served from the package (this site only: no CDN, no web fonts, no telemetry).
        app.MapScalarApiReference(PagePath, options => options
                .WithTitle("Consult API v1")
                .WithOpenApiRoutePattern(DocumentPath)
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .HideDeveloperTools()
                .AddPreferredSecuritySchemes(BearerScheme.Name))
            .AllowAnonymous();
        return app;
    }
}
