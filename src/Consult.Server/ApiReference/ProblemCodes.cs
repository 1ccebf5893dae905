using System.Reflection;
using System.Text.Json.Nodes;
using Consult.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Consult.Server.ApiReference;

/// <summary>Every problem carries the contract's <c>code</c>: the schema names it and lists the codes there are.</summary>
internal sealed class ProblemCodes : IOpenApiSchemaTransformer
{
    /// <summary>The contract's error codes (<see cref="ErrorCodes"/>).</summary>
    public static readonly string[] All = [.. typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Order(StringComparer.Ordinal)];

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type != typeof(ProblemDetails))
            return Task.CompletedTask;
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["code"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The stable error code a program acts on (docs/api.md, \"Errors\"); `title` and `detail` are for people.",
            Enum = [.. All.Select(code => (JsonNode)JsonValue.Create(code))],
        };
        schema.Required ??= new HashSet<string>();
        schema.Required.Add("code");
        return Task.CompletedTask;
    }
}
