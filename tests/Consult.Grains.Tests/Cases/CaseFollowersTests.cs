using System.Collections.Concurrent;
using Consult.Calls;
using Consult.Cases;
using Consult.Departments;
using Consult.Grains.Tests.Fixtures;
using Consult.Realtime;
using Consult.Rooms;
using static Consult.Grains.Tests.Fixtures.Scenario;

namespace Consult.Grains.Tests.Cases;

/// <summary>
/// An applicant's tracking link follows the case; the room reports each decision to the case only
/// while the case has followers, so a decision nobody follows costs no message to the case.
/// </summary>
public sealed class CaseFollowersTests
{
    [Fact]
    public async Task ARoomReportsDecisionsToItsCaseOnlyWhileFollowedAndARenewedFollowerGetsTheRoomAfresh()
    {
        var start = new DateTimeOffset(2026, 9, 22, 10, 0, 0, TimeSpan.FromHours(8));
        var time = new ShiftedTime(start);
        await using var run = await ClockCluster.Start(time);
        var grains = run.Cluster.Client;
        var (caseId, room, _) = await OpenRoom(grains,
            ("road-admin", SeatRole.Required), ("traffic-police", SeatRole.Required), ("housing", SeatRole.Required), ("education", SeatRole.Required));
        var theCase = grains.GetGrain<ICaseGrain>(caseId);
        var follower = new FollowingRelay();
        var reference = grains.CreateObjectReference<IRoomRelay>(follower);

        // Following: the case asks the room to report, and the applicant sees each decision.
        await theCase.Watch("node-a", reference);
        await follower.WaitFor(decided: 0);
        await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve));
        await follower.WaitFor(decided: 1);

        // Nobody renews for longer than a relay's expiry: the room stops reporting to the case.
        time.MoveTo(start + RelayTimings.Expiry + TimeSpan.FromMinutes(1));
        await room.CastDecision(Actors.Rep("traffic-police"), Decision("traffic-police", DecisionOutcome.Approve));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.DoesNotContain(follower.Views, v => Decided(v) == 2);

        // The follower renews: the case learns the room was not reporting and asks it afresh.
        await theCase.Watch("node-a", reference);
        await follower.WaitFor(decided: 2);
        // Reported again from now on, without another renewal.
        await room.CastDecision(Actors.Rep("housing"), Decision("housing", DecisionOutcome.Approve));
        await follower.WaitFor(decided: 3);

        // Nobody follows any more; a page load still gets the room as it is, not as last reported.
        time.MoveTo(start + 3 * RelayTimings.Expiry);
        await room.CastDecision(Actors.Rep("education"), Decision("education", DecisionOutcome.Approve));
        var registered = await theCase.Get(Actors.Window);
        Assert.Equal(4, Decided(await theCase.GetPublicView(registered.TrackingToken!)));
        grains.DeleteObjectReference<IRoomRelay>(reference);
    }

    private static int Decided(PublicCaseView view) => view.Departments.Count(d => d.Decided);

    private sealed class FollowingRelay : IRoomRelay
    {
        private readonly ConcurrentQueue<PublicCaseView> _views = new();

        public IReadOnlyList<PublicCaseView> Views => [.. _views];

        public Task WaitFor(int decided) =>
            Eventually.Until(() => Task.FromResult(Views), views => views.Any(v => Decided(v) == decided), $"a view with {decided} departments decided");

        public Task OnCaseUpdated(Guid caseId, string trackingToken, PublicCaseView view)
        {
            _views.Enqueue(view);
            return Task.CompletedTask;
        }

        public Task OnPresence(SeatPresence presence) => Task.CompletedTask;

        public Task OnRoomEvents(System.Collections.Immutable.ImmutableArray<RoomEvent> events, long persistedAtTicks) => Task.CompletedTask;

        public Task OnInvitation(string department, Invitation invitation) => Task.CompletedTask;

        public Task OnInboxChanged(string department, Invitation line) => Task.CompletedTask;

        public Task OnCallMembers(CallRoster roster) => Task.CompletedTask;

        public Task OnCallSignal(string toConnectionId, CallSignalDelivery signal) => Task.CompletedTask;

        public Task OnCallMuted(string toConnectionId, CallMuted muted) => Task.CompletedTask;
    }
}
