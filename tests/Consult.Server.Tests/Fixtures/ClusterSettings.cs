namespace Consult.Server.Tests.Fixtures;

/// <summary>The settings that put a node in Cluster mode on a test's own Redis.</summary>
public static class ClusterSettings
{
    public static Dictionary<string, string> For(RedisServer redis, string sharedFolder, string? redisOptions = null) => new()
    {
        ["Consult:Mode"] = "Cluster",
        ["ConnectionStrings:Redis"] = redis.ConnectionString(redisOptions),
        ["Consult:Materials:Path"] = Path.Combine(sharedFolder, "materials"),
    };
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    /// <summary>Multi-node tests run alone: they measure failure detection, which a busy machine skews.</summary>
    public const string Name = "cluster";
}
