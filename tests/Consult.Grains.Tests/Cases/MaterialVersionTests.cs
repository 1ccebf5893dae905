using System.Collections.Immutable;
using Consult.Cases;
using Consult.Common;
using Consult.Grains.Tests.Fixtures;
using Consult.Rooms;
using Consult.Rooms.Events;
using static Consult.Grains.Tests.Fixtures.Eventually;
using static Consult.Grains.Tests.Fixtures.Scenario;

namespace Consult.Grains.Tests.Cases;

/// <summary>
/// Materials with versions: a file named for a material already held is its next version; decisions
/// record the versions they were cast on and turn stale when a newer one arrives, until re-cast.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MaterialVersionTests(ClusterFixture fixture)
{
    private static MaterialInfo File(string fileName, string uploadedBy = "window") =>
        new(fileName, 10, Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()),
            "application/pdf", uploadedBy, DateTimeOffset.UtcNow);

    [Fact]
    public async Task TheApplicantsSupplementCreatesVersionTwoResumesTheClockAndMarksOlderDecisionsStale()
    {
        var (caseId, registered) = await Register(fixture.Grains);
        var theCase = fixture.Grains.GetGrain<ICaseGrain>(caseId);
        var first = await theCase.AddMaterial(Actors.Window, File("施工方案.pdf"));
        Assert.Equal(("符合有关技术标准、规范要求的设计和施工方案", 1), (first.Name, first.Version));
        var opened = await theCase.OpenConsultation(Actors.Window, new OpenConsultation(
            [new SeatRequest("road-admin", SeatRole.Required), new SeatRequest("traffic-police", SeatRole.Required)], null, null));
        var room = fixture.Grains.GetGrain<IConsultationGrain>(opened.RoomId);
        await room.CastDecision(Actors.Rep("traffic-police"), Decision("traffic-police", DecisionOutcome.Approve));
        await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.RequestSupplement, "施工方案缺少夜间施工安排"));
        var closed = await room.Close(Actors.Window, "请补正");
        Assert.All(closed.Seats, s => Assert.Equal(new MaterialVersion(first.Name, 1, first.Sha256), Assert.Single(s.Decision!.Materials)));
        Assert.All(closed.Seats, s => Assert.False(s.Decision!.Stale));

        var resubmitted = await theCase.SubmitSupplement(registered.TrackingToken, [File("设计和施工方案（补正）.pdf", "applicant")]);

        var version2 = Assert.Single(resubmitted.Materials);
        Assert.Equal((first.Name, 2), (version2.Name, version2.Version));
        Assert.False(resubmitted.Statutory!.Paused);
        Assert.False(resubmitted.Supplement!.Pending);
        var staff = await theCase.Get(Actors.Window);
        Assert.Equal(new[] { 1, 2 }, staff.Materials.Where(m => m.Name == first.Name).Select(m => m.Version));
        Assert.Equal("applicant", staff.Materials[1].UploadedBy);
        Assert.Equal("设计和施工方案（补正）.pdf", staff.Materials[1].FileName);
        var stale = await Until(() => room.Get(Actors.Window), r => r.Seats.All(s => s.Decision!.Stale), "the closed room's decisions are stale");
        Assert.Equal(2, Assert.Single(stale.Materials).Version);
        Assert.Equal(closed.Statement, stale.Statement);

        var again = await Assert.ThrowsAsync<ConsultException>(() => theCase.SubmitSupplement(registered.TrackingToken, [File("申请书.pdf", "applicant")]));
        Assert.Equal(ErrorCodes.Conflict, again.Code);
    }

    [Fact]
    public async Task ANewVersionWhileTheRoomIsOpenMarksDecisionsOnTheOldOneStaleUntilTheDepartmentCastsAgain()
    {
        var (caseId, _) = await Register(fixture.Grains);
        var theCase = fixture.Grains.GetGrain<ICaseGrain>(caseId);
        await theCase.AddMaterial(Actors.Window, File("申请书.pdf"));
        var opened = await theCase.OpenConsultation(Actors.Window, new OpenConsultation(
            [new SeatRequest("road-admin", SeatRole.Required), new SeatRequest("traffic-police", SeatRole.Required)], null, null));
        var room = fixture.Grains.GetGrain<IConsultationGrain>(opened.RoomId);
        var before = await room.CastDecision(Actors.Rep("traffic-police"), Decision("traffic-police", DecisionOutcome.Approve));

        var second = await theCase.AddMaterial(Actors.Window, File("申请书.docx"));
        Assert.Equal(("申请书", 2), (second.Name, second.Version));

        var stale = await Until(() => room.Get(Actors.Window), r => r.Seats.Any(s => s.Decision?.Stale == true), "the decision on version 1 is stale");
        Assert.Null(stale.Seats.Single(s => s.Department == "road-admin").Decision);
        // A board moving its copy forward by the events shows the same.
        var events = await room.GetEvents(Actors.Window, before.Seq);
        Assert.Equal(RoomEventTypes.MaterialsUpdated, Assert.Single(events).Type);
        var projected = RoomProjection.Apply(before, events[0])!;
        Assert.True(projected.Seats.Single(s => s.Department == "traffic-police").Decision!.Stale);

        // Confirming is casting again: the decision is now on version 2.
        var recast = await room.CastDecision(Actors.Rep("traffic-police"), Decision("traffic-police", DecisionOutcome.Approve));
        var decision = recast.Seats.Single(s => s.Department == "traffic-police").Decision!;
        Assert.False(decision.Stale);
        Assert.Equal(2, decision.Revision);
        Assert.Equal(2, Assert.Single(decision.Materials).Version);
        var castEvents = await room.GetEvents(Actors.Window, stale.Seq);
        Assert.False(RoomProjection.Apply(stale, Assert.Single(castEvents))!.Seats.Single(s => s.Department == "traffic-police").Decision!.Stale);
    }

    [Fact]
    public async Task TheSameFileAgainIsNoNewVersionAndAnUploadWhenNothingIsAskedIsAConflict()
    {
        var (caseId, registered) = await Register(fixture.Grains);
        var theCase = fixture.Grains.GetGrain<ICaseGrain>(caseId);
        var file = File("申请书.pdf");
        await theCase.AddMaterial(Actors.Window, file);
        var again = await theCase.AddMaterial(Actors.Window, file with { Name = "另一个名字.pdf" });
        Assert.Equal(1, again.Version);
        Assert.Single((await theCase.Get(Actors.Window)).Materials);

        var refused = await Assert.ThrowsAsync<ConsultException>(() => theCase.SubmitSupplement(registered.TrackingToken, [File("申请书.pdf", "applicant")]));
        Assert.Equal(ErrorCodes.Conflict, refused.Code);
        var wrongLink = await Assert.ThrowsAsync<ConsultException>(() => theCase.SubmitSupplement("not-the-token", [File("申请书.pdf", "applicant")]));
        Assert.Equal(ErrorCodes.NotFound, wrongLink.Code);
        Assert.Single((await theCase.Get(Actors.Window)).Materials);
    }

    [Theory]
    [InlineData("申请书.pdf", "申请书")]
    [InlineData("Written application", "申请书")]
    [InlineData("written APPLICATION.pdf", "申请书")]
    [InlineData("施工方案.pdf", "符合有关技术标准、规范要求的设计和施工方案")]
    [InlineData("申请书（补正）.pdf", "申请书")]
    [InlineData("设计和施工方案（补正）.pdf", "符合有关技术标准、规范要求的设计和施工方案")]
    [InlineData("plan.pdf", "plan.pdf")] // two required materials mention a plan: not guessed
    [InlineData("现场照片.jpg", "现场照片.jpg")]
    public void AMaterialIsNamedForTheRequiredMaterialItMatchesElseByItsFile(string given, string expected)
    {
        ImmutableArray<LocalizedText> required =
        [
            new("申请书", "Written application"),
            new("符合有关技术标准、规范要求的设计和施工方案", "Design and construction plan meeting the technical standards"),
            new("保障公路和交通安全的措施及处置施工险情和意外事故的应急方案", "Measures keeping the highway and traffic safe, and the emergency plan"),
        ];

        Assert.Equal(expected, MaterialNames.Resolve(given, required));
    }
}
