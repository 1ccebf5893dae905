using Consult.Cases;
using Consult.Catalog;
using Consult.Grains.Tests.Fixtures;
using Consult.Records;
using Consult.Rooms;
using Consult.Rooms.Events;
using static Consult.Grains.Tests.Fixtures.Scenario;

namespace Consult.Grains.Tests.Records;

/// <summary>Who took part in the room's call and for how long, as the joint record states it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CallAttendanceTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly Guid Room = Guid.NewGuid();

    [Fact]
    public void EachPersonsTimeIsTheUnionOfTheirConnectionsAndAJoinWithoutALeaveCountsToTheClose()
    {
        var closedAt = Start.AddMinutes(60);
        var log = new Log()
            .Joined("road-admin", "road-admin", "r1", 0)
            .Joined("traffic-police", "traffic-police", "p1", 5)
            // A second tab of the same person, overlapping the first: counted once.
            .Joined("road-admin", "road-admin", "r2", 10)
            .Left("road-admin", "road-admin", "r1", 0, 20)
            .Left("road-admin", "road-admin", "r2", 10, 25)
            .Left("traffic-police", "traffic-police", "p1", 5, 15)
            // Back after a break: a second interval.
            .Joined("road-admin", "road-admin", "r3", 40)
            .Left("road-admin", "road-admin", "r3", 40, 45)
            // The window joins and its leave was never logged: counted up to the close.
            .Joined("window", null, "w1", 50)
            .Events;

        var parts = CallAttendance.From(log, closedAt);

        Assert.Equal(
            [("road-admin", "road-admin", 30L * 60, 3), ("traffic-police", "traffic-police", 10L * 60, 1), ("window", null, 10L * 60, 1)],
            parts.Select(p => (p.UserName, p.Department, p.Seconds, p.Joins)));
        var road = parts[0];
        Assert.Equal((Start, Start.AddMinutes(45)), (road.FirstJoinedAt, road.LastLeftAt));
        Assert.Equal("road-admin 代表", road.Name);
        Assert.Equal(closedAt, parts[2].LastLeftAt);
    }

    [Fact]
    public void TheSameConnectionJoiningAgainWithoutALeaveEndsItsEarlierJoinAndNoTimeCountsAfterTheClose()
    {
        var closedAt = Start.AddMinutes(30);
        var log = new Log()
            .Joined("housing", "housing", "h1", 0)
            .Joined("housing", "housing", "h1", 12)
            .Left("housing", "housing", "h1", 12, 40)
            .Events;

        var part = Assert.Single(CallAttendance.From(Enumerable.Reverse(log), closedAt));

        Assert.Equal((30L * 60, 2, closedAt), (part.Seconds, part.Joins, part.LastLeftAt));
    }

    [Fact]
    public async Task TheRecordOfARoomStatesWhoTookPartByVideoAndForHowLong()
    {
        var time = new ShiftedTime(Start);
        var folder = Path.Combine(Path.GetTempPath(), "consult-callrecord-" + Guid.NewGuid().ToString("N"));
        var cluster = ClusterFixture.Build(Path.Combine(folder, "consult.db"), time: time);
        await cluster.DeployAsync();
        try
        {
            var grains = cluster.Client;
            var (caseId, room, _) = await OpenRoom(grains, ("road-admin", SeatRole.Required), ("traffic-police", SeatRole.Required));
            time.MoveTo(Start);
            await room.JoinCall(Actors.Rep("road-admin"), "node-a", "r1");
            time.MoveTo(Start.AddMinutes(2));
            await room.JoinCall(Actors.Rep("traffic-police"), "node-b", "p1");
            time.MoveTo(Start.AddMinutes(12));
            await room.LeaveCall("p1");
            time.MoveTo(Start.AddMinutes(20));
            await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve));
            await room.CastDecision(Actors.Rep("traffic-police"), Decision("traffic-police", DecisionOutcome.Approve));
            var closed = await room.Close(Actors.Window, "同意");

            var record = JointRecordBuilder.Build(closed, await room.GetEvents(Actors.Manager, 0),
                await grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Window), await grains.GetGrain<ICatalogGrain>(0).Get(), "Asia/Shanghai");

            Assert.Equal(JointRecord.CurrentFormat, record.Format);
            Assert.Equal(["road-admin", "traffic-police"], record.CallParticipants.Select(p => p.UserName));
            // The shifted clock keeps running between the steps: a second or two at most.
            Assert.InRange(record.CallParticipants[0].Seconds, 20 * 60, (20 * 60) + 2);
            Assert.InRange(record.CallParticipants[1].Seconds, (10 * 60) - 2, (10 * 60) + 2);
            Assert.Equal(closed.ClosedAt, record.CallParticipants[0].LastLeftAt);
            Assert.Contains("\"callParticipants\":[{\"userName\":\"road-admin\"", JointRecordHash.Seal(record).Json, StringComparison.Ordinal);
        }
        finally
        {
            await cluster.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A room's call events, minutes after <see cref="Start"/>.</summary>
    private sealed class Log
    {
        public List<RoomEvent> Events { get; } = [];

        public Log Joined(string user, string? department, string connection, int minute) =>
            Add(user, RoomEventTypes.CallJoined, new CallJoined(connection, department), minute);

        public Log Left(string user, string? department, string connection, int joinedMinute, int minute) =>
            Add(user, RoomEventTypes.CallLeft, new CallLeft(connection, department, Start.AddMinutes(joinedMinute), (minute - joinedMinute) * 60L, CallLeftReasons.Left), minute);

        private Log Add<T>(string user, string type, T payload, int minute)
        {
            Events.Add(new RoomEvent(Room, Events.Count + 1, Start.AddMinutes(minute), user, type, RoomEventPayloads.Write(payload), $"{user} 代表"));
            return this;
        }
    }
}
