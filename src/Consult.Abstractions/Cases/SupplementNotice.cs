using System.Collections.Immutable;

namespace Consult.Cases;

/// <summary>
/// The one complete supplement notice (一次性告知, 行政许可法 Art. 32): everything every department
/// asked for when the room closed on <c>supplementRequired</c>, by department, and the required
/// departments that had not answered by the room's deadline. Made once, at the close; the case
/// shows it until the applicant resubmits (<see cref="ResubmittedAt"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.supplement-notice")]
public sealed record SupplementNotice(
    [property: Id(0)] Guid RoomId,
    [property: Id(1)] DateTimeOffset NotifiedAt,
    [property: Id(2)] ImmutableArray<SupplementRequest> Requests,
    [property: Id(3)] ImmutableArray<string> Unanswered,
    [property: Id(4)] DateTimeOffset? ResubmittedAt = null)
{
    public bool Pending => ResubmittedAt is null;
}

/// <summary>What one department asked for, one item per line it wrote.</summary>
[GenerateSerializer, Immutable, Alias("consult.supplement-request")]
public sealed record SupplementRequest(
    [property: Id(0)] string Department,
    [property: Id(1)] Rooms.SeatRole Role,
    [property: Id(2)] ImmutableArray<string> Items);
