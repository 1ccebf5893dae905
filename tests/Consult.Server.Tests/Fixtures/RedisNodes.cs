namespace Consult.Server.Tests.Fixtures;

/// <summary>
/// Nodes in Cluster mode on a Redis of their own, each with a data folder of its own under one
/// shared folder (the materials), started one after the other as an operator would: the first
/// seeds the demo accounts.
/// </summary>
public sealed class RedisNodes : IAsyncDisposable
{
    private readonly List<LiveNode> _nodes = [];

    private RedisNodes(string folder, RedisServer redis)
    {
        Folder = folder;
        Redis = redis;
    }

    public string Folder { get; }

    public RedisServer Redis { get; }

    public IReadOnlyList<LiveNode> Nodes => _nodes;

    public static async Task<RedisNodes> Start(string prefix, int count)
    {
        var cluster = new RedisNodes(TempFolder.New(prefix), await RedisServer.Start());
        for (var i = 0; i < count; i++)
            cluster._nodes.Add(new LiveNode(Path.Combine(cluster.Folder, $"node{i}"), settings: ClusterSettings.For(cluster.Redis, cluster.Folder)));
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Enumerable.Reverse(_nodes))
            await node.DisposeAsync();
        await Redis.DisposeAsync();
        TempFolder.Delete(Folder);
    }
}
