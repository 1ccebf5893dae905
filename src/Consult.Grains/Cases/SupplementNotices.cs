using System.Collections.Immutable;
using Consult.Rooms;

namespace Consult.Cases;

/// <summary>Makes the one complete supplement notice from the room that closed on it. Pure.</summary>
public static class SupplementNotices
{
    /// <summary>
    /// Every deciding or advisory seat's request, required seats first, each line of its comment an
    /// item; and the required seats that had not answered (only possible once the deadline passed).
    /// </summary>
    public static SupplementNotice From(RoomSnapshot room, DateTimeOffset at) => new(
        room.RoomId,
        at,
        [.. room.Seats
            .Where(s => s.Role != SeatRole.Notify && s.Decision?.Outcome == DecisionOutcome.RequestSupplement)
            .OrderBy(s => s.Role == SeatRole.Required ? 0 : 1)
            .Select(s => new SupplementRequest(s.Department, s.Role, Lines(s.Decision!.Comment)))],
        [.. room.Seats.Where(s => s.Role == SeatRole.Required && s.Decision is null && s.Status != SeatStatus.Recused).Select(s => s.Department)]);

    // A department may list what it asks for one item per line: each line is an item of the one list.
    public static ImmutableArray<string> Lines(string? text) =>
        [.. (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
