using System.Text.Json;
using Consult.Common;
using Consult.Grains.Tests.Fixtures;
using Consult.Realtime;
using Consult.Rooms;
using Consult.Rooms.Events;

namespace Consult.Grains.Tests.Rooms;

/// <summary>A board that moves its copy of the room forward event by event ends where the room itself is.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RoomProjectionTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ApplyingEveryEventToTheFirstSnapshotGivesTheRoomsOwnSnapshotAfterEachStep()
    {
        var (_, room, opened) = await Scenario.OpenRoom(fixture.Grains, ("road-admin", SeatRole.Required), ("traffic-police", SeatRole.Required), ("housing", SeatRole.Advisory));
        var copy = opened;
        async Task Step(Func<Task> command)
        {
            await command();
            var events = await room.GetEvents(Actors.Manager, copy.Seq);
            foreach (var roomEvent in events)
                copy = RoomProjection.Apply(copy, roomEvent) ?? throw new Xunit.Sdk.XunitException($"could not apply {roomEvent.Type} at seq {roomEvent.Seq}");
            var actual = await room.Get(Actors.Manager);
            // Who is present is not in the log (boards receive it as SeatPresence notifications).
            Assert.Equal(Json(WithoutPresence(actual)), Json(WithoutPresence(copy)));
        }

        await Step(() => room.Connect(Actors.Rep("road-admin"), "node-a", "c-1"));
        await Step(() => room.Connect(Actors.Rep("traffic-police"), "node-a", "c-2"));
        await Step(() => room.PostMessage(Actors.Rep("road-admin"), new ChatMessage("路政：方案可行", "m-1")));
        await Step(() => room.CastDecision(Actors.Rep("road-admin"), Scenario.Decision("road-admin", DecisionOutcome.ApproveWithConditions, null, "设置警示标志", "夜间施工")));
        await Step(() => room.CastDecision(Actors.Rep("road-admin"), Scenario.Decision("road-admin", DecisionOutcome.Approve)));
        await Step(() => room.Invite(Actors.Window, "enforcement", SeatRole.Required));
        await Step(() => room.ExtendDeadline(Actors.Window, copy.Deadline.AddHours(2), "需要现场勘查"));
        await Step(() => room.CastDecision(Actors.Window, Scenario.Decision("traffic-police", DecisionOutcome.Approve) with { OnBehalf = true }));
        await Step(() => room.Disconnect("node-a", "c-2"));
        await Step(() => room.CastDecision(Actors.Rep("enforcement"), Scenario.Decision("enforcement", DecisionOutcome.Recuse, "不属本部门职责")));
        await Step(() => room.Close(Actors.Window, "同意", null));
        Assert.Equal(RoomStatus.Closed, copy.Status);
    }

    [Fact]
    public async Task AnEventThatIsNotTheNextOneIsNotApplied()
    {
        var (_, room, opened) = await Scenario.OpenRoom(fixture.Grains, ("road-admin", SeatRole.Required));
        await room.PostMessage(Actors.Rep("road-admin"), new ChatMessage("一", "m-1"));
        await room.PostMessage(Actors.Rep("road-admin"), new ChatMessage("二", "m-2"));
        var events = await room.GetEvents(Actors.Manager, opened.Seq);
        Assert.Null(RoomProjection.Apply(opened, events[1]));
        Assert.NotNull(RoomProjection.Apply(opened, events[0]));
    }

    private static RoomSnapshot WithoutPresence(RoomSnapshot snapshot) =>
        snapshot with { Seats = [.. snapshot.Seats.Select(s => s with { Present = [] })] };

    private static string Json(RoomSnapshot snapshot) => JsonSerializer.Serialize(snapshot, ConsultJson.Options);
}
