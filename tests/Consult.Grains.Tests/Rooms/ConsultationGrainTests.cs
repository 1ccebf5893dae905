using System.Text.Json;
using Consult.Cases;
using Consult.Common;
using Consult.Departments;
using Consult.Grains.Tests.Fixtures;
using Consult.Rooms;
using Microsoft.Extensions.DependencyInjection;
using static Consult.Grains.Tests.Fixtures.Scenario;

namespace Consult.Grains.Tests.Rooms;

[Collection(ClusterCollection.Name)]
public sealed class ConsultationGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task AWholeConsultationRunsFromOpeningToClosing()
    {
        var (caseId, room, opened) = await OpenRoom(Grains);

        Assert.Equal(RoomStatus.Open, opened.Status);
        Assert.Equal("window", opened.Convener);
        Assert.Equal(["road-admin", "traffic-police", "housing", "enforcement"], opened.Seats.Select(s => s.Department));
        Assert.Equal(SeatRole.Notify, opened.Seats.Single(s => s.Department == "enforcement").Role);
        Assert.InRange(opened.Deadline - opened.OpenedAt, TimeSpan.FromMinutes(179.9), TimeSpan.FromMinutes(180));
        Assert.Equal(JointOutcome.Pending, opened.JointOutcome);
        Assert.Equal(1, opened.Seq);

        var joined = await room.Join(Actors.Rep("road-admin"));
        Assert.Equal(SeatStatus.Joined, joined.Seats.Single(s => s.Department == "road-admin").Status);

        await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve));
        await room.CastDecision(Actors.Rep("traffic-police"), Decision("traffic-police", DecisionOutcome.ApproveWithConditions, null, "设置警示标志", "夜间配专人指挥"));
        // Housing is advisory on a highway: the two required seats decide the outcome, its opinion is recorded.
        var beforeLast = await room.Get(Actors.Window);
        Assert.Equal(SeatRole.Advisory, beforeLast.Seats.Single(s => s.Department == "housing").Role);
        Assert.Equal(JointOutcome.ApprovedWithConditions, beforeLast.JointOutcome);
        var decided = await room.CastDecision(Actors.Rep("housing"), Decision("housing", DecisionOutcome.Approve));
        Assert.Equal(JointOutcome.ApprovedWithConditions, decided.JointOutcome);

        var closed = await room.Close(Actors.Window, "同意，附条件。");
        Assert.Equal(RoomStatus.Closed, closed.Status);
        Assert.Equal(JointOutcome.ApprovedWithConditions, closed.JointOutcome);
        Assert.Equal("同意，附条件。", closed.Statement);
        Assert.NotNull(closed.ClosedAt);

        var events = await room.GetEvents(Actors.Window, 0);
        Assert.Equal(
            [RoomEventTypes.RoomOpened, RoomEventTypes.SeatJoined, RoomEventTypes.DecisionCast, RoomEventTypes.DecisionCast, RoomEventTypes.DecisionCast, RoomEventTypes.RoomClosed],
            events.Select(e => e.Type));
        Assert.Equal(Enumerable.Range(1, events.Length).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.Equal(closed.Seq, events[^1].Seq);
        using (var payload = JsonDocument.Parse(events[3].Payload))
        {
            Assert.Equal("approveWithConditions", payload.RootElement.GetProperty("outcome").GetString());
            Assert.Equal(2, payload.RootElement.GetProperty("conditions").GetArrayLength());
        }

        var theCase = await Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Window);
        Assert.Equal(CaseStatus.Decided, theCase.Status);
        Assert.Equal(opened.RoomId, theCase.CurrentRoomId);
        Assert.DoesNotContain(await Grains.GetGrain<IDepartmentGrain>("housing").GetOpenInvitations(), i => i.RoomId == opened.RoomId);
    }

    [Fact]
    public async Task AnInvitedDepartmentFindsTheRoomInItsInboxUntilItCloses()
    {
        var (_, room, opened) = await OpenRoom(Grains, ("education", SeatRole.Required));
        var inbox = await Grains.GetGrain<IDepartmentGrain>("education").GetOpenInvitations();
        var invitation = Assert.Single(inbox, i => i.RoomId == opened.RoomId);
        Assert.False(invitation.Decided);

        await room.CastDecision(Actors.Rep("education"), Decision("education", DecisionOutcome.Approve));
        inbox = await Grains.GetGrain<IDepartmentGrain>("education").GetOpenInvitations();
        Assert.True(Assert.Single(inbox, i => i.RoomId == opened.RoomId).Decided);

        await room.Close(Actors.Window, "同意");
        inbox = await Grains.GetGrain<IDepartmentGrain>("education").GetOpenInvitations();
        Assert.DoesNotContain(inbox, i => i.RoomId == opened.RoomId);
    }

    [Fact]
    public async Task CastDecisionTwiceWithSameKeyRecordsOnce()
    {
        var (_, room, _) = await OpenRoom(Grains);
        var input = Decision("road-admin", DecisionOutcome.Reject, "《公路法》第44条");

        var first = await room.CastDecision(Actors.Rep("road-admin"), input);
        var again = await room.CastDecision(Actors.Rep("road-admin"), input);

        Same.Json(first, again);
        var events = await room.GetEvents(Actors.Window, 0);
        Assert.Single(events, e => e.Type == RoomEventTypes.DecisionCast);
    }

    [Fact]
    public async Task TwoDepartmentsUsingTheSameDecisionKeyBothRecordAlsoAfterTheLogIsSealedAndReloaded()
    {
        var (_, room, _) = await OpenRoom(Grains, ("road-admin", SeatRole.Required), ("traffic-police", SeatRole.Required));
        var road = new DecisionInput("road-admin", DecisionOutcome.Approve, "decision-1", null, null);
        var police = new DecisionInput("traffic-police", DecisionOutcome.Reject, "decision-1", "不符合通行条件", null);

        await room.CastDecision(Actors.Rep("road-admin"), road);
        var both = await room.CastDecision(Actors.Rep("traffic-police"), police);

        Assert.All(both.Seats, s => Assert.Equal(SeatStatus.Decided, s.Status));
        Assert.Equal(JointOutcome.Rejected, both.JointOutcome);
        Assert.Equal(2, (await room.GetEvents(Actors.Window, 0)).Count(e => e.Type == RoomEventTypes.DecisionCast));

        // Sealed into a chunk and read back: each key still answers within its own seat only.
        for (var i = 0; i < 2 * ConsultationGrain.ChunkSize; i++)
            await room.PostMessage(Actors.Window, new ChatMessage($"消息 {i}", $"m-{i}"));
        await fixture.Cluster.DeactivateAsync(room);
        var seq = (await room.Get(Actors.Window)).Seq;

        Assert.Equal(seq, (await room.CastDecision(Actors.Rep("road-admin"), road)).Seq);
        Assert.Equal(seq, (await room.CastDecision(Actors.Rep("traffic-police"), police)).Seq);
        var changed = await Assert.ThrowsAsync<ConsultException>(() =>
            room.CastDecision(Actors.Rep("traffic-police"), police with { Outcome = DecisionOutcome.Approve, Comment = null }));
        Assert.Equal(ErrorCodes.Conflict, changed.Code);
    }

    [Fact]
    public async Task ReusingAKeyForADifferentDecisionIsAConflict()
    {
        var (_, room, _) = await OpenRoom(Grains);
        var input = Decision("road-admin", DecisionOutcome.Approve);
        await room.CastDecision(Actors.Rep("road-admin"), input);

        var refusal = await Assert.ThrowsAsync<ConsultException>(() =>
            room.CastDecision(Actors.Rep("road-admin"), input with { Outcome = DecisionOutcome.Reject, Comment = "no" }));
        Assert.Equal(ErrorCodes.Conflict, refusal.Code);
    }

    [Fact]
    public async Task ARevisionReplacesTheDecisionAndKeepsBothInTheLog()
    {
        var (_, room, _) = await OpenRoom(Grains);
        await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Reject, "方案不完整"));
        var revised = await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve));

        var seat = revised.Seats.Single(s => s.Department == "road-admin");
        Assert.Equal(DecisionOutcome.Approve, seat.Decision!.Outcome);
        Assert.Equal(2, seat.Decision.Revision);
        var decisions = (await room.GetEvents(Actors.Window, 0)).Where(e => e.Type == RoomEventTypes.DecisionCast).ToList();
        Assert.Equal(2, decisions.Count);
        Assert.Contains("\"reject\"", decisions[0].Payload);
        Assert.Contains("\"approve\"", decisions[1].Payload);
    }

    [Fact]
    public async Task ARepresentativeCannotDecideForAnotherDepartment()
    {
        var (_, room, _) = await OpenRoom(Grains);
        var refusal = await Assert.ThrowsAsync<ConsultException>(() =>
            room.CastDecision(Actors.Rep("traffic-police"), Decision("road-admin", DecisionOutcome.Approve)));
        Assert.Equal(ErrorCodes.Forbidden, refusal.Code);
    }

    [Fact]
    public async Task AWindowOfficerCannotCastADepartmentsDecision()
    {
        var (_, room, _) = await OpenRoom(Grains);
        var refusal = await Assert.ThrowsAsync<ConsultException>(() =>
            room.CastDecision(Actors.Window, Decision("road-admin", DecisionOutcome.Approve)));
        Assert.Equal(ErrorCodes.Forbidden, refusal.Code);
    }

    [Fact]
    public async Task TheConvenerRecordsADecisionOnBehalfAndTheDepartmentConfirmsIt()
    {
        var (_, room, _) = await OpenRoom(Grains, ("road-admin", SeatRole.Required));
        var recorded = await room.CastDecision(Actors.Window, Decision("road-admin", DecisionOutcome.Approve, "电话确认同意") with { OnBehalf = true });
        var seat = recorded.Seats.Single(s => s.Department == "road-admin");
        Assert.True(seat.Decision!.OnBehalf);
        Assert.Equal("window", seat.Decision.DecidedBy);

        var byOther = await Assert.ThrowsAsync<ConsultException>(() =>
            room.CastDecision(Actors.Window2, Decision("road-admin", DecisionOutcome.Approve) with { OnBehalf = true }));
        Assert.Equal(ErrorCodes.Forbidden, byOther.Code);

        var confirmed = await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve, "电话确认同意"));
        var after = confirmed.Seats.Single(s => s.Department == "road-admin").Decision!;
        Assert.False(after.OnBehalf);
        Assert.Equal(2, after.Revision);
        var log = await room.GetEvents(Actors.Window, 0);
        Assert.Contains("\"onBehalf\":true", log.First(e => e.Type == RoomEventTypes.DecisionCast).Payload);
    }

    [Fact]
    public async Task ADepartmentNotInvitedCannotDecideNorSeeTheRoom()
    {
        var (_, room, _) = await OpenRoom(Grains);
        var decide = await Assert.ThrowsAsync<ConsultException>(() =>
            room.CastDecision(Actors.Rep("tax"), Decision("tax", DecisionOutcome.Approve)));
        Assert.Equal(ErrorCodes.NotInvited, decide.Code);
        var see = await Assert.ThrowsAsync<ConsultException>(() => room.Get(Actors.Rep("tax")));
        Assert.Equal(ErrorCodes.NotInvited, see.Code);
    }

    [Fact]
    public async Task ANotifySeatSeesTheRoomButDoesNotDecide()
    {
        var (_, room, _) = await OpenRoom(Grains);
        var snapshot = await room.Get(Actors.Rep("enforcement"));
        Assert.Equal(SeatRole.Notify, snapshot.Seats.Single(s => s.Department == "enforcement").Role);

        var refusal = await Assert.ThrowsAsync<ConsultException>(() =>
            room.CastDecision(Actors.Rep("enforcement"), Decision("enforcement", DecisionOutcome.Approve)));
        Assert.Equal(ErrorCodes.Forbidden, refusal.Code);
    }

    [Fact]
    public async Task AnAdvisorySeatsOpinionIsRecordedButDoesNotDecide()
    {
        var (_, room, _) = await OpenRoom(Grains, ("road-admin", SeatRole.Required), ("housing", SeatRole.Advisory));
        var advised = await room.CastDecision(Actors.Rep("housing"), Decision("housing", DecisionOutcome.Reject, "不符合规划"));
        Assert.Equal(DecisionOutcome.Reject, advised.Seats.Single(s => s.Department == "housing").Decision!.Outcome);
        Assert.Equal(JointOutcome.Pending, advised.JointOutcome);

        var decided = await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve));
        Assert.Equal(JointOutcome.Approved, decided.JointOutcome);
    }

    [Theory]
    [InlineData(DecisionOutcome.Reject, null)]
    [InlineData(DecisionOutcome.Reject, "  ")]
    [InlineData(DecisionOutcome.RequestSupplement, null)]
    [InlineData(DecisionOutcome.Recuse, "")]
    [InlineData(DecisionOutcome.ApproveWithConditions, "fine")]
    public async Task AnOutcomeWithoutItsRequiredReasonOrConditionsIsInvalidAndChangesNothing(DecisionOutcome outcome, string? comment)
    {
        var (_, room, opened) = await OpenRoom(Grains);
        var refusal = await Assert.ThrowsAsync<ConsultException>(() =>
            room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", outcome, comment)));
        Assert.Equal(ErrorCodes.InvalidInput, refusal.Code);
        Same.Json(opened, await room.Get(Actors.Window));
    }

    [Fact]
    public async Task AMissingIdempotencyKeyIsInvalid()
    {
        var (_, room, _) = await OpenRoom(Grains);
        var refusal = await Assert.ThrowsAsync<ConsultException>(() =>
            room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve) with { IdempotencyKey = "" }));
        Assert.Equal(ErrorCodes.InvalidInput, refusal.Code);
    }

    [Fact]
    public async Task CloseByNonConvenerIsForbidden()
    {
        var (_, room, _) = await ApprovedRoom();
        var refusal = await Assert.ThrowsAsync<ConsultException>(() => room.Close(Actors.Window2, "同意"));
        Assert.Equal(ErrorCodes.Forbidden, refusal.Code);
        var byDepartment = await Assert.ThrowsAsync<ConsultException>(() => room.Close(Actors.Rep("road-admin"), "同意"));
        Assert.Equal(ErrorCodes.Forbidden, byDepartment.Code);
    }

    [Fact]
    public async Task AManagerMayCloseAnotherConvenersRoom()
    {
        var (_, room, _) = await ApprovedRoom();
        var closed = await room.Close(Actors.Manager, "同意");
        Assert.Equal(RoomStatus.Closed, closed.Status);
    }

    [Fact]
    public async Task CloseWhileTheOutcomeIsPendingIsAConflict()
    {
        var (_, room, _) = await OpenRoom(Grains);
        var refusal = await Assert.ThrowsAsync<ConsultException>(() => room.Close(Actors.Window, "同意"));
        Assert.Equal(ErrorCodes.Conflict, refusal.Code);
    }

    [Fact]
    public async Task NothingChangesAfterClose()
    {
        var (_, room, _) = await ApprovedRoom();
        var closed = await room.Close(Actors.Window, "同意");

        var decide = await Assert.ThrowsAsync<ConsultException>(() =>
            room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Reject, "改主意")));
        var invite = await Assert.ThrowsAsync<ConsultException>(() => room.Invite(Actors.Window, "tax", SeatRole.Required));
        var extend = await Assert.ThrowsAsync<ConsultException>(() => room.ExtendDeadline(Actors.Window, closed.Deadline.AddHours(1), "晚了"));
        var message = await Assert.ThrowsAsync<ConsultException>(() => room.PostMessage(Actors.Window, new ChatMessage("hi", "m1")));
        var reclose = await Assert.ThrowsAsync<ConsultException>(() => room.Close(Actors.Window, "再次"));

        Assert.All([decide, invite, extend, message, reclose], e => Assert.Equal(ErrorCodes.RoomClosed, e.Code));
        Same.Json(closed, await room.Get(Actors.Window));
    }

    [Fact]
    public async Task AResentDecisionAfterCloseStillAnswersItsFirstResult()
    {
        var (_, room, _) = await OpenRoom(Grains, ("road-admin", SeatRole.Required));
        var input = Decision("road-admin", DecisionOutcome.Approve);
        await room.CastDecision(Actors.Rep("road-admin"), input);
        var closed = await room.Close(Actors.Window, "同意");

        Same.Json(closed, await room.CastDecision(Actors.Rep("road-admin"), input));
    }

    [Fact]
    public async Task OnlyTheConvenerOrAManagerInvitesAndExtends()
    {
        var (_, room, opened) = await OpenRoom(Grains);
        var invite = await Assert.ThrowsAsync<ConsultException>(() => room.Invite(Actors.Window2, "tax", SeatRole.Advisory));
        var extend = await Assert.ThrowsAsync<ConsultException>(() => room.ExtendDeadline(Actors.Rep("road-admin"), opened.Deadline.AddHours(1), "需要现场勘查"));
        Assert.Equal(ErrorCodes.Forbidden, invite.Code);
        Assert.Equal(ErrorCodes.Forbidden, extend.Code);

        var invited = await room.Invite(Actors.Window, "tax", SeatRole.Advisory);
        Assert.Equal(SeatRole.Advisory, invited.Seats.Single(s => s.Department == "tax").Role);
        var extended = await room.ExtendDeadline(Actors.Manager, opened.Deadline.AddHours(1), "需要现场勘查");
        Assert.Equal(opened.Deadline.AddHours(1), extended.Deadline);
    }

    [Fact]
    public async Task ADepartmentAddedMidSessionDecidesAndCountsWhenRequired()
    {
        var (caseId, room, _) = await OpenRoom(Grains, ("road-admin", SeatRole.Required));
        await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve));
        var invited = await room.Invite(Actors.Window, "tax", SeatRole.Required);
        Assert.Equal(JointOutcome.Pending, invited.JointOutcome);

        var decided = await room.CastDecision(Actors.Rep("tax"), Decision("tax", DecisionOutcome.Approve));
        Assert.Equal(JointOutcome.Approved, decided.JointOutcome);
        await Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Rep("tax"));
    }

    [Fact]
    public async Task InvitingASeatedOrUnknownDepartmentIsRefused()
    {
        var (_, room, _) = await OpenRoom(Grains);
        var twice = await Assert.ThrowsAsync<ConsultException>(() => room.Invite(Actors.Window, "road-admin", SeatRole.Required));
        var unknown = await Assert.ThrowsAsync<ConsultException>(() => room.Invite(Actors.Window, "ministry-of-magic", SeatRole.Required));
        Assert.Equal(ErrorCodes.Conflict, twice.Code);
        Assert.Equal(ErrorCodes.InvalidInput, unknown.Code);
    }

    [Fact]
    public async Task ExtendingToAnEarlierDeadlineOrWithoutReasonIsInvalid()
    {
        var (_, room, opened) = await OpenRoom(Grains);
        var earlier = await Assert.ThrowsAsync<ConsultException>(() => room.ExtendDeadline(Actors.Window, opened.Deadline.AddMinutes(-1), "提前"));
        var noReason = await Assert.ThrowsAsync<ConsultException>(() => room.ExtendDeadline(Actors.Window, opened.Deadline.AddHours(1), " "));
        Assert.Equal(ErrorCodes.InvalidInput, earlier.Code);
        Assert.Equal(ErrorCodes.InvalidInput, noReason.Code);
    }

    [Fact]
    public async Task MessagesAreKeptOnceByClientMessageIdAndLimitedInLength()
    {
        var (_, room, _) = await OpenRoom(Grains);
        var first = await room.PostMessage(Actors.Rep("road-admin"), new ChatMessage("请补充交通组织图", "c-1"));
        var again = await room.PostMessage(Actors.Rep("road-admin"), new ChatMessage("请补充交通组织图", "c-1"));
        Assert.Equal(first, again);

        var tooLong = await Assert.ThrowsAsync<ConsultException>(() =>
            room.PostMessage(Actors.Rep("road-admin"), new ChatMessage(new string('字', ConsultationGrain.MaxTextLength + 1), "c-2")));
        Assert.Equal(ErrorCodes.InvalidInput, tooLong.Code);
        var outsider = await Assert.ThrowsAsync<ConsultException>(() => room.PostMessage(Actors.Rep("tax"), new ChatMessage("hi", "c-3")));
        Assert.Equal(ErrorCodes.NotInvited, outsider.Code);
        Assert.Single(await room.GetEvents(Actors.Window, 0), e => e.Type == RoomEventTypes.MessagePosted);
    }

    [Fact]
    public async Task TenConcurrentDecidersLeaveAGaplessConsistentLog()
    {
        string[] departments = ["road-admin", "traffic-police", "housing", "transport", "education", "tax", "health", "commerce", "bank", "county-gov"];
        var (_, room, _) = await OpenRoom(Grains, [.. departments.Select(d => (d, SeatRole.Required))]);
        var outcomes = new[] { DecisionOutcome.Approve, DecisionOutcome.Reject, DecisionOutcome.ApproveWithConditions, DecisionOutcome.RequestSupplement };

        var workers = departments.Select(department => Task.Run(async () =>
        {
            for (var revision = 0; revision < 5; revision++)
            {
                var outcome = outcomes[(revision + department.Length) % outcomes.Length];
                await room.CastDecision(Actors.Rep(department), Decision(department, outcome, "理由 " + revision, "条件 " + revision));
                await room.PostMessage(Actors.Rep(department), new ChatMessage($"{department} 第{revision}次", $"{department}-{revision}"));
            }
        }));
        await Task.WhenAll(workers);

        var events = await room.GetEvents(Actors.Window, 0);
        var snapshot = await room.Get(Actors.Window);
        Assert.Equal(1 + departments.Length * 10, events.Length);
        Assert.Equal(Enumerable.Range(1, events.Length).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.Equal(events.Length, snapshot.Seq);
        foreach (var department in departments)
        {
            var last = events.Last(e => e.Type == RoomEventTypes.DecisionCast && e.Actor == department);
            using var payload = JsonDocument.Parse(last.Payload);
            var seat = snapshot.Seats.Single(s => s.Department == department);
            Assert.Equal(5, seat.Decision!.Revision);
            Assert.Equal(JsonNamingCamel(seat.Decision.Outcome), payload.RootElement.GetProperty("outcome").GetString());
        }
    }

    [Fact]
    public async Task ResyncReturnsExactlyTheEventsAfterAGivenSeq()
    {
        var (_, room, _) = await OpenRoom(Grains);
        await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve));
        await room.PostMessage(Actors.Window, new ChatMessage("请交警发表意见", "w-1"));
        await room.CastDecision(Actors.Rep("traffic-police"), Decision("traffic-police", DecisionOutcome.Approve));

        var after2 = await room.GetEvents(Actors.Rep("housing"), 2);
        Assert.Equal([3L, 4L], after2.Select(e => e.Seq));
        Assert.Empty(await room.GetEvents(Actors.Window, 4));
        var negative = await Assert.ThrowsAsync<ConsultException>(() => room.GetEvents(Actors.Window, -1));
        Assert.Equal(ErrorCodes.InvalidInput, negative.Code);
    }

    [Fact]
    public async Task AnUnknownRoomIsNotFound()
    {
        var refusal = await Assert.ThrowsAsync<ConsultException>(() => Grains.GetGrain<IConsultationGrain>(Guid.NewGuid()).Get(Actors.Window));
        Assert.Equal(ErrorCodes.NotFound, refusal.Code);
    }

    [Fact]
    public async Task ADeactivatedRoomReactivatesWithItsStateFromStorage()
    {
        var (_, room, _) = await OpenRoom(Grains);
        await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.ApproveWithConditions, null, "限时施工"));
        var before = await room.Get(Actors.Window);
        var eventsBefore = await room.GetEvents(Actors.Window, 0);

        await fixture.Cluster.DeactivateAsync(room);

        Same.Json(before, await room.Get(Actors.Window));
        Assert.Equal(eventsBefore.ToArray(), (await room.GetEvents(Actors.Window, 0)).ToArray());
        var next = await room.CastDecision(Actors.Rep("traffic-police"), Decision("traffic-police", DecisionOutcome.Approve));
        Assert.Equal(before.Seq + 1, next.Seq);
    }

    [Fact]
    public async Task ALongLogIsSealedInChunksSoAWriteStaysSmallAndIsReadBackWholeWithItsKeys()
    {
        var (_, room, _) = await OpenRoom(Grains, ("road-admin", SeatRole.Required), ("traffic-police", SeatRole.Required));
        var firstDecision = new DecisionInput("road-admin", DecisionOutcome.ApproveWithConditions, "first-key", " 同意 ", ["  限时施工 ", ""]);
        await room.CastDecision(Actors.Rep("road-admin"), firstDecision);
        var firstMessage = await room.PostMessage(Actors.Rep("road-admin"), new ChatMessage("第一条", "m-0"));
        for (var i = 1; i <= 3 * ConsultationGrain.ChunkSize; i++)
            await room.PostMessage(Actors.Window, new ChatMessage($"消息 {i}", $"m-{i}"));
        var eventsBefore = await room.GetEvents(Actors.Window, 0);
        Assert.True(eventsBefore.Length > 3 * ConsultationGrain.ChunkSize);

        // The state row holds the tail only; the rest is in chunks written once each.
        var (chunks, tail) = StoredLog(room.GetPrimaryKey());
        Assert.True(chunks >= 2, $"{chunks} chunks");
        Assert.InRange(tail, 1, 2 * ConsultationGrain.ChunkSize);

        await fixture.Cluster.DeactivateAsync(room);

        var eventsAfter = await room.GetEvents(Actors.Window, 0);
        Assert.Equal(eventsBefore.ToArray(), eventsAfter.ToArray());
        Assert.Equal(Enumerable.Range(1, eventsAfter.Length).Select(i => (long)i), eventsAfter.Select(e => e.Seq));

        // Keys recorded in sealed chunks still make their commands idempotent.
        Assert.Equal(firstMessage, await room.PostMessage(Actors.Rep("road-admin"), new ChatMessage("第一条", "m-0")));
        var resent = await room.CastDecision(Actors.Rep("road-admin"), firstDecision with { Comment = "同意", Conditions = ["限时施工"] });
        Assert.Equal(eventsAfter.Length, resent.Seq);
        var refusal = await Assert.ThrowsAsync<ConsultException>(() =>
            room.CastDecision(Actors.Rep("road-admin"), firstDecision with { Outcome = DecisionOutcome.Approve, Conditions = null }));
        Assert.Equal(ErrorCodes.Conflict, refusal.Code);

        var next = await room.CastDecision(Actors.Rep("traffic-police"), Decision("traffic-police", DecisionOutcome.Approve));
        Assert.Equal(eventsAfter.Length + 1, next.Seq);
        Assert.Equal(JointOutcome.ApprovedWithConditions, next.JointOutcome);
    }

    [Fact]
    public async Task ALogSealedWithAnotherChunkSizeIsReadWholeAndSealedOnWithoutAGap()
    {
        var (_, room, _) = await OpenRoom(Grains, ("road-admin", SeatRole.Required));
        for (var i = 1; i <= 4 * ConsultationGrain.ChunkSize; i++)
            await room.PostMessage(Actors.Window, new ChatMessage($"消息 {i}", $"m-{i}"));
        await fixture.Cluster.DeactivateAsync(room);

        // As if an earlier version had sealed twice as many events per chunk: merge the rows pairwise.
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(Hosting.StorageNames.Consult);
        var grainId = room.GetGrainId();
        var chunks = fixture.StoredRows<RoomLogChunk>(room.GetPrimaryKey().ToString("N"), Hosting.StateNames.RoomLog + "-%")
            .OrderBy(r => int.Parse(r.Key[(Hosting.StateNames.RoomLog.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            .Select(r => r.Value).ToList();
        Assert.True(chunks.Count >= 3, $"{chunks.Count} chunks");
        for (var index = 0; index < chunks.Count; index++)
            await storage.ClearStateAsync($"{Hosting.StateNames.RoomLog}-{index}", grainId, new Orleans.GrainState<RoomLogChunk>(new RoomLogChunk()));
        var merged = chunks.Chunk(2).Select(pair => new RoomLogChunk
        {
            Events = [.. pair.SelectMany(c => c.Events)],
            Keys = pair.SelectMany(c => c.Keys).ToDictionary(k => k.Key, k => k.Value),
        }).ToList();
        for (var index = 0; index < merged.Count; index++)
            await storage.WriteStateAsync($"{Hosting.StateNames.RoomLog}-{index}", grainId, new Orleans.GrainState<RoomLogChunk>(merged[index]));
        // Earlier versions kept no index of their chunks: the room indexes them on activation.
        var pages = fixture.StoredRows<RoomLogIndexPage>(room.GetPrimaryKey().ToString("N"), Hosting.StateNames.RoomLogIndex + "-%");
        Assert.NotEmpty(pages);
        foreach (var page in pages.Keys)
            await storage.ClearStateAsync(page, grainId, new Orleans.GrainState<RoomLogIndexPage>(new RoomLogIndexPage()));

        var before = await room.GetEvents(Actors.Window, 0);
        Assert.Equal(Enumerable.Range(1, before.Length).Select(i => (long)i), before.Select(e => e.Seq));
        for (var i = 1; i <= 3 * ConsultationGrain.ChunkSize; i++)
            await room.PostMessage(Actors.Window, new ChatMessage($"又一条 {i}", $"n-{i}"));
        var written = await room.GetEvents(Actors.Window, 0);
        await fixture.Cluster.DeactivateAsync(room);

        var after = await room.GetEvents(Actors.Window, 0);
        Assert.Equal(written.Length, after.Length);
        Assert.Equal(written.ToArray(), after.ToArray());
        Assert.Equal(Enumerable.Range(1, after.Length).Select(i => (long)i), after.Select(e => e.Seq));
    }

    /// <summary>The room's sealed chunk rows and the number of events in its state row, read from the SQLite file.</summary>
    private (int Chunks, int TailEvents) StoredLog(Guid roomId)
    {
        var key = roomId.ToString("N");
        var chunks = fixture.StoredRows<RoomLogChunk>(key, Hosting.StateNames.RoomLog + "-%").Count;
        var state = fixture.StoredRows<RoomState>(key, Hosting.StateNames.Room).Single().Value;
        return (chunks, state.Events.Count);
    }

    [Fact]
    public async Task ARoomWhoseCaseAndInboxesMissedItsOpeningTellsThemAgainAfterReactivation()
    {
        // As if the case's write had failed right after the room opened: the room exists, the
        // case and the inbox know nothing of it.
        var (caseId, registered) = await Scenario.Register(Grains);
        var roomId = Guid.NewGuid();
        var room = Grains.GetGrain<IConsultationGrain>(roomId);
        await room.Open(Actors.Window, new OpenRoomCommand(caseId, registered.CaseNumber, "highway-occupation", Consult.Catalog.JointRuleKind.Unanimous,
            Seats(("education", SeatRole.Required)), null, DateTimeOffset.UtcNow.AddHours(3)));
        await Grains.GetGrain<IDepartmentGrain>("education").Remove(roomId);
        Assert.Equal(CaseStatus.Received, (await Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Window)).Status);

        await fixture.Cluster.DeactivateAsync(room);
        await room.Get(Actors.Window);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        CaseView theCase;
        bool inInbox;
        do
        {
            // The case is told before the inboxes: wait for both.
            await Task.Delay(200);
            theCase = await Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Window);
            inInbox = (await Grains.GetGrain<IDepartmentGrain>("education").GetOpenInvitations()).Any(i => i.RoomId == roomId);
        }
        while ((theCase.CurrentRoomId != roomId || !inInbox) && DateTime.UtcNow < deadline);
        Assert.Equal(roomId, theCase.CurrentRoomId);
        Assert.Equal(CaseStatus.Consulting, theCase.Status);
        Assert.True(inInbox, "the room is back in the education inbox");
        await Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Rep("education"));
    }

    private async Task<(Guid CaseId, IConsultationGrain Room, RoomSnapshot Snapshot)> ApprovedRoom()
    {
        var opened = await OpenRoom(Grains, ("road-admin", SeatRole.Required), ("traffic-police", SeatRole.Required));
        await opened.Room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve));
        var snapshot = await opened.Room.CastDecision(Actors.Rep("traffic-police"), Decision("traffic-police", DecisionOutcome.Approve));
        Assert.Equal(JointOutcome.Approved, snapshot.JointOutcome);
        return (opened.CaseId, opened.Room, snapshot);
    }

    private static string JsonNamingCamel(DecisionOutcome outcome) =>
        JsonSerializer.Serialize(outcome, ConsultJson.Options).Trim('"');
}
