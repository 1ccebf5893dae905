using System.Collections.Immutable;
using System.Globalization;
using Consult.Catalog;
using Consult.Common;
using Consult.Outbox;
using Consult.Rooms;

namespace Consult.Cases;

/// <summary>
/// Materials with versions, and the applicant's supplement through the tracking link: each file
/// becomes the next version of the material it is named for; the case's room learns the latest
/// versions (decisions on older ones turn stale); a supplement resumes the statutory clock.
/// </summary>
public sealed partial class CaseGrain
{
    public const int MaxSupplementFiles = 10;

    public async Task<MaterialInfo> AddMaterial(Actor actor, MaterialInfo material)
    {
        EnsureRegistered();
        if (!actor.IsWindow)
            throw ConsultException.Forbidden("Only a window officer adds materials.");
        if (State.Status is CaseStatus.Completed or CaseStatus.Withdrawn)
            throw ConsultException.Conflict($"The case is {State.Status}; its materials are final.");
        var added = await AddVersions(actor, [material]);
        await WriteAndTellRoom();
        return added[0];
    }

    public async Task<PublicCaseView> SubmitSupplement(string trackingToken, ImmutableArray<MaterialInfo> materials)
    {
        if (!State.Registered || !TrackingTokens.Matches(State.TrackingToken, trackingToken))
            throw ConsultException.NotFound("No case for this link.");
        if (materials.IsDefaultOrEmpty || materials.Length > MaxSupplementFiles)
            throw ConsultException.InvalidInput($"Send 1 to {MaxSupplementFiles} files.");
        var clock = await Clock();
        if (State.Status != CaseStatus.SupplementRequired || !clock.Paused || State.Supplement is not { Pending: true })
            throw ConsultException.Conflict("No supplement is asked of this case now: materials are taken through the link only while one is.");

        var added = await AddVersions(Actor.Applicant, materials);
        ResumeClock(clock, Actor.Applicant, string.Join("；", added.Select(m => $"{m.Name} v{m.Version.ToString(CultureInfo.InvariantCulture)}")));
        await ArmClock(clock);
        await WriteAndTellRoom();
        return await PublicView();
    }

    /// <summary>
    /// Adds each file as the next version of its material (not yet written); a file already held is
    /// answered as it is. The room, if any, is owed the latest versions.
    /// </summary>
    private async Task<List<MaterialInfo>> AddVersions(Actor actor, ImmutableArray<MaterialInfo> materials)
    {
        var catalog = await GrainFactory.GetGrain<ICatalogGrain>(0).Get();
        var required = catalog.Matters.FirstOrDefault(m => m.Code == State.MatterCode)?.Materials ?? [];
        var added = new List<MaterialInfo>();
        var versioned = false;
        foreach (var material in materials)
        {
            if (State.Materials.Find(m => m.Sha256 == material.Sha256) is { } held)
            {
                added.Add(held);
                continue;
            }

            versioned = true;

            if (State.Materials.Count >= MaxMaterials)
                throw ConsultException.InvalidInput($"A case holds at most {MaxMaterials} materials.");
            var name = MaterialNames.Resolve(material.Name, required);
            var version = State.Materials.Where(m => m.Name == name).Select(m => m.Version).DefaultIfEmpty(0).Max() + 1;
            var stored = material with { Name = name, Version = version, FileName = material.FileName ?? material.Name };
            State.Materials.Add(stored);
            AddTimeline(actor, TimelineTypes.MaterialAdded, version == 1 ? name : $"{name} v{version.ToString(CultureInfo.InvariantCulture)}");
            added.Add(stored);
        }

        if (versioned && State.CurrentRoomId is { } roomId)
            Outbox.Add(new RoomMaterialsNotice(roomId, MaterialVersions.Latest(State.Materials)));
        return added;
    }

    private async Task WriteAndTellRoom()
    {
        await OweFigures();
        await Outbox.Secure();
        await store.WriteStateAsync();
        Outbox.Written();
        await Outbox.Deliver();
        await NotifyFollowers();
    }

    /// <summary>Materials stored before they had versions: each name's files numbered in upload order.</summary>
    private void NumberUnversionedMaterials()
    {
        if (State.Materials.TrueForAll(m => m.Version > 0))
            return;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < State.Materials.Count; i++)
        {
            var material = State.Materials[i];
            var version = counts[material.Name] = counts.GetValueOrDefault(material.Name) + 1;
            if (material.Version <= 0)
                State.Materials[i] = material with { Version = version };
        }
    }
}
