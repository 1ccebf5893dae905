using Consult.Common;
using Consult.Server.Api;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Consult.Server.ApiReference;

/// <summary>
/// Each problem response names the contract's codes it carries (from the exception handler's own
/// mapping of code to status), <c>429</c> and <c>503</c> their <c>Retry-After</c>; responses are
/// listed by status.
/// </summary>
internal sealed class ProblemResponses : IOpenApiOperationTransformer
{
    private static readonly ILookup<int, string> CodesByStatus = ProblemCodes.All.ToLookup(ConsultExceptionHandler.StatusFor);

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses is not { Count: > 0 } responses)
            return Task.CompletedTask;
        foreach (var (key, response) in responses)
        {
            if (response is not OpenApiResponse problem || problem.Content?.ContainsKey(ApiResponses.ProblemContentType) != true || !int.TryParse(key, out var status))
                continue;
            var codes = CodesByStatus[status].ToList();
            if (codes.Count > 0)
                problem.Description = $"{problem.Description}: `{string.Join("`, `", codes)}`";
            if (status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
            {
                problem.Headers ??= new Dictionary<string, IOpenApiHeader>();
                problem.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before retrying.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                };
            }
        }

        var ordered = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        responses.Clear();
        foreach (var (key, response) in ordered)
            responses.Add(key, response);
        return Task.CompletedTask;
    }
}
