using System.Net;
using System.Net.Http.Json;
using Consult.Server.Tests.Fixtures;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Consult.Server.Tests.Api;

/// <summary>
/// <c>/openapi/v1.json</c> against the running server: valid OpenAPI, every mapped <c>/api/v1</c>
/// route in it with its method, each operation's answer and refusals documented with their shapes,
/// and the bearer scheme exactly where the server asks for a sign-in.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class OpenApiDocumentTests(ConsultApp app)
{
    private const string ProblemType = "application/problem+json";

    [Fact]
    public async Task TheDocumentIsServedToAnyoneAndIsValidOpenApi()
    {
        var response = await app.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (document, diagnostic) = OpenApiDocument.Parse(await response.Content.ReadAsStringAsync(), "json");

        Assert.Empty(diagnostic!.Errors.Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.NotNull(document);
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet())!.Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Equal("v1", document.Info.Version);
    }

    [Fact]
    public async Task EveryMappedApiRouteIsInTheDocumentWithItsMethodAndNothingElseIs()
    {
        var document = await Document();
        var mapped = ApiRoutes().Select(r => $"{r.Method} {r.Path}").Order(StringComparer.Ordinal).ToList();
        var documented = Operations(document).Select(o => $"{o.Method} {o.Path}").Order(StringComparer.Ordinal).ToList();

        Assert.True(mapped.Count > 40, $"Only {mapped.Count} routes were found under /api/v1: is the endpoint data source read right?");
        Assert.Equal(mapped, documented);
    }

    [Fact]
    public async Task EveryOperationDocumentsItsSuccessWithAShapeAndItsRefusalsAsProblemDetails()
    {
        var document = await Document();
        var missing = new List<string>();
        foreach (var (method, path, operation) in Operations(document))
        {
            var name = $"{method} {path}";
            var responses = operation.Responses ?? [];
            var successes = responses.Where(r => r.Key.StartsWith('2')).ToList();
            if (successes.Count == 0)
                missing.Add($"{name}: no 2xx response (return a typed value, TypedResults, or add .Produces<T>())");
            foreach (var (status, success) in successes.Where(s => s.Key != "204"))
            {
                if (success.Content is not { Count: > 0 } content || content.Values.Any(c => !IsDescribed(c.Schema)))
                    missing.Add($"{name}: {status} has no schema (add .Produces<T>({status}) or .ProducesFile(type))");
            }

            var refusals = responses.Where(r => !r.Key.StartsWith('2')).ToList();
            if (refusals.Count == 0)
                missing.Add($"{name}: no problem response");
            foreach (var (status, refusal) in refusals)
            {
                if (refusal.Content is not { } content || !content.TryGetValue(ProblemType, out var problem)
                    || problem.Schema is not OpenApiSchemaReference { Reference.Id: "ProblemDetails" })
                    missing.Add($"{name}: {status} is not {ProblemType} with the ProblemDetails schema");
            }

            if (string.IsNullOrWhiteSpace(operation.OperationId) || string.IsNullOrWhiteSpace(operation.Summary) || operation.Tags is not { Count: > 0 })
                missing.Add($"{name}: no operation id, summary or tag (.WithName, .WithSummary, .WithTags)");
        }

        AssertNone(missing);
        var ids = Operations(document).Select(o => o.Operation.OperationId).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task EverySchemaOfTheDocumentSaysWhatItIs()
    {
        var document = await Document();
        var empty = document.Components!.Schemas!.Where(s => !IsDescribed(s.Value)).Select(s => s.Key).ToList();
        Assert.Empty(empty);

        var problem = document.Components.Schemas!["ProblemDetails"];
        Assert.Contains("code", problem.Required!);
        Assert.Contains("not_invited", problem.Properties!["code"].Enum!.Select(e => e!.GetValue<string>()));
        var caseView = document.Components.Schemas["CaseView"];
        Assert.Equal(JsonSchemaType.Array, caseView.Properties!["timeline"].Type);
        Assert.Equal("TimelineEntry", Assert.IsType<OpenApiSchemaReference>(caseView.Properties["timeline"].Items).Reference.Id);
    }

    [Fact]
    public async Task SignedInOperationsCarryTheBearerSchemeAndDocumentUnauthorized()
    {
        var document = await Document();
        var bearer = Assert.IsType<OpenApiSecurityScheme>(document.Components!.SecuritySchemes!["Bearer"]);
        Assert.Equal(SecuritySchemeType.Http, bearer.Type);
        Assert.Equal("bearer", bearer.Scheme);

        var routes = ApiRoutes().ToDictionary(r => $"{r.Method} {r.Path}");
        var wrong = new List<string>();
        foreach (var (method, path, operation) in Operations(document))
        {
            var signIn = routes[$"{method} {path}"].RequiresSignIn;
            var requiresBearer = operation.Security?.Any(s => s.Keys.Any(k => k.Reference.Id == "Bearer")) == true;
            var documents401 = operation.Responses?.ContainsKey("401") == true;
            if (requiresBearer != signIn || (signIn && !documents401))
                wrong.Add($"{method} {path}: sign-in {signIn}, bearer {requiresBearer}, 401 {documents401}");
        }

        AssertNone(wrong);
    }

    [Fact]
    public async Task WhatTheDocumentSaysAboutSigningInIsWhatTheServerDoes()
    {
        var document = await Document();
        var client = app.CreateClient();
        var wrong = new List<string>();
        foreach (var (method, path, operation) in Operations(document))
        {
            var request = new HttpRequestMessage(new HttpMethod(method), SampleAddress(path));
            if (method is "POST" or "PUT")
                request.Content = JsonContent.Create(new { });
            var status = (await client.SendAsync(request)).StatusCode;
            var requiresBearer = operation.Security is { Count: > 0 };
            if (requiresBearer != (status == HttpStatusCode.Unauthorized))
                wrong.Add($"{method} {path}: the document says bearer {requiresBearer}; without a token the server answered {(int)status}");
        }

        AssertNone(wrong);
    }

    [Fact]
    public async Task TheReferencePageIsServedFromThisSiteAndLeavesTheApiRoutesAlone()
    {
        var client = app.CreateClient();
        var page = await client.GetAsync("/api/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        var script = await client.GetAsync("/api/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("javascript", script.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);

        var unknown = await client.GetAsync("/api/v1/no-such-route");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(ProblemType, unknown.Content.Headers.ContentType!.MediaType);
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", (await client.GetAsync("/api/v1/catalog/matters")).Headers.GetValues("Content-Security-Policy").Single());
    }

    /// <summary>Fails listing every finding, each on its own line (a route's author reads what to add).</summary>
    private static void AssertNone(List<string> findings) =>
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));

    private async Task<OpenApiDocument> Document()
    {
        var json = await app.CreateClient().GetStringAsync("/openapi/v1.json");
        return OpenApiDocument.Parse(json, "json").Document!;
    }

    private static IEnumerable<(string Method, string Path, OpenApiOperation Operation)> Operations(OpenApiDocument document) =>
        from path in document.Paths
        from operation in path.Value.Operations ?? []
        select (operation.Key.Method.ToUpperInvariant(), path.Key, operation.Value);

    /// <summary>Every method of every endpoint the app mapped under <c>/api/v1</c>, its path written as the document writes it.</summary>
    private IEnumerable<(string Method, string Path, bool RequiresSignIn)> ApiRoutes() =>
        from endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        let path = DocumentPath(endpoint.RoutePattern)
        where path.StartsWith("/api/v1/", StringComparison.Ordinal)
        from method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []
        select (method, path, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0 && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null);

    private static string DocumentPath(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));

    /// <summary>A concrete address for a documented path: a value of the right form for each parameter.</summary>
    private static string SampleAddress(string path) => System.Text.RegularExpressions.Regex.Replace(path, "{(?<name>[^}]+)}", match => match.Groups["name"].Value switch
    {
        "year" => "2026",
        "taskId" => "1",
        var name when name.EndsWith("Id", StringComparison.Ordinal) => Guid.NewGuid().ToString(),
        _ => "sample",
    });

    /// <summary>A schema that says what it is (a type, a composition or members), directly or through its reference.</summary>
    private static bool IsDescribed(IOpenApiSchema? schema) =>
        schema is not null && (schema.Type is not null || schema.OneOf is { Count: > 0 } || schema.AnyOf is { Count: > 0 } || schema.AllOf is { Count: > 0 }
            || schema.Properties is { Count: > 0 } || schema.Enum is { Count: > 0 });
}
