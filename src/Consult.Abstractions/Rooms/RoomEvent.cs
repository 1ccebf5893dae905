using System.Text.Json.Serialization;

namespace Consult.Rooms;

/// <summary>
/// One change to a room. <see cref="Seq"/> is gapless per room; the event is persisted with the
/// room's state before anyone is told. <see cref="Payload"/> is a JSON object, written as such.
/// <see cref="Actor"/> is the user name (or <c>system</c>); <see cref="ActorName"/> the person's display
/// name as it was when they acted (null for the system, and in events stored before names were recorded).
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.room-event")]
public sealed record RoomEvent(
    [property: Id(0)] Guid RoomId,
    [property: Id(1)] long Seq,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string Actor,
    [property: Id(4)] string Type,
    [property: Id(5), JsonConverter(typeof(RawJsonConverter))] string Payload,
    [property: Id(6)] string? ActorName = null)
{
    // Not a member of the contract, of Orleans' codec or of the event's equality (PayloadMemo).
    [NonSerialized]
    private PayloadMemo _payload;

    /// <summary>The payload read into <typeparamref name="T"/> by <paramref name="read"/>, once per event instance.</summary>
    internal T ReadPayload<T>(Func<RoomEvent, T> read)
    {
        if (_payload.TryGet<T>(Payload, out var value))
            return value;
        value = read(this);
        _payload.Set(Payload, value);
        return value;
    }
}
