using System.Collections.Concurrent;
using System.Collections.Immutable;
using Consult.Calls;
using Consult.Cases;
using Consult.Common;
using Consult.Realtime;
using Consult.Rooms;
using Consult.Rooms.Events;
using Consult.Server.Tests.Fixtures;
using Microsoft.AspNetCore.SignalR.Client;

using static Consult.Server.Tests.Realtime.CallTests;
using static Consult.Server.Tests.Realtime.HubProbes;

namespace Consult.Server.Tests.Realtime;

/// <summary>The applicant in the room's call: from the tracking link, audio and video only, and only while the convener allows it.</summary>
[Collection(LiveCollection.Name)]
public sealed class ApplicantCallTests(LiveServerFixture fixture)
{
    private static readonly object Candidate = new { kind = "candidate", data = new { candidate = "candidate:1 1 udp 1 127.0.0.1 5000 typ host" } };

    private LiveNode Node => fixture.Node;

    [Fact]
    public async Task TheApplicantJoinsOnlyWhileTheConvenerAllowsItAndHearsNothingOfTheBoard()
    {
        var (_, roomId, tracking) = await LiveRooms.Open(Node, "road-admin");
        await using var window = await Node.Hub("window");
        await using var road = await Node.Hub("road-admin");
        await using var applicant = await Node.Hub(null);
        var views = new ConcurrentQueue<PublicCaseView>();
        applicant.On<PublicCaseView>(HubContract.CaseUpdated, views.Enqueue);
        var applicantEvents = new ConcurrentQueue<RoomEvent>();
        applicant.On<RoomEvent>(HubContract.RoomEvent, applicantEvents.Enqueue);
        var applicantInbox = Inbox(applicant);
        var applicantRosters = Rosters(applicant);
        var roadInbox = Inbox(road);
        var roadRosters = Rosters(road);
        Assert.Null((await applicant.InvokeAsync<PublicCaseView>(HubContract.FollowCase, tracking)).CallRoomId);
        var roadId = (await road.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId)).ConnectionId;

        // Refused before the convener allows it: joining and signalling.
        Assert.Equal(ErrorCodes.Forbidden, await Refusal(applicant.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId)));
        Assert.Equal(ErrorCodes.Forbidden, await Refusal(applicant.InvokeAsync(HubContract.SendSignal, roomId, roadId, Candidate)));
        // Only the convener allows it.
        Assert.Equal(ErrorCodes.Forbidden, await Refusal(road.InvokeAsync<RoomSnapshot>(HubContract.AllowApplicantInCall, roomId, true)));
        Assert.Equal(ErrorCodes.InvalidInput, await Refusal(window.InvokeAsync<RoomSnapshot>(HubContract.AllowApplicantInCall, roomId, "yes")));

        var allowed = await window.InvokeAsync<RoomSnapshot>(HubContract.AllowApplicantInCall, roomId, true);
        Assert.True(allowed.ApplicantMayCall);
        await Eventually(() => views.LastOrDefault(v => v.CallRoomId == roomId));
        var joined = await applicant.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId);
        var applicantId = joined.ConnectionId;
        // The applicant sees the departments in the call, not the staff's names.
        var member = joined.Members.Single(m => m.ConnectionId == roadId);
        Assert.Equal(("road-admin", null), (member.UserName, member.DisplayName));
        Assert.Equal(Roles.Applicant, joined.Members.Single(m => m.ConnectionId == applicantId).Role);
        await Eventually(() => roadRosters.LastOrDefault(r => r.Members.Any(m => m.ConnectionId == applicantId && m.Role == Roles.Applicant)));

        await applicant.InvokeAsync(HubContract.SendSignal, roomId, roadId, Candidate);
        Assert.Equal(applicantId, (await Eventually(() => roadInbox.FirstOrDefault())).FromConnectionId);
        await road.InvokeAsync(HubContract.SendSignal, roomId, applicantId, Candidate);
        Assert.Equal(roadId, (await Eventually(() => applicantInbox.FirstOrDefault())).FromConnectionId);

        // The board's discussion never reaches the applicant, nor its log.
        var windowEvents = new ConcurrentQueue<RoomEvent>();
        window.On<RoomEvent>(HubContract.RoomEvent, windowEvents.Enqueue);
        await window.InvokeAsync<RoomSnapshot>(HubContract.JoinRoom, roomId);
        await road.InvokeAsync(HubContract.PostMessage, roomId, new ChatMessage("路政：内部意见", "ac-1"));
        await Eventually(() => windowEvents.FirstOrDefault(e => e.Type == RoomEventTypes.MessagePosted));
        Assert.Empty(applicantEvents);
        Assert.Equal(ErrorCodes.Unauthorized, await Refusal(applicant.InvokeAsync<ImmutableArray<RoomEvent>>(HubContract.Resync, roomId, 0L)));

        // Withdrawn: the applicant leaves the call, and may neither signal nor join again.
        await window.InvokeAsync<RoomSnapshot>(HubContract.AllowApplicantInCall, roomId, false);
        await Eventually(() => applicantRosters.LastOrDefault(r => r.Members.All(m => m.ConnectionId != applicantId)));
        await Eventually(() => roadRosters.LastOrDefault(r => r.Members.All(m => m.ConnectionId != applicantId)));
        await Eventually(() => views.LastOrDefault(v => v.CallRoomId is null));
        Assert.Equal(ErrorCodes.Forbidden, await Refusal(applicant.InvokeAsync(HubContract.SendSignal, roomId, roadId, Candidate)));
        Assert.Equal(ErrorCodes.Forbidden, await Refusal(applicant.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId)));

        var events = await window.InvokeAsync<ImmutableArray<RoomEvent>>(HubContract.Resync, roomId, 0L);
        Assert.Equal([true, false], events.Where(e => e.Type == RoomEventTypes.ApplicantCallAllowed).Select(e => RoomEventPayloads.Read<ApplicantCallAllowed>(e).Allowed));
        var left = events.Single(e => e.Type == RoomEventTypes.CallLeft && e.Actor == Actor.Applicant.UserName);
        Assert.Equal(CallLeftReasons.NotAllowed, RoomEventPayloads.Read<CallLeft>(left).Reason);
    }

    [Fact]
    public async Task AnotherCasesLinkDoesNotOpenThisCall()
    {
        var (_, roomId, _) = await LiveRooms.Open(Node, "road-admin");
        var (_, otherRoom, otherTracking) = await LiveRooms.Open(Node, "road-admin");
        await using var window = await Node.Hub("window");
        await using var stranger = await Node.Hub(null);
        await window.InvokeAsync<RoomSnapshot>(HubContract.AllowApplicantInCall, roomId, true);
        await window.InvokeAsync<RoomSnapshot>(HubContract.AllowApplicantInCall, otherRoom, true);
        await stranger.InvokeAsync<PublicCaseView>(HubContract.FollowCase, otherTracking);

        Assert.Equal(ErrorCodes.Forbidden, await Refusal(stranger.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId)));
        Assert.Single((await stranger.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, otherRoom)).Members);
    }
}
