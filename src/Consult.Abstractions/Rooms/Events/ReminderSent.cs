using System.Collections.Immutable;

namespace Consult.Rooms.Events;

/// <summary>
/// Payload of <see cref="RoomEventTypes.ReminderSent"/>. <paramref name="Reason"/>: <c>start</c>
/// (before a scheduled start), <c>limit</c> (at <paramref name="Fraction"/> of the limit), or
/// <c>manual</c> (the convener's 催办; the event's actor says who).
/// </summary>
public sealed record ReminderSent(ImmutableArray<string> Departments, string Reason, double? Fraction = null);
