using Consult.Cases;
using Consult.Catalog;
using Consult.Common;
using Consult.Records;
using Consult.Rooms;
using Consult.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Consult.Server.Records;

/// <summary>
/// Reads a room's joint record for someone who may read the room: the kept one, or, the first
/// time, one made from the room, its log, its case and the catalogue, and kept
/// (<see cref="IJointRecordGrain"/>). Used by the REST API and the board alike.
/// </summary>
public sealed class JointRecords(IGrainFactory grains, IOptions<ConsultOptions> options)
{
    public async Task<SealedRecord> Get(Actor actor, Guid roomId)
    {
        var roomGrain = grains.GetGrain<IConsultationGrain>(roomId);
        // Reading the room first is the access check: who may read the room may read its record.
        var room = await roomGrain.Get(actor);
        if (room.Status != RoomStatus.Closed)
            throw ConsultException.Conflict("The joint record is made when the consultation closes; this one is still open.");
        var kept = grains.GetGrain<IJointRecordGrain>(roomId);
        if (await kept.Get() is { } sealedRecord)
            return sealedRecord;

        var log = await roomGrain.GetEvents(actor, 0);
        var theCase = await grains.GetGrain<ICaseGrain>(room.CaseId).Get(actor);
        var catalog = await grains.GetGrain<ICatalogGrain>(0).Get();
        // The record names the matter as the room opened with it, not as it has been edited since.
        if (room.MatterVersion is { } version && await grains.GetGrain<ICatalogGrain>(0).GetMatter(room.MatterCode, version) is { } opened)
            catalog = catalog with { Matters = [.. catalog.Matters.Where(m => m.Code != opened.Code), opened] };
        return await kept.Seal(JointRecordHash.Seal(JointRecordBuilder.Build(room, log, theCase, catalog, options.Value.TimeZone)));
    }

    /// <summary>What a record's hash verifies; null when no record has it.</summary>
    public async Task<RecordVerification?> Find(string sha256)
    {
        var hash = sha256.ToLowerInvariant();
        if (!JointRecordHash.IsWellFormed(hash))
            throw ConsultException.InvalidInput("A record's hash is 64 hexadecimal digits (SHA-256).");
        return await grains.GetGrain<IRecordIndexGrain>(hash).Find();
    }

    /// <summary>
    /// Where anyone may check a record: the public page for its hash, under
    /// <c>Consult:PublicBaseUrl</c>, else under <paramref name="requestBase"/> (the address the reader used).
    /// </summary>
    public string VerifyUrl(string sha256, string requestBase) =>
        $"{Api.PublicLinks.BaseUrl(options.Value, requestBase)}/records/{sha256}";
}
