using System.Net;
using Consult.Server.Telemetry;

namespace Consult.Server.Tests.Telemetry;

public sealed class ScrapeAccessTests
{
    [Theory]
    [InlineData("127.0.0.1", "", true)]
    [InlineData("127.8.9.10", "", true)]
    [InlineData("::1", "", true)]
    [InlineData("::ffff:127.0.0.1", "", true)]
    [InlineData("10.0.5.7", "", false)]
    [InlineData("10.0.5.7", "10.0.5.0/24", true)]
    [InlineData("::ffff:10.0.5.7", "10.0.5.0/24", true)]
    [InlineData("10.0.6.7", "10.0.5.0/24", false)]
    [InlineData("10.0.6.7", "10.0.5.0/24,10.0.6.7/32", true)]
    [InlineData("fd00::2", "fd00::/8", true)]
    [InlineData("fe80::2", "fd00::/8", false)]
    public void LoopbackAndTheAllowedNetworksMayScrape(string remote, string networks, bool allowed)
    {
        var parsed = networks.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(IPNetwork.Parse).ToList();

        Assert.Equal(allowed, ScrapeAccess.IsAllowed(IPAddress.Parse(remote), parsed));
    }

    [Fact]
    public void ARequestWithoutARemoteAddressMayNotScrape() =>
        Assert.False(ScrapeAccess.IsAllowed(null, [IPNetwork.Parse("0.0.0.0/0")]));
}
