using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using Consult.Cases;
using Consult.Client;
using Consult.Common;
using Consult.Departments;
using Consult.Realtime;
using Consult.Rooms;
using Consult.Server.Tests.Fixtures;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

using static Consult.Server.Tests.Realtime.HubProbes;

namespace Consult.Server.Tests.Realtime;

[Collection(LiveCollection.Name)]
public sealed class HubTests(LiveServerFixture fixture)
{
    private LiveNode Node => fixture.Node;

    [Fact]
    public async Task ThreeDepartmentsAndAnApplicantFollowAWholeConsultationInOrder()
    {
        var (caseId, roomId, tracking) = await OpenRoom("road-admin", "traffic-police", "housing");
        string[] departments = ["road-admin", "traffic-police", "housing"];
        var logs = departments.ToDictionary(d => d, _ => new EventLog());
        var connections = new Dictionary<string, HubConnection>();
        var sessions = new List<RoomSession>();
        foreach (var department in departments)
        {
            connections[department] = await Node.Hub(department);
            sessions.Add(await RoomSession.Join(connections[department], roomId, logs[department].Add));
        }

        var applicant = await Node.Hub(null);
        var updates = new ConcurrentQueue<PublicCaseView>();
        applicant.On<PublicCaseView>(HubContract.CaseUpdated, view => updates.Enqueue(view));
        var followed = await applicant.InvokeAsync<PublicCaseView>(HubContract.FollowCase, tracking);
        Assert.Equal(CaseStatus.Consulting, followed.Status);

        await connections["road-admin"].InvokeAsync(HubContract.PostMessage, roomId, new ChatMessage("路政：方案可行", "rm-1"));
        foreach (var department in departments)
        {
            var outcome = department == "traffic-police" ? DecisionOutcome.ApproveWithConditions : DecisionOutcome.Approve;
            string[]? conditions = outcome == DecisionOutcome.ApproveWithConditions ? ["设置警示标志"] : null;
            await connections[department].InvokeAsync<RoomSnapshot>(HubContract.CastDecision, roomId,
                new DecisionInput(department, outcome, Guid.NewGuid().ToString("N"), null, conditions is null ? null : [.. conditions]));
        }

        var window = await Node.Http("window");
        var closed = await (await window.Post($"/api/v1/consultations/{roomId}/close", new { statement = "同意" })).Json(HttpStatusCode.OK);
        var finalSeq = (long)closed["seq"]!;

        foreach (var (department, log) in logs)
        {
            await log.WaitFor(finalSeq);
            var session = sessions[Array.IndexOf(departments, department)];
            var received = log.Events;
            var expected = Enumerable.Range((int)received[0].Seq, (int)(finalSeq - received[0].Seq + 1)).Select(i => (long)i);
            Assert.Equal(expected, received.Select(e => e.Seq));
            Assert.Equal(finalSeq, session.LastSeq);
            Assert.Equal(RoomEventTypes.RoomClosed, received[^1].Type);
            Assert.Equal(3, received.Count(e => e.Type == RoomEventTypes.DecisionCast));
            Assert.Contains(received, e => e.Type == RoomEventTypes.MessagePosted);
        }

        var decided = await Eventually(() => updates.LastOrDefault(u => u.Status == CaseStatus.Decided));
        Assert.Equal(JointOutcome.ApprovedWithConditions, decided.JointOutcome);
        Assert.Equal(["设置警示标志"], decided.Departments.Single(d => d.Department == "traffic-police").Conditions.ToArray());
        Assert.All(updates, u => Assert.DoesNotContain("方案可行", JsonSerializer.Serialize(u, ConsultJson.Options)));
        Assert.Contains(updates, u => u.Status == CaseStatus.Consulting && u.Departments.Count(d => d.Decided) == 1);

        foreach (var connection in connections.Values.Append(applicant))
            await connection.DisposeAsync();
        _ = caseId;
    }

    [Fact]
    public async Task CastDecisionTwiceWithOneKeyRecordsOnceAndAnswersTheSameSnapshot()
    {
        var (_, roomId, _) = await OpenRoom("road-admin", "traffic-police");
        await using var road = await Node.Hub("road-admin");
        var input = new DecisionInput("road-admin", DecisionOutcome.Reject, "k-" + Guid.NewGuid().ToString("N"), "《公路法》第44条");

        var first = await road.InvokeAsync<RoomSnapshot>(HubContract.CastDecision, roomId, input);
        var again = await road.InvokeAsync<RoomSnapshot>(HubContract.CastDecision, roomId, input);

        Assert.Equal(JsonSerializer.Serialize(first, ConsultJson.Options), JsonSerializer.Serialize(again, ConsultJson.Options));
        var events = await road.InvokeAsync<ImmutableArray<RoomEvent>>(HubContract.Resync, roomId, 0L);
        Assert.Single(events, e => e.Type == RoomEventTypes.DecisionCast);
    }

    [Fact]
    public async Task RefusalsCarryTheContractsCode()
    {
        var (_, roomId, _) = await OpenRoom("road-admin", "traffic-police");
        await using var police = await Node.Hub("traffic-police");
        await using var tax = await Node.Hub("tax");
        await using var anonymous = await Node.Hub(null);

        Assert.Equal(ErrorCodes.Forbidden, await Refusal(police.InvokeAsync<RoomSnapshot>(HubContract.CastDecision, roomId,
            new DecisionInput("road-admin", DecisionOutcome.Approve, Key()))));
        Assert.Equal(ErrorCodes.NotInvited, await Refusal(tax.InvokeAsync<RoomSnapshot>(HubContract.CastDecision, roomId,
            new DecisionInput("tax", DecisionOutcome.Approve, Key()))));
        Assert.Equal(ErrorCodes.NotInvited, await Refusal(tax.InvokeAsync<RoomSnapshot>(HubContract.JoinRoom, roomId)));
        Assert.Equal(ErrorCodes.Unauthorized, await Refusal(anonymous.InvokeAsync<RoomSnapshot>(HubContract.JoinRoom, roomId)));
        Assert.Equal(ErrorCodes.Unauthorized, await Refusal(anonymous.InvokeAsync(HubContract.PostMessage, roomId, new ChatMessage("hi", "a-1"))));
        Assert.Equal(ErrorCodes.InvalidInput, await Refusal(police.InvokeAsync(HubContract.PostMessage, roomId, new ChatMessage(new string('长', 2001), "p-1"))));
        Assert.Equal(ErrorCodes.NotFound, await Refusal(police.InvokeAsync<RoomSnapshot>(HubContract.JoinRoom, Guid.NewGuid())));
        Assert.Equal(ErrorCodes.NotFound, await Refusal(anonymous.InvokeAsync<PublicCaseView>(HubContract.FollowCase, "no-such-token")));

        var window = await Node.Http("window");
        var road = await Node.Http("road-admin");
        foreach (var (client, department) in new[] { (road, "road-admin"), (await Node.Http("traffic-police"), "traffic-police") })
            await (await client.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision(department, "approve"))).Json(HttpStatusCode.OK);
        await (await window.Post($"/api/v1/consultations/{roomId}/close", new { statement = "同意" })).Json(HttpStatusCode.OK);
        Assert.Equal(ErrorCodes.RoomClosed, await Refusal(police.InvokeAsync<RoomSnapshot>(HubContract.CastDecision, roomId,
            new DecisionInput("traffic-police", DecisionOutcome.Reject, Key(), "改主意"))));
    }

    [Fact]
    public async Task AFloodOfCallsIsRateLimited()
    {
        var (_, roomId, _) = await OpenRoom("road-admin");
        await using var road = await Node.Hub("road-admin");
        var calls = Enumerable.Range(0, 80).Select(_ => Refusal(road.InvokeAsync<ImmutableArray<RoomEvent>>(HubContract.Resync, roomId, 0L)));
        var codes = await Task.WhenAll(calls);

        Assert.Contains("rate_limited", codes);
        Assert.Contains("", codes);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await road.InvokeAsync<ImmutableArray<RoomEvent>>(HubContract.Resync, roomId, 0L);
    }

    [Fact]
    public async Task AMessageOverThirtyTwoKilobytesClosesTheConnection()
    {
        var (_, roomId, _) = await OpenRoom("road-admin");
        var road = await Node.Hub("road-admin");
        var closed = new TaskCompletionSource();
        road.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        road.Reconnecting += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        await Assert.ThrowsAnyAsync<Exception>(() =>
            road.InvokeAsync(HubContract.PostMessage, roomId, new ChatMessage(new string('x', 40 * 1024), "big")));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await road.DisposeAsync();
    }

    [Fact]
    public async Task AClientThatDropsAndComesBackGetsExactlyTheMissedEvents()
    {
        var (_, roomId, _) = await OpenRoom("road-admin", "traffic-police", "housing");
        var road = await Node.Hub("road-admin");
        await using var police = await Node.Hub("traffic-police");
        var log = new EventLog();
        var session = await RoomSession.Join(road, roomId, log.Add);
        var before = session.LastSeq;

        await road.StopAsync();
        await police.InvokeAsync<RoomSnapshot>(HubContract.CastDecision, roomId, new DecisionInput("traffic-police", DecisionOutcome.Approve, Key()));
        await police.InvokeAsync(HubContract.PostMessage, roomId, new ChatMessage("路政在吗？", "p-2"));
        var housing = await Node.Http("housing");
        var last = await (await housing.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("housing", "approve"))).Json(HttpStatusCode.OK);
        var lastSeq = (long)last["seq"]!;

        await road.StartAsync();
        await session.Resume();

        var missed = log.Events.Where(e => e.Seq > before).ToList();
        // While away, road-admin's own presence left and came back; everything else is what others did.
        Assert.Equal(Enumerable.Range((int)before + 1, missed.Count).Select(i => (long)i), missed.Select(e => e.Seq));
        Assert.True(missed[^1].Seq >= lastSeq);
        Assert.Equal(2, missed.Count(e => e.Type == RoomEventTypes.DecisionCast));
        Assert.Single(missed, e => e.Type == RoomEventTypes.MessagePosted);
        await road.DisposeAsync();
    }

    [Fact]
    public async Task ADepartmentAddedMidSessionGetsAnInvitationLive()
    {
        var (_, roomId, _) = await OpenRoom("road-admin");
        await using var education = await Node.Hub("education");
        var invitations = new ConcurrentQueue<Invitation>();
        education.On<Invitation>(HubContract.Invitation, i => invitations.Enqueue(i));

        var window = await Node.Http("window");
        await (await window.Post($"/api/v1/consultations/{roomId}/invitations", new { department = "education", role = "required" })).Json(HttpStatusCode.OK);

        var invitation = await Eventually(() => invitations.FirstOrDefault(i => i.RoomId == roomId));
        Assert.Equal(SeatRole.Required, invitation.Role);
    }

    [Fact]
    public async Task PresenceCountsAPersonOnceHoweverManyTabsTheyHaveOpen()
    {
        var (_, roomId, _) = await OpenRoom("road-admin", "traffic-police");
        var presence = new ConcurrentQueue<SeatPresence>();
        await using var watcher = await Node.Hub("traffic-police");
        watcher.On<SeatPresence>(HubContract.Presence, p => presence.Enqueue(p));
        var watching = await RoomSession.Join(watcher, roomId, new EventLog().Add);
        Assert.Equal(["traffic-police"], watching.Snapshot.Seats.Single(s => s.Department == "traffic-police").Present.ToArray());

        var tab1 = await Node.Hub("road-admin");
        var tab2 = await Node.Hub("road-admin");
        var first = await tab1.InvokeAsync<RoomSnapshot>(HubContract.JoinRoom, roomId);
        var second = await tab2.InvokeAsync<RoomSnapshot>(HubContract.JoinRoom, roomId);
        Assert.Equal(["road-admin"], second.Seats.Single(s => s.Department == "road-admin").Present.ToArray());
        Assert.Equal(SeatStatus.Joined, first.Seats.Single(s => s.Department == "road-admin").Status);

        await tab1.DisposeAsync();
        var afterOne = await watcher.InvokeAsync<RoomSnapshot>(HubContract.JoinRoom, roomId);
        Assert.Equal(["road-admin"], afterOne.Seats.Single(s => s.Department == "road-admin").Present.ToArray());
        await tab2.DisposeAsync();

        // The other member hears of the arrival and of the last tab closing, once each.
        await Eventually(() => presence.LastOrDefault(p => p.Department == "road-admin") is { Present.IsEmpty: true } gone ? gone : null);
        var road = presence.Where(p => p.RoomId == roomId && p.Department == "road-admin").ToList();
        Assert.Equal(2, road.Count);
        Assert.Equal(["road-admin"], road[0].Present.ToArray());
        var now = await watcher.InvokeAsync<RoomSnapshot>(HubContract.JoinRoom, roomId);
        Assert.Empty(now.Seats.Single(s => s.Department == "road-admin").Present);
    }

    [Fact]
    public async Task OpeningAndClosingConnectionsAppendsNoEventButTheOtherMembersAreTold()
    {
        var (_, roomId, _) = await OpenRoom("road-admin", "traffic-police");
        var presence = new ConcurrentQueue<SeatPresence>();
        await using var watcher = await Node.Hub("traffic-police");
        watcher.On<SeatPresence>(HubContract.Presence, p => presence.Enqueue(p));
        await RoomSession.Join(watcher, roomId, new EventLog().Add);
        // The department's first arrival is a durable seatJoined event; what follows is presence only.
        var arrival = await Node.Hub("road-admin");
        var joined = await arrival.InvokeAsync<RoomSnapshot>(HubContract.JoinRoom, roomId);
        await arrival.DisposeAsync();
        await Eventually(() => presence.LastOrDefault(p => p.Department == "road-admin") is { Present.IsEmpty: true } gone ? gone : null);
        var heard = presence.Count;

        for (var i = 0; i < 3; i++)
        {
            var tab = await Node.Hub("road-admin");
            var snapshot = await tab.InvokeAsync<RoomSnapshot>(HubContract.JoinRoom, roomId);
            Assert.Equal(joined.Seq, snapshot.Seq);
            Assert.Equal(["road-admin"], snapshot.Seats.Single(s => s.Department == "road-admin").Present.ToArray());
            await tab.DisposeAsync();
        }

        await Eventually(() => presence.Count >= heard + 6 && presence.LastOrDefault() is { Present.IsEmpty: true } gone ? gone : null);
        var events = await watcher.InvokeAsync<ImmutableArray<RoomEvent>>(HubContract.Resync, roomId, 0L);
        Assert.Equal(joined.Seq, events[^1].Seq);
        Assert.DoesNotContain(events, e => e.Type == RoomEventTypes.PresenceChanged);
        Assert.Single(events, e => e.Type == RoomEventTypes.SeatJoined && e.Actor == "road-admin");
    }

    [Fact]
    public async Task ADisabledAccountsConnectionIsClosedAndItsCallsFail()
    {
        var admin = await Node.Http("admin");
        var userName = "rep-" + Guid.NewGuid().ToString("N")[..8];
        await (await admin.Post("/api/v1/admin/users", new { userName, password = "temporary-pass", role = "department", department = "road-admin" })).Json(HttpStatusCode.Created);
        var (_, roomId, _) = await OpenRoom("road-admin");
        var token = await new LiveNodeUser(Node, userName, "temporary-pass").Token();
        await using var connection = ConsultHub.Connect(Node.Address, () => Task.FromResult<string?>(token));
        await connection.StartAsync();
        await connection.InvokeAsync<RoomSnapshot>(HubContract.JoinRoom, roomId);
        var closed = new TaskCompletionSource();
        connection.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        var disable = await admin.PostAsync($"/api/v1/admin/users/{userName}/disable", null);
        Assert.Equal(HttpStatusCode.NoContent, disable.StatusCode);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAnyAsync<Exception>(() => connection.InvokeAsync<RoomSnapshot>(HubContract.CastDecision, roomId,
            new DecisionInput("road-admin", DecisionOutcome.Approve, Key())));
    }

    [Fact]
    public async Task AForeignBrowserOriginCannotOpenTheHub()
    {
        using var http = new HttpClient { BaseAddress = Node.Address };
        using var foreign = new HttpRequestMessage(HttpMethod.Post, HubContract.Path + "/negotiate?negotiateVersion=1");
        foreign.Headers.Add("Origin", "https://evil.example");
        await (await http.SendAsync(foreign)).Problem(HttpStatusCode.Forbidden, "forbidden");

        using var own = new HttpRequestMessage(HttpMethod.Post, HubContract.Path + "/negotiate?negotiateVersion=1");
        own.Headers.Add("Origin", Node.Address.GetLeftPart(UriPartial.Authority));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(own)).StatusCode);
    }

    private Task<(Guid CaseId, Guid RoomId, string Tracking)> OpenRoom(params string[] departments) => LiveRooms.Open(Node, departments);

    private static string Key() => Guid.NewGuid().ToString("N");

    private sealed record LiveNodeUser(LiveNode Node, string UserName, string Password)
    {
        public async Task<string> Token()
        {
            using var client = new HttpClient { BaseAddress = Node.Address };
            var response = await client.Post("/api/v1/auth/token", new { userName = UserName, password = Password });
            return (string)(await response.Json(HttpStatusCode.OK))["accessToken"]!;
        }
    }
}
