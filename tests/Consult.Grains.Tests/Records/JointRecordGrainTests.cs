using Consult.Cases;
using Consult.Catalog;
using Consult.Common;
using Consult.Grains.Tests.Fixtures;
using Consult.Records;
using Consult.Rooms;

namespace Consult.Grains.Tests.Records;

[Collection(ClusterCollection.Name)]
public sealed class JointRecordGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TheFirstRecordSealedForARoomIsItsRecordForEverAndItsHashIsIndexed()
    {
        var (record, roomId) = await ClosedRoomRecord();
        var first = JointRecordHash.Seal(record);
        var kept = fixture.Grains.GetGrain<IJointRecordGrain>(roomId);
        Assert.Null(await kept.Get());

        Assert.Equal(first, await kept.Seal(first));
        var later = JointRecordHash.Seal(record with { Statement = "改过的意见" });
        Assert.Equal(first, await kept.Seal(later));
        Assert.Equal(first, await kept.Get());

        Assert.Equal(new RecordVerification(record.CaseNumber, JointOutcome.Approved, record.ClosedAt), await fixture.Grains.GetGrain<IRecordIndexGrain>(first.Sha256).Find());
        Assert.Null(await fixture.Grains.GetGrain<IRecordIndexGrain>(later.Sha256).Find());
    }

    [Fact]
    public async Task ARecordWhoseHashIsNotThatOfItsTextOrOfAnotherRoomIsRefused()
    {
        var (record, roomId) = await ClosedRoomRecord();
        var sealedRecord = JointRecordHash.Seal(record);
        var kept = fixture.Grains.GetGrain<IJointRecordGrain>(roomId);
        var forged = await Assert.ThrowsAsync<ConsultException>(() => kept.Seal(sealedRecord with { Json = sealedRecord.Json.Replace("同意", "不同意", StringComparison.Ordinal) }));
        Assert.Equal(ErrorCodes.InvalidInput, forged.Code);
        await Assert.ThrowsAsync<ConsultException>(() => fixture.Grains.GetGrain<IJointRecordGrain>(Guid.NewGuid()).Seal(sealedRecord));
        Assert.Null(await kept.Get());
        Assert.Null(await fixture.Grains.GetGrain<IRecordIndexGrain>(sealedRecord.Sha256).Find());
    }

    [Fact]
    public async Task TheBuilderGivesTheSameTextEveryTimeLeavesOutMaterialsAfterTheCloseAndRefusesAnOpenRoom()
    {
        var (caseId, room, opened) = await Scenario.OpenRoom(fixture.Grains, ("road-admin", SeatRole.Required));
        var catalog = await fixture.Grains.GetGrain<ICatalogGrain>(0).Get();
        var theCase = await fixture.Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Window);
        var open = Assert.Throws<ConsultException>(() => JointRecordBuilder.Build(opened, [], theCase, catalog, "Asia/Shanghai"));
        Assert.Equal(ErrorCodes.Conflict, open.Code);

        await room.CastDecision(Actors.Rep("road-admin"), new DecisionInput("road-admin", DecisionOutcome.Approve, "k-1"));
        var closed = await room.Close(Actors.Window, "同意");
        var log = await room.GetEvents(Actors.Manager, 0);
        var late = new MaterialInfo("补充材料.pdf", 10, new string('A', 64), "application/pdf", "window", closed.ClosedAt!.Value.AddMinutes(1));
        var early = new MaterialInfo("施工方案.pdf", 10, new string('B', 64), "application/pdf", "window", closed.OpenedAt);
        var withMaterials = theCase with { Materials = [early, late] };

        var once = JointRecordHash.Seal(JointRecordBuilder.Build(closed, log, withMaterials, catalog, "Asia/Shanghai"));
        var again = JointRecordHash.Seal(JointRecordBuilder.Build(closed, log.Reverse(), withMaterials, catalog, "Asia/Shanghai"));
        Assert.Equal(once, again);
        var material = Assert.Single(JointRecordHash.Read(once).Materials);
        Assert.Equal(("施工方案.pdf", new string('b', 64)), (material.Name, material.Sha256));
        Assert.Equal("张*", JointRecordHash.Read(once).Applicant.Name);
        Assert.DoesNotContain("13800138000", once.Json, StringComparison.Ordinal);
    }

    private async Task<(JointRecord Record, Guid RoomId)> ClosedRoomRecord()
    {
        var (caseId, room, opened) = await Scenario.OpenRoom(fixture.Grains, ("road-admin", SeatRole.Required));
        await room.CastDecision(Actors.Rep("road-admin"), new DecisionInput("road-admin", DecisionOutcome.Approve, "k-1"));
        var closed = await room.Close(Actors.Window, "同意");
        var record = JointRecordBuilder.Build(closed, await room.GetEvents(Actors.Manager, 0),
            await fixture.Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Window), await fixture.Grains.GetGrain<ICatalogGrain>(0).Get(), "Asia/Shanghai");
        return (record, opened.RoomId);
    }
}
