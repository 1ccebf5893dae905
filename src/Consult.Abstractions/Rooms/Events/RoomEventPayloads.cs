using System.Text.Json;
using Consult.Common;

namespace Consult.Rooms.Events;

/// <summary>The typed payloads of room events, serialised once at the edge into the contract's JSON.</summary>
public static class RoomEventPayloads
{
    // The last payload read on this thread. A node hands one event instance to every board open on
    // its room, and each board applies it (RoomProjection): with 50 boards on a room, 49 of the 50
    // readings were the same JSON parsed again. The payloads are immutable records, so one reading
    // can be shared; one entry per thread holds nothing alive worth counting.
    [ThreadStatic] private static RoomEvent? _lastEvent;
    [ThreadStatic] private static object? _lastPayload;

    /// <summary>The event's payload as <typeparamref name="T"/>; the caller picks <typeparamref name="T"/> from <see cref="RoomEvent.Type"/>.</summary>
    public static T Read<T>(RoomEvent roomEvent) where T : class
    {
        if (ReferenceEquals(_lastEvent, roomEvent) && _lastPayload is T known)
            return known;
        var read = JsonSerializer.Deserialize<T>(roomEvent.Payload, ConsultJson.Options)
            ?? throw new JsonException($"Event {roomEvent.Seq} of room {roomEvent.RoomId} has an empty payload.");
        (_lastEvent, _lastPayload) = (roomEvent, read);
        return read;
    }

    public static string Write<T>(T payload) => JsonSerializer.Serialize(payload, ConsultJson.Options);
}
