using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Consult.Server.Tests.Fixtures;

/// <summary>A server in demo mode on a data folder the test chooses, so it can stop it and start another on the same folder.</summary>
public static class FolderServer
{
    public static WebApplicationFactory<Program> Start(string folder) => new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Consult:DataPath", folder);
        builder.UseSetting("Consult:Demo:Enabled", "true");
        builder.UseSetting("Consult:Demo:Password", ConsultApp.Password);
        builder.UseSetting("Consult:RateLimits:WritesPerSecond", "100000");
        builder.UseSetting("Consult:RateLimits:WriteBurst", "100000");
        builder.UseSetting("Consult:Silo:Port", FreePorts.Next().ToString());
        builder.UseSetting("Consult:Silo:GatewayPort", FreePorts.Next().ToString());
    });

    /// <summary>A client of <paramref name="server"/> signed in as <paramref name="userName"/> with a bearer token.</summary>
    public static async Task<HttpClient> SignIn(this WebApplicationFactory<Program> server, string userName)
    {
        var client = server.CreateClient();
        var token = await (await client.Post("/api/v1/auth/token", new { userName, password = ConsultApp.Password })).Json(HttpStatusCode.OK);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)token["accessToken"]!);
        return client;
    }
}
