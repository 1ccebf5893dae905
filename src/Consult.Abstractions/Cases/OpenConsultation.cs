using System.Collections.Immutable;
using Consult.Catalog;

namespace Consult.Cases;

/// <summary>
/// A window officer's request to open a room. Departments default to the matter's, each keeping
/// the matter's role (a department the matter does not list is <c>required</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.open-consultation")]
public sealed record OpenConsultation(
    [property: Id(0)] ImmutableArray<DefaultSeat>? Seats,
    [property: Id(1)] DateTimeOffset? ScheduledAt,
    [property: Id(2)] DateTimeOffset? Deadline);
