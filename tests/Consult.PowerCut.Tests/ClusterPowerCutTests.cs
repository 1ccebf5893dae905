using Xunit.Abstractions;

namespace Consult.PowerCut.Tests;

/// <summary>
/// Cluster mode: a node and its Redis (the deployment's <c>redis.conf</c>, append-only) lose their
/// power together, Redis's folder and the shared materials folder on LazyFS.
/// </summary>
[Collection(PowerCutCollection.Name)]
public sealed class ClusterPowerCutTests(ITestOutputHelper output)
{
    /// <summary><c>appendfsync always</c> (the deployment's setting): Redis fsyncs before it answers, so nothing acknowledged is lost.</summary>
    [Fact]
    public async Task AppendFsyncAlwaysLosesNothing()
    {
        var result = await new PowerCutRun(output).Cluster("cluster, appendfsync always", "always", TimeSpan.FromSeconds(5), new WorkloadShape());
        EmbeddedPowerCutTests.AssertNothingLost(result);
    }

    /// <summary>
    /// <c>appendfsync everysec</c>: Redis answers before it fsyncs, so a cut loses what it answered
    /// in the last second or so (Redis documents up to two when the disk is slow). The run shows
    /// how much; what was acknowledged more than three seconds before the cut is never lost, and
    /// the logs stay gapless (the file is a prefix).
    /// </summary>
    [Fact]
    public async Task AppendFsyncEverySecondLosesAtMostTheLastSecond()
    {
        var result = await new PowerCutRun(output).Cluster("cluster, appendfsync everysec", "everysec", TimeSpan.FromSeconds(5), new WorkloadShape());
        var cut = result.Ledger.CutAt!.Value;
        Assert.True(result.Ledger.Total > 50, result.Ledger.Counts);
        Assert.All(result.Lost, lost => Assert.True(cut - lost.At < TimeSpan.FromSeconds(3),
            $"{lost.Kind} {lost.What} was acknowledged {(cut - lost.At).TotalMilliseconds:F0} ms before the cut and lost"));
        Assert.Empty(result.Changed);
        Assert.DoesNotContain(result.HalfDone, h => h.Contains("gap", StringComparison.Ordinal));
    }
}
