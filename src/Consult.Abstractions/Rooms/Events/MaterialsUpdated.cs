using System.Collections.Immutable;

namespace Consult.Rooms.Events;

/// <summary>Payload of <see cref="RoomEventTypes.MaterialsUpdated"/>: the latest version of each of the case's materials now.</summary>
public sealed record MaterialsUpdated(ImmutableArray<MaterialVersion> Materials);
