namespace Consult.Server.Tests.Fixtures;

/// <summary>Where a room's grain lives in a cluster of server processes.</summary>
public static class ClusterRooms
{
    /// <summary>The node whose silo holds <paramref name="roomId"/>'s activation.</summary>
    public static async Task<ServerProcess> HolderOf(IReadOnlyList<ServerProcess> nodes, Guid roomId, string password)
    {
        var manager = await nodes[0].SignIn("manager", password);
        var silo = (string?)(await manager.Get($"/api/v1/admin/cluster/rooms/{roomId}"))["silo"];
        Assert.NotNull(silo);
        foreach (var node in nodes)
        {
            var self = (string?)(await (await node.SignIn("manager", password)).Get("/api/v1/admin/cluster"))["self"];
            if (self == silo)
                return node;
        }

        throw new InvalidOperationException($"No node is silo {silo}.");
    }
}
