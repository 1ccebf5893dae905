using System.Text.Json;
using Consult.Common;

namespace Consult.Rooms.Events;

/// <summary>The typed payloads of room events, serialised once at the edge into the contract's JSON.</summary>
public static class RoomEventPayloads
{
    /// <summary>The event's payload as <typeparamref name="T"/>; the caller picks <typeparamref name="T"/> from <see cref="RoomEvent.Type"/>.</summary>
    public static T Read<T>(RoomEvent roomEvent) => JsonSerializer.Deserialize<T>(roomEvent.Payload, ConsultJson.Options)
        ?? throw new JsonException($"Event {roomEvent.Seq} of room {roomEvent.RoomId} has an empty payload.");

    public static string Write<T>(T payload) => JsonSerializer.Serialize(payload, ConsultJson.Options);
}
