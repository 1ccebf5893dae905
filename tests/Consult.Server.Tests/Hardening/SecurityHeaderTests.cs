using System.Net;
using System.Net.Http.Headers;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Hardening;

[Collection(AppCollection.Name)]
public sealed class SecurityHeaderTests(ConsultApp app)
{
    [Theory]
    [InlineData("/login", "script-src 'self'")]
    [InlineData("/track/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "script-src 'self'")]
    [InlineData("/api/v1/catalog/matters", "default-src 'none'")]
    public async Task PagesAndApiAnswersCarrySecurityHeaders(string path, string policy)
    {
        var response = await app.CreateClient().GetAsync(path);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains(policy, response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("page.html", "text/html", "application/octet-stream")]
    [InlineData("drawing.svg", "image/svg+xml", "application/octet-stream")]
    [InlineData("plan.pdf", "application/pdf", "application/pdf")]
    public async Task MaterialsAreServedWithAnAllowedTypeAsDownloads(string name, string declared, string served)
    {
        var window = await app.SignIn("window");
        var caseId = (string)(await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created))["caseId"]!;
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("<script>alert(1)</script>"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue(declared);
        form.Add(file, "file", name);
        var material = await (await window.PostAsync($"/api/v1/cases/{caseId}/materials", form)).Json(HttpStatusCode.Created);

        var download = await window.GetAsync($"/api/v1/cases/{caseId}/materials/{(string)material["sha256"]!}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(served, download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
