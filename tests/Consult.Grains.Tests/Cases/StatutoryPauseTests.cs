using Consult.Cases;
using Consult.Grains.Tests.Fixtures;
using Consult.Rooms;
using static Consult.Grains.Tests.Fixtures.Scenario;

namespace Consult.Grains.Tests.Cases;

/// <summary>How the statutory clock follows a supplement round, on the real clock (no working day passes).</summary>
[Collection(ClusterCollection.Name)]
public sealed class StatutoryPauseTests(ClusterFixture fixture)
{
    [Fact]
    public async Task OpeningTheNextRoundAfterASupplementResumesThePausedClock()
    {
        var theCase = await Supplemented();
        Assert.True((await theCase.Get(Actors.Window)).Statutory!.Paused);

        await theCase.OpenConsultation(Actors.Window2, new OpenConsultation([new SeatRequest("road-admin", SeatRole.Required)], null, null));

        var view = await theCase.Get(Actors.Window);
        Assert.Equal(CaseStatus.Consulting, view.Status);
        Assert.False(view.Statutory!.Paused);
        Assert.Equal("window2", view.Statutory.Pauses.Single().ResumedBy);
        Assert.Contains(view.Timeline, t => t.Type == TimelineTypes.StatutoryResumed && t.Actor == "window2");
    }

    [Fact]
    public async Task TheApplicantsOwnResubmissionResumesTheClockAndIsToldNoStaffName()
    {
        var theCase = await Supplemented();

        var answer = await theCase.MaterialsResubmitted(Common.Actor.Applicant, null);

        Assert.False(answer.Statutory!.Paused);
        Assert.Null(answer.TrackingToken);
        Assert.NotEqual("13800138000", answer.Applicant.Phone);
        Assert.Contains((await theCase.Get(Actors.Window)).Timeline, t => t.Type == TimelineTypes.StatutoryResumed && t.Actor == "applicant");
    }

    /// <summary>A case whose room closed asking the applicant for a supplement.</summary>
    private async Task<ICaseGrain> Supplemented()
    {
        var opened = await OpenRoom(fixture.Grains, ("road-admin", SeatRole.Required));
        await opened.Room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.RequestSupplement, "请补充施工方案"));
        await opened.Room.Close(Actors.Window, "请补正");
        return fixture.Grains.GetGrain<ICaseGrain>(opened.CaseId);
    }
}
