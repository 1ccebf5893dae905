using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Consult.Server.ApiReference;

/// <summary>The document's title and the few words a reader needs before the operations.</summary>
internal sealed class DocumentHeader : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Consult REST API",
            Version = ApiReferenceHostingExtensions.DocumentName,
            Description = "1+N joint consultation between departments. Sign in with `POST /api/v1/auth/token` and send "
                + "`Authorization: Bearer <accessToken>`. JSON is camelCase, enums are camelCase strings, times ISO-8601. "
                + "Every refusal is `application/problem+json` with a stable `code`. The rules (who may call what, "
                + "limits, idempotency) are in docs/api.md; this document is the source for shapes.",
        };
        return Task.CompletedTask;
    }
}
