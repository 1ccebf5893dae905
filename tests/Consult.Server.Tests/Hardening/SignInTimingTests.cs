using System.Diagnostics;
using System.Net;
using Consult.Server.Tests.Fixtures;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Consult.Server.Tests.Hardening;

/// <summary>Whether a user name exists cannot be read from how long a failed sign-in takes.</summary>
/// <remarks>A measurement: it runs alone, not beside the other test collections (2 cores).</remarks>
[Collection(QuietCollection.Name)]
public sealed class SignInTimingTests
{
    [Fact]
    public async Task AnUnknownUserAndAWrongPasswordTakeTheSameTime()
    {
        var folder = Path.Combine(Path.GetTempPath(), "consult-timing-" + Guid.NewGuid().ToString("N"));
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Consult:DataPath", folder);
            builder.UseSetting("Consult:Demo:Enabled", "true");
            builder.UseSetting("Consult:SignInPerMinute", "100000");
            builder.UseSetting("Consult:RateLimits:LockoutFailures", "100000");
            builder.UseSetting("Consult:Silo:Port", FreePorts.Next().ToString());
            builder.UseSetting("Consult:Silo:GatewayPort", FreePorts.Next().ToString());
        });
        var client = factory.CreateClient();
        async Task<double> Attempt(string userName)
        {
            var watch = Stopwatch.StartNew();
            var response = await client.Post("/api/v1/auth/token", new { userName, password = "wrong-password" });
            watch.Stop();
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            return watch.Elapsed.TotalMilliseconds;
        }

        // Warm both paths (JIT, grain activation of the existing account), then interleave, so noise hits both alike.
        for (var i = 0; i < 3; i++)
        {
            await Attempt("window");
            await Attempt("nobody-warm-" + i);
        }
        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            known.Add(await Attempt("window"));
            unknown.Add(await Attempt("nobody-" + i));
        }

        var (a, b) = (Median(known), Median(unknown));
        Assert.True(Math.Abs(a - b) / Math.Max(a, b) < 0.20, $"median wrong password {a:F1} ms, unknown user {b:F1} ms");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[sorted.Count / 2] + sorted[(sorted.Count - 1) / 2]) / 2;
    }
}
