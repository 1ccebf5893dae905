using Consult.Common;
using Consult.Rooms;

namespace Consult.Cases;

/// <summary>
/// A room a case is about to open, written into the case before the room is asked: whatever fails
/// after that, the next call to the case opens that same room (its <c>Open</c> is idempotent for
/// the case) and records it, so no room is ever left outside its case.
/// </summary>
[GenerateSerializer, Alias("consult.case-grain.room-opening")]
public sealed class RoomOpening
{
    [Id(0)] public Guid RoomId { get; set; }
    [Id(1)] public Actor Convener { get; set; } = new("", "", null);
    [Id(2)] public OpenRoomCommand Command { get; set; } = null!;
    /// <summary>The officer's idempotency key, null when the request carried none.</summary>
    [Id(3)] public string? Key { get; set; }
    /// <summary>The request as asked (without its key), to tell a retry from another request.</summary>
    [Id(4)] public string Request { get; set; } = "";
}
