using System.Collections.Immutable;
using Consult.Rooms;

namespace Consult.Cases;

/// <summary>
/// A window officer's request to open a room. Seats default to the matter's departments; a seat
/// without a role takes the matter's role for that department, or <c>required</c> when the matter
/// does not list it; likewise its <c>deemedConsentOnTimeout</c> (false when the matter does not list it). <see cref="IdempotencyKey"/> (scoped to the window officer) makes a retry of
/// the same request answer the room it opened. <see cref="MeetingLink"/>: an external meeting's https
/// address (<see cref="MeetingLinks"/>), shown on the board and in the invitations.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.open-consultation")]
public sealed record OpenConsultation(
    [property: Id(0)] ImmutableArray<SeatRequest>? Seats,
    [property: Id(1)] DateTimeOffset? ScheduledAt,
    [property: Id(2)] DateTimeOffset? Deadline,
    [property: Id(3)] string? IdempotencyKey = null,
    [property: Id(20)] string? MeetingLink = null);

[GenerateSerializer, Immutable, Alias("consult.seat-request")]
public sealed record SeatRequest(
    [property: Id(0)] string Department,
    [property: Id(1)] SeatRole? Role = null,
    [property: Id(2)] bool? DeemedConsentOnTimeout = null);
