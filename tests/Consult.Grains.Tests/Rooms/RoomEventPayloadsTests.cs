using System.Text.Json;
using Consult.Common;
using Consult.Rooms;
using Consult.Rooms.Events;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Consult.Grains.Tests.Rooms;

/// <summary>
/// An event's payload is parsed once per event instance (every board on a node projects the same instance), and the
/// kept parse shows nowhere: not in the event's equality, its JSON, its Orleans form, or in a copy with another payload.
/// </summary>
public sealed class RoomEventPayloadsTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-12-05T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static RoomEvent Cast(string comment) => new(Guid.Parse("0b5e1f6c-3f0e-4c55-9a8e-3d7a2f1b9c01"), 7, At, "road-admin", RoomEventTypes.DecisionCast,
        RoomEventPayloads.Write(new DecisionCast("road-admin", DecisionOutcome.Approve, comment, [], 1, false, SeatStatus.Decided, JointOutcome.Pending)));

    [Fact]
    public void TheSameEventIsParsedOnceAndItsTwinThatWasNotStillEqualsIt()
    {
        var roomEvent = Cast("fine");
        var twin = Cast("fine");

        var first = RoomEventPayloads.Read<DecisionCast>(roomEvent);
        var second = RoomEventPayloads.Read<DecisionCast>(roomEvent);

        Assert.Same(first, second);
        Assert.Equal("fine", first.Comment);
        Assert.Equal(twin, roomEvent);
        Assert.Equal(twin.GetHashCode(), roomEvent.GetHashCode());
        // The twin parses its own.
        Assert.NotSame(first, RoomEventPayloads.Read<DecisionCast>(twin));
        Assert.Equal(first, RoomEventPayloads.Read<DecisionCast>(twin));
    }

    [Fact]
    public void ACopyWithAnotherPayloadReadsItsOwnPayload()
    {
        var roomEvent = Cast("fine");
        Assert.Equal("fine", RoomEventPayloads.Read<DecisionCast>(roomEvent).Comment);

        var changed = roomEvent with { Payload = Cast("not fine").Payload };

        Assert.Equal("not fine", RoomEventPayloads.Read<DecisionCast>(changed).Comment);
        Assert.Equal("fine", RoomEventPayloads.Read<DecisionCast>(roomEvent).Comment);
        Assert.NotEqual(roomEvent, changed);
    }

    [Fact]
    public void AReadEventWritesTheSameJsonAndOrleansFormAsAnUnreadOne()
    {
        var read = Cast("fine");
        _ = RoomEventPayloads.Read<DecisionCast>(read);
        var unread = Cast("fine");

        Assert.Equal(JsonSerializer.Serialize(unread, ConsultJson.Options), JsonSerializer.Serialize(read, ConsultJson.Options));

        using var services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(RoomEvent).Assembly)).BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        Assert.Equal(serializer.SerializeToArray(unread), serializer.SerializeToArray(read));
        var back = serializer.Deserialize<RoomEvent>(serializer.SerializeToArray(read))!;
        Assert.Equal(read, back);
        Assert.Equal("fine", RoomEventPayloads.Read<DecisionCast>(back).Comment);
    }
}
