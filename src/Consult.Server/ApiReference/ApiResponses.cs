using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Consult.Server.ApiReference;

/// <summary>
/// The refusals (RFC 9457 problem details) an operation documents. Those every route shares are
/// added to the whole <c>/api/v1</c> group from what the endpoint itself carries, so a new route
/// documents them without a word: <c>400</c> (the request guards and the binding refuse any
/// request), <c>401</c> where sign-in is required, <c>429</c> where a rate limit applies, <c>503</c>
/// (the cluster did not answer in time). A route adds its own (<c>403</c>, <c>404</c>, <c>409</c>) with
/// <see cref="Refuses"/>.
/// </summary>
public static class ApiResponses
{
    public const string ProblemContentType = "application/problem+json";

    public static TBuilder DocumentSharedRefusals<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            List<int> statuses = [StatusCodes.Status400BadRequest, StatusCodes.Status503ServiceUnavailable];
            if (BearerScheme.RequiresSignIn(endpoint.Metadata))
                statuses.Add(StatusCodes.Status401Unauthorized);
            if (IsRateLimited(endpoint))
                statuses.Add(StatusCodes.Status429TooManyRequests);
            var documented = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Select(m => m.StatusCode).ToHashSet();
            foreach (var status in statuses.Where(documented.Add))
                endpoint.Metadata.Add(Problem(status));
        });
        return builder;
    }

    /// <summary>The route's own refusals, answered as problem details with the contract's <c>code</c>.</summary>
    public static RouteHandlerBuilder Refuses(this RouteHandlerBuilder builder, params int[] statuses) =>
        builder.WithMetadata([.. statuses.Select(Problem)]);

    /// <summary>A file answered as it is stored or made (a material, a PDF, an export): bytes of these types.</summary>
    public static RouteHandlerBuilder ProducesFile(this RouteHandlerBuilder builder, string contentType, params string[] moreContentTypes) =>
        builder.Produces<Stream>(StatusCodes.Status200OK, contentType, moreContentTypes);

    /// <summary>
    /// A body the handler reads itself (a multipart form, or JSON or multipart), for the document only:
    /// <c>Accepts</c> would also make routing refuse every other content type with a bare 415.
    /// </summary>
    public static RouteHandlerBuilder DescribesBody<TBody>(this RouteHandlerBuilder builder, string contentType, bool required = true) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var body = operation.RequestBody as OpenApiRequestBody ?? new OpenApiRequestBody { Required = required };
            body.Content ??= new Dictionary<string, OpenApiMediaType>();
            body.Content[contentType] = new OpenApiMediaType { Schema = await context.GetOrCreateSchemaAsync(typeof(TBody), null, cancellationToken) };
            operation.RequestBody = body;
        });

    private static ProducesResponseTypeMetadata Problem(int status) => new(status, typeof(ProblemDetails), [ProblemContentType]);

    /// <summary>The limits of <c>RequestGuards</c>: a named policy, the anonymous routes, and writes by a signed-in user.</summary>
    private static bool IsRateLimited(EndpointBuilder endpoint)
    {
        if (endpoint.Metadata.OfType<EnableRateLimitingAttribute>().Any())
            return true;
        if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } pattern } && Api.RequestGuards.IsAnonymousRoute("/" + pattern.TrimStart('/')))
            return true;
        var methods = endpoint.Metadata.OfType<HttpMethodMetadata>().SelectMany(m => m.HttpMethods);
        return BearerScheme.RequiresSignIn(endpoint.Metadata)
            && methods.Any(m => !HttpMethods.IsGet(m) && !HttpMethods.IsHead(m) && !HttpMethods.IsOptions(m));
    }
}
