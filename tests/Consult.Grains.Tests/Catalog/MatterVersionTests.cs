using Consult.Cases;
using Consult.Catalog;
using Consult.Common;
using Consult.Grains.Tests.Fixtures;
using Consult.Rooms;
using static Consult.Grains.Tests.Fixtures.Scenario;

namespace Consult.Grains.Tests.Catalog;

/// <summary>
/// The catalogue keeps every version of a matter, and a case keeps the version it was registered
/// with for all its rooms, a second round after a supplement included.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MatterVersionTests(ClusterFixture fixture)
{
    private ICatalogGrain Catalog => fixture.Grains.GetGrain<ICatalogGrain>(0);

    private static Matter NewMatter(string code, params (string Department, SeatRole Role)[] seats) => new(
        code,
        new LocalizedText("跨越公路架设管线", "Pipelines across a highway"),
        Seats(seats),
        JointRuleKind.Unanimous,
        120,
        [new LocalizedText("申请书", "Written application")],
        new LegacyProcess(3, 0, null, 20),
        null,
        20);

    [Fact]
    public async Task EverySaveIsTheNextVersionAndTheEarlierOnesAreKeptAsTheyWere()
    {
        var code = "mv-" + Guid.NewGuid().ToString("N")[..8];
        var first = await Catalog.PutMatter(NewMatter(code, ("road-admin", SeatRole.Required)), 0, Actors.Admin);
        var second = await Catalog.PutMatter(first with { TimeLimitMinutes = 60 }, 1, Actors.Admin);

        Assert.Equal((1, 2), (first.Version, second.Version));
        var versions = await Catalog.MatterVersions(code);
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Equal([120, 60], versions.Select(v => v.Matter.TimeLimitMinutes));
        Assert.Equal(("admin", "系统管理员"), (versions[1].SavedBy, versions[1].SavedByName));
        Assert.Equal(120, (await Catalog.GetMatter(code, 1))!.TimeLimitMinutes);
        Assert.Equal(second.Version, (await Catalog.Get()).Matters.Single(m => m.Code == code).Version);
        Assert.Null(await Catalog.GetMatter(code, 3));

        var stale = await Assert.ThrowsAsync<ConsultException>(() => Catalog.PutMatter(first with { TimeLimitMinutes = 5 }, 1, Actors.Admin));
        var invalid = await Assert.ThrowsAsync<ConsultException>(() => Catalog.PutMatter(first with { TimeLimitMinutes = 0 }, 2, Actors.Admin));
        var byWindow = await Assert.ThrowsAsync<ConsultException>(() => Catalog.PutMatter(second, 2, Actors.Window));
        Assert.Equal((ErrorCodes.Conflict, ErrorCodes.InvalidInput, ErrorCodes.Forbidden), (stale.Code, invalid.Code, byWindow.Code));
        Assert.Equal(2, (await Catalog.MatterVersions(code)).Length);
    }

    [Fact]
    public async Task TheShippedMattersAreTheirFirstVersion()
    {
        var versions = await Catalog.MatterVersions("school-bus");
        var first = versions[0];
        Assert.Equal((1, null), (first.Version, first.SavedBy));
        Assert.Equal(4, first.Matter.Stages.Length);
    }

    [Fact]
    public async Task ASecondRoundAfterASupplementTakesTheVersionTheCaseWasRegisteredWith()
    {
        var code = "mv-" + Guid.NewGuid().ToString("N")[..8];
        var first = await Catalog.PutMatter(NewMatter(code, ("road-admin", SeatRole.Required), ("housing", SeatRole.Advisory)), 0, Actors.Admin);
        var (caseId, _) = await Register(fixture.Grains, code);
        var theCase = fixture.Grains.GetGrain<ICaseGrain>(caseId);
        var round1 = await theCase.OpenConsultation(Actors.Window, new OpenConsultation(null, null, null));
        var room1 = fixture.Grains.GetGrain<IConsultationGrain>(round1.RoomId);
        await room1.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.RequestSupplement, "请补充施工方案"));
        await room1.Close(Actors.Window, "请补正");

        await Catalog.PutMatter(first with { Departments = Seats(("transport", SeatRole.Required)), TimeLimitMinutes = 30 }, 1, Actors.Admin);
        var round2 = await theCase.OpenConsultation(Actors.Window, new OpenConsultation(null, null, null));

        Assert.Equal(["road-admin", "housing"], round2.Seats.Select(s => s.Department));
        Assert.Equal(1, round2.MatterVersion);
        Assert.Equal(120, (round2.Deadline - round2.OpenedAt).TotalMinutes, 1);
        Assert.Equal(1, (await theCase.Get(Actors.Window)).MatterVersion);

        var (later, _) = await Register(fixture.Grains, code);
        var fresh = await fixture.Grains.GetGrain<ICaseGrain>(later).OpenConsultation(Actors.Window, new OpenConsultation(null, null, null));
        Assert.Equal(["transport"], fresh.Seats.Select(s => s.Department));
        Assert.Equal(2, fresh.MatterVersion);
    }
}
