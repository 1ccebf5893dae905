using Consult.Common;
using Consult.Rooms;

namespace Consult.Grains.Tests.Rooms;

/// <summary>The room's call roster, without a cluster: the mesh limit and who goes when a node stops reporting.</summary>
public sealed class RoomCallTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void TheNinthConnectionIsRefusedAndAFreedPlaceIsTakenAgain()
    {
        var call = new RoomCall();
        for (var i = 0; i < RoomCall.MeshLimit; i++)
            Assert.True(call.Join("node-a", Rep("road-admin"), $"c{i}", Now.AddSeconds(i)));

        var refused = Assert.Throws<ConsultException>(() => call.Join("node-a", Rep("housing"), "c9", Now));
        Assert.Equal(ErrorCodes.CallFull, refused.Code);
        Assert.False(call.Join("node-a", Rep("road-admin"), "c0", Now), "a connection already in the call joins once");

        Assert.NotNull(call.Leave("c3"));
        Assert.Null(call.Leave("c3"));
        Assert.True(call.Join("node-b", Rep("housing"), "c9", Now.AddMinutes(1)));
        Assert.Equal(RoomCall.MeshLimit, call.Count);
        Assert.Equal("c9", call.Members[^1].ConnectionId);
        Assert.Equal("node-b", call.NodeOf("c9"));
    }

    [Fact]
    public void MembersNotReportedByTheirNodeOrOnADeadNodeAreGone()
    {
        var call = new RoomCall();
        call.Join("node-a", Rep("road-admin"), "a1", Now);
        call.Join("node-a", Rep("road-admin"), "a2", Now);
        call.Join("node-b", Rep("housing"), "b1", Now);
        call.Join("node-c", Rep("tax"), "c1", Now);

        var gone = call.Gone("node-a", new HashSet<string>(["a1"]), new HashSet<string>(["node-a", "node-b"]));

        Assert.Equal(["a2", "c1"], gone.Order(StringComparer.Ordinal));
        Assert.Equal(["a1", "a2"], call.On("node-a"));
    }

    private static Actor Rep(string department) => new($"{department}-rep", Roles.Department, department);
}
