using Consult.Server.Tests.Fixtures;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Consult.Server.Tests.Api;

public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Consult:Mode", "Banana", "Consult:Mode")]
    [InlineData("Consult:Mode", "Cluster", "Consult:Mode=Cluster is not yet available")]
    [InlineData("Consult:TimeZone", "Mars/Olympus", "Consult:TimeZone")]
    [InlineData("Consult:Admin:UserName", "root", "Consult:Admin:Password")]
    [InlineData("Consult:Silo:Port", "70000", "Consult:Silo:Port")]
    public void AWrongSettingStopsTheServerWithAMessageNamingTheKey(string key, string value, string expected)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Consult:DataPath", Path.Combine(Path.GetTempPath(), "consult-config-" + Guid.NewGuid().ToString("N")));
            builder.UseSetting("Consult:Silo:Port", FreePorts.Next().ToString());
            builder.UseSetting("Consult:Silo:GatewayPort", FreePorts.Next().ToString());
            builder.UseSetting(key, value);
        });
        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains(expected, Flatten(failure));
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
