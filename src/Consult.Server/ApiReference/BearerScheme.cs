using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Consult.Server.ApiReference;

/// <summary>
/// The bearer token of <c>POST /api/v1/auth/token</c> as the document's security scheme, required
/// by every operation that asks for a signed-in caller (and by no anonymous one).
/// </summary>
internal sealed class BearerScheme : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string Name = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Name] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The `accessToken` answered by `POST /api/v1/auth/token` (an opaque, data-protected ticket; "
                + "it expires after `expiresIn` seconds). Writes take the bearer token only; the UI's cookie is accepted on reads.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (RequiresSignIn(context.Description.ActionDescriptor.EndpointMetadata))
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Name, context.Document)] = [] });
        }

        return Task.CompletedTask;
    }

    /// <summary>Authorization asked for and not waived: what the authorization middleware itself decides on.</summary>
    public static bool RequiresSignIn(IEnumerable<object> metadata)
    {
        var items = metadata.ToList();
        return items.OfType<IAuthorizeData>().Any() && !items.OfType<IAllowAnonymous>().Any();
    }
}
