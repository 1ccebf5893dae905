using System.Collections.Immutable;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Consult.Server.ApiReference;

/// <summary>
/// An answer that is an <see cref="ImmutableArray{T}"/> itself (a room's events, an inbox) is the
/// array of <c>T</c> it is written as; members of records are described by <see cref="SchemaShapes"/>.
/// </summary>
internal sealed class ImmutableArraySchemas : IOpenApiSchemaTransformer
{
    public async Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type is not { IsGenericType: true } type || type.GetGenericTypeDefinition() != typeof(ImmutableArray<>))
            return;
        schema.Type = JsonSchemaType.Array;
        schema.Items = await context.GetOrCreateSchemaAsync(type.GetGenericArguments()[0], cancellationToken: cancellationToken);
    }
}
