using Consult.Server.Tests.Fixtures;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Consult.Server.Tests.Api;

public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Consult:Mode", "Banana", "Consult:Mode")]
    [InlineData("Consult:Mode", "Cluster", "ConnectionStrings:Redis must be set")]
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

    [Theory]
    [InlineData("ConnectionStrings:Redis", "127.0.0.1:6379,bogus=1", "ConnectionStrings:Redis cannot be read")]
    [InlineData("Consult:Materials:Path", "", "Consult:Materials:Path must name a folder every node shares")]
    [InlineData("Consult:Cluster:AdvertisedAddress", "not a host", "Consult:Cluster:AdvertisedAddress")]
    [InlineData("Consult:Cluster:ProbeTimeoutSeconds", "0", "Consult:Cluster:ProbeTimeoutSeconds")]
    [InlineData("Consult:Silo:PrimaryPort", "11111", "Consult:Silo:PrimaryPort is for local Embedded nodes")]
    [InlineData("Consult:Silo:ShutdownSeconds", "1", "Consult:Silo:ShutdownSeconds")]
    public void AWrongClusterSettingStopsTheServerWithAMessageNamingTheKey(string key, string value, string expected)
    {
        // Refused before anything connects: no Redis listens on port 1.
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Consult:Mode", "Cluster");
            builder.UseSetting("ConnectionStrings:Redis", "127.0.0.1:1");
            builder.UseSetting("Consult:Materials:Path", Path.Combine(Path.GetTempPath(), "consult-config-" + Guid.NewGuid().ToString("N")));
            builder.UseSetting(key, value);
        });
        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains(expected, Flatten(failure));
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
