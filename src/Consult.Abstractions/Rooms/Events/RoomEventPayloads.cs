using System.Text.Json;
using Consult.Common;

namespace Consult.Rooms.Events;

/// <summary>The typed payloads of room events, serialised once at the edge into the contract's JSON.</summary>
public static class RoomEventPayloads
{
    /// <summary>
    /// The event's payload as <typeparamref name="T"/>; the caller picks <typeparamref name="T"/> from <see cref="RoomEvent.Type"/>.
    /// Parsed once per event instance and kept with it (every payload type is an immutable record), so the boards
    /// that project one event on a node share one parse.
    /// </summary>
    public static T Read<T>(RoomEvent roomEvent) => roomEvent.ReadPayload(static e => JsonSerializer.Deserialize<T>(e.Payload, ConsultJson.Options)
        ?? throw new JsonException($"Event {e.Seq} of room {e.RoomId} has an empty payload."));

    public static string Write<T>(T payload) => JsonSerializer.Serialize(payload, ConsultJson.Options);
}
