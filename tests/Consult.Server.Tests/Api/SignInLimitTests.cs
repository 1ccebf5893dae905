using System.Net;
using Consult.Server.Tests.Fixtures;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Consult.Server.Tests.Api;

public sealed class SignInLimitTests
{
    [Fact]
    public async Task PasswordGuessingIsSlowedDownPerClient()
    {
        var folder = Path.Combine(Path.GetTempPath(), "consult-limit-" + Guid.NewGuid().ToString("N"));
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Consult:DataPath", folder);
            builder.UseSetting("Consult:Demo:Enabled", "true");
            builder.UseSetting("Consult:SignInPerMinute", "3");
            builder.UseSetting("Consult:Silo:Port", FreePorts.Next().ToString());
            builder.UseSetting("Consult:Silo:GatewayPort", FreePorts.Next().ToString());
        });
        var client = factory.CreateClient();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            answers.Add((await client.Post("/api/v1/auth/token", new { userName = "window", password = $"guess-{i}" })).StatusCode);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers);
        var right = await client.Post("/api/v1/auth/token", new { userName = "window", password = "consult-demo" });
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
    }
}
