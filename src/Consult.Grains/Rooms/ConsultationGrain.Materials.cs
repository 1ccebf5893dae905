using System.Collections.Immutable;
using Consult.Common;
using Consult.Rooms.Events;

namespace Consult.Rooms;

/// <summary>The case's material versions in the room: what decisions are cast on, and what makes them stale.</summary>
public sealed partial class ConsultationGrain
{
    private static readonly Actor CaseActor = new("system", Roles.Admin, null);

    public async Task UpdateMaterials(ImmutableArray<MaterialVersion> materials)
    {
        RoomAccess.EnsureExists(State, RoomId);
        if (materials.IsDefault || materials.SequenceEqual(State.Materials))
            return;
        State.Materials = [.. materials];
        // Logged in a closed room too: its board shows which decisions did not see the new version.
        // The record is made from the decisions and the case, not from this event, so it stays as sealed.
        Append(CaseActor, RoomEventTypes.MaterialsUpdated, new MaterialsUpdated(materials));
        await Persist();
    }
}
