using System.Net;
using System.Net.Http.Headers;
using Consult.Common;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Api;

/// <summary>An unknown address: a page in the reader's language for a browser, problem details for a program.</summary>
[Collection(AppCollection.Name)]
public sealed class NotFoundTests(ConsultApp app)
{
    [Theory]
    [InlineData(null, "&#x627E;&#x4E0D;&#x5230;&#x8FD9;&#x4E2A;&#x9875;&#x9762;")]
    [InlineData("c=en|uic=en", "Page not found")]
    public async Task ABrowserAtAnUnknownPageGetsA404PageInItsLanguage(string? culture, string title)
    {
        using var browser = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/cases/no/such/page");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        if (culture is not null)
            request.Headers.Add("Cookie", ".AspNetCore.Culture=" + Uri.EscapeDataString(culture));

        var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"not-found\"", page, StringComparison.Ordinal);
        Assert.Contains(title, page, StringComparison.Ordinal);
        Assert.DoesNotContain("\"status\":404", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/no-such-route", "*/*")]
    [InlineData("/api/v1/no-such-route", "application/json")]
    [InlineData("/no-such-page", "application/json")]
    public async Task AProgramOrAnyApiAddressGetsProblemDetails(string path, string accept)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"code\":\"{ErrorCodes.NotFound}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
