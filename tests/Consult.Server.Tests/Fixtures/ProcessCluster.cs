namespace Consult.Server.Tests.Fixtures;

/// <summary>
/// Server processes in Cluster mode on a Redis of their own, started one after the other (the
/// first creates the membership table), with a shared folder for materials; all stopped and
/// removed at the end.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private readonly string _folder;
    private readonly RedisServer _redis;

    private ProcessCluster(string folder, RedisServer redis)
    {
        _folder = folder;
        _redis = redis;
    }

    public List<ServerProcess> Nodes { get; } = [];

    /// <param name="settings">Further settings on top of the cluster's own (e.g. short reminder periods).</param>
    public static async Task<ProcessCluster> Start(string prefix, string password, int nodes, IReadOnlyDictionary<string, string> settings)
    {
        var cluster = new ProcessCluster(TempFolder.New(prefix), await RedisServer.Start());
        var all = ClusterSettings.For(cluster._redis, cluster._folder);
        foreach (var (key, value) in settings)
            all[key] = value;
        try
        {
            for (var i = 0; i < nodes; i++)
                cluster.Nodes.Add(await ServerProcess.Start(Path.Combine(cluster._folder, $"node{i}"), password, all));
        }
        catch
        {
            // The caller never gets the cluster to dispose: the nodes started and Redis go now.
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
            await node.DisposeAsync();
        await _redis.DisposeAsync();
        TempFolder.Delete(_folder);
    }
}
