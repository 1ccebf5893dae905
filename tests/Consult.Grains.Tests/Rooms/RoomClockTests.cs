using System.Collections.Immutable;
using Consult.Catalog;
using Consult.Common;
using Consult.Grains.Tests.Fixtures;
using Consult.Rooms;
using Consult.Rooms.Events;
using static Consult.Grains.Tests.Fixtures.Scenario;

namespace Consult.Grains.Tests.Rooms;

/// <summary>The room's clock as pure rules, moved through a session instant by instant (no cluster, no waiting).</summary>
public sealed class RoomClockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
    private static readonly ClockOptions Options = new();

    private static RoomState Open(DateTimeOffset? scheduledAt, DateTimeOffset deadline, params DefaultSeat[] seats)
    {
        var room = new RoomState();
        room.Open(new OpenRoomCommand(Guid.NewGuid(), "2026-0001", "highway-occupation", JointRuleKind.Unanimous, [.. seats], scheduledAt, deadline), Actors.Window, T0);
        return room;
    }

    private static DefaultSeat[] HighwaySeats(bool deemed = false) =>
    [
        new("road-admin", SeatRole.Required),
        new("traffic-police", SeatRole.Required, DeemedConsentOnTimeout: deemed),
        new("housing", SeatRole.Advisory),
        new("enforcement", SeatRole.Notify),
    ];

    private static void Decide(RoomState room, string department, DecisionOutcome outcome = DecisionOutcome.Approve, string? comment = null)
    {
        var input = Decision(department, outcome, comment);
        room.DecidingSeat(input).Record(input, [], department, T0, []);
    }

    private static List<T> Payloads<T>(IEnumerable<RoomClock.Entry> entries, string type) where T : class =>
        [.. entries.Where(e => e.Type == type).Select(e => RoomEventPayloads.Read<T>(new RoomEvent(Guid.Empty, 1, T0, "system", type, e.Payload)))];

    [Fact]
    public void AScheduledRoomRemindsItsSeatsBeforeTheStartRefusesDecisionsThenOpensAtTheStart()
    {
        var start = T0.AddHours(2);
        var room = Open(start, start.AddHours(3), HighwaySeats());
        Assert.Equal(RoomStatus.Scheduled, room.Status);
        Assert.Null(room.Clock.StartedAt);
        Assert.Equal(start - Options.StartReminderLead, RoomClock.NextDue(room, Options));

        Assert.Empty(RoomClock.Advance(room, start.AddMinutes(-16), Options));
        var error = Assert.Throws<ConsultException>(() => Decide(room, "road-admin"));
        Assert.Equal(ErrorCodes.Conflict, error.Code);

        var before = RoomClock.Advance(room, start.AddMinutes(-15), Options);
        var reminder = Assert.Single(Payloads<ReminderSent>(before, RoomEventTypes.ReminderSent));
        Assert.Equal(RoomClock.StartReason, reminder.Reason);
        Assert.Equal<string>(["road-admin", "traffic-police", "housing", "enforcement"], reminder.Departments);
        Assert.Empty(RoomClock.Advance(room, start.AddMinutes(-1), Options));
        Assert.Equal(start, RoomClock.NextDue(room, Options));

        var atStart = RoomClock.Advance(room, start, Options);
        Assert.Equal(start, Assert.Single(Payloads<Started>(atStart, RoomEventTypes.Started)).StartedAt);
        Assert.Equal(RoomStatus.Open, room.Status);
        Assert.Equal(start, room.Clock.StartedAt);
        Assert.Empty(RoomClock.Advance(room, start, Options));
        Decide(room, "road-admin");
        Assert.Equal(start.AddHours(1.5), RoomClock.NextDue(room, Options));
    }

    [Fact]
    public void TheLimitsSharesCountFromTheActualStart()
    {
        var start = T0.AddHours(1);
        var room = Open(start, start.AddHours(4), HighwaySeats());
        RoomClock.Advance(room, start, Options);
        Assert.Equal(start.AddHours(2), RoomClock.NextDue(room, Options));
        Assert.Empty(Payloads<ReminderSent>(RoomClock.Advance(room, start.AddHours(2).AddSeconds(-1), Options), RoomEventTypes.ReminderSent));
        Assert.Single(Payloads<ReminderSent>(RoomClock.Advance(room, start.AddHours(2), Options), RoomEventTypes.ReminderSent));
    }

    [Fact]
    public void RemindersAtHalfAndEightyPercentReachOnlyTheUndecidedRequiredAndAdvisorySeatsOnceEach()
    {
        var room = Open(null, T0.AddHours(10), HighwaySeats());
        Decide(room, "road-admin");
        Assert.Equal(T0.AddHours(5), RoomClock.NextDue(room, Options));

        var half = Payloads<ReminderSent>(RoomClock.Advance(room, T0.AddHours(5), Options), RoomEventTypes.ReminderSent);
        Assert.Equal(0.5, Assert.Single(half).Fraction);
        Assert.Equal<string>(["traffic-police", "housing"], half[0].Departments);
        Assert.Empty(RoomClock.Advance(room, T0.AddHours(6), Options));

        Decide(room, "housing");
        var eighty = RoomClock.Advance(room, T0.AddHours(8), Options);
        var reminder = Assert.Single(Payloads<ReminderSent>(eighty, RoomEventTypes.ReminderSent));
        Assert.Equal(0.8, reminder.Fraction);
        Assert.Equal<string>(["traffic-police"], reminder.Departments);
        Assert.Empty(Payloads<ReminderSent>(RoomClock.Advance(room, T0.AddHours(9), Options), RoomEventTypes.ReminderSent));
        Assert.Equal(T0.AddHours(8), room.Clock.LastReminded["traffic-police"]);
        Assert.False(room.Clock.LastReminded.ContainsKey("road-admin"));
        Assert.False(room.Clock.LastReminded.ContainsKey("enforcement"));
    }

    [Fact]
    public void ConfiguredSharesReplaceTheDefaults()
    {
        var options = new ClockOptions { ReminderFractions = [0.25] };
        var room = Open(null, T0.AddHours(4), HighwaySeats());
        Assert.Equal(T0.AddHours(1), RoomClock.NextDue(room, options));
        var reminded = Payloads<ReminderSent>(RoomClock.Advance(room, T0.AddHours(3), options), RoomEventTypes.ReminderSent);
        Assert.Equal(0.25, Assert.Single(reminded).Fraction);
    }

    [Fact]
    public void AYellowCardGoesToEachUndecidedRequiredSeatAtEightyPercentAndARedOneAtTheDeadline()
    {
        var room = Open(null, T0.AddHours(10), HighwaySeats());
        Decide(room, "road-admin");
        Assert.Empty(Payloads<CardIssued>(RoomClock.Advance(room, T0.AddHours(7.9), Options), RoomEventTypes.CardIssued));

        var yellow = Payloads<CardIssued>(RoomClock.Advance(room, T0.AddHours(8), Options), RoomEventTypes.CardIssued);
        Assert.Equal([("traffic-police", CardLevel.Yellow)], yellow.Select(c => (c.Department!, c.Level)));
        Assert.Empty(RoomClock.Advance(room, T0.AddHours(9), Options));
        Assert.Equal(T0.AddHours(10), RoomClock.NextDue(room, Options));
        Assert.DoesNotContain(room.Clock.Cards, c => c.Level == CardLevel.Red);

        var atDeadline = RoomClock.Advance(room, T0.AddHours(10), Options);
        var passed = Assert.Single(Payloads<DeadlinePassed>(atDeadline, RoomEventTypes.DeadlinePassed));
        Assert.Equal<string>(["traffic-police", "housing"], passed.Pending);
        Assert.Empty(passed.DeemedConsent);
        var red = Payloads<CardIssued>(atDeadline, RoomEventTypes.CardIssued);
        Assert.Equal([("traffic-police", CardLevel.Red)], red.Select(c => (c.Department!, c.Level)));
        Assert.Equal(CardLevel.Red, room.Clock.WorstCard("traffic-police"));
        Assert.Null(room.Clock.WorstCard("housing"));
        Assert.Equal(JointOutcome.Pending, room.Outcome());

        Assert.Empty(RoomClock.Advance(room, T0.AddHours(11), Options));
        Assert.Null(RoomClock.NextDue(room, Options));
    }

    [Fact]
    public void AtTheDeadlineOnlyFlaggedSeatsAreDeemedToConsentAndTheJointOutcomeFollows()
    {
        var room = Open(null, T0.AddHours(2), [new("road-admin", SeatRole.Required), new("traffic-police", SeatRole.Required, DeemedConsentOnTimeout: true), new("housing", SeatRole.Advisory)]);
        Decide(room, "road-admin");

        var entries = RoomClock.Advance(room, T0.AddHours(2), Options);
        Assert.Equal([RoomEventTypes.DeadlinePassed, RoomEventTypes.DecisionCast], entries.Select(e => e.Type));
        var cast = Assert.Single(Payloads<DecisionCast>(entries, RoomEventTypes.DecisionCast));
        Assert.Equal(("traffic-police", DecisionOutcome.DeemedConsent, JointOutcome.Approved), (cast.Department, cast.Outcome, cast.JointOutcome));
        Assert.Equal("traffic-police", entries[1].Department);
        var seat = room.SeatOf("traffic-police")!;
        Assert.Equal((DecisionOutcome.DeemedConsent, RoomClock.System, SeatStatus.Decided), (seat.Decision!.Outcome, seat.Decision.DecidedBy, seat.Status));
        Assert.Null(room.SeatOf("housing")!.Decision);
        Assert.Equal(JointOutcome.Approved, room.Outcome());
        Assert.DoesNotContain(room.Clock.Cards, c => c.Level == CardLevel.Red);
        Assert.Empty(RoomClock.Advance(room, T0.AddHours(3), Options));
    }

    [Fact]
    public void AnUnflaggedRequiredSeatStaysPendingUnderARedCardBesideADeemedOne()
    {
        var room = Open(null, T0.AddHours(2), HighwaySeats(deemed: true));
        var entries = RoomClock.Advance(room, T0.AddHours(2), Options);
        Assert.Equal<string>(["traffic-police"], Payloads<DeadlinePassed>(entries, RoomEventTypes.DeadlinePassed)[0].DeemedConsent);
        Assert.Equal<string>(["road-admin"], Payloads<CardIssued>(entries, RoomEventTypes.CardIssued).Select(c => c.Department!));
        Assert.Null(room.SeatOf("road-admin")!.Decision);
        Assert.Equal(JointOutcome.Pending, room.Outcome());
    }

    [Fact]
    public void AnExtendedDeadlineIsHandledAgainWhenItPassesWithoutASecondCardOrConsent()
    {
        var room = Open(null, T0.AddHours(2), HighwaySeats());
        RoomClock.Advance(room, T0.AddHours(2), Options);
        room.Extend(T0.AddHours(4), "材料补正", T0.AddHours(2));
        Assert.Equal(T0.AddHours(4), RoomClock.NextDue(room, Options));
        var again = RoomClock.Advance(room, T0.AddHours(4), Options);
        Assert.Single(Payloads<DeadlinePassed>(again, RoomEventTypes.DeadlinePassed));
        Assert.Empty(Payloads<CardIssued>(again, RoomEventTypes.CardIssued));
        Assert.Single(room.Clock.Cards, c => c.Department == "road-admin" && c.Level == CardLevel.Red);
    }

    [Fact]
    public void AReminderByHandSkipsDecidedAndNotifySeatsAndASeatRemindedInTheLastTenMinutes()
    {
        var room = Open(null, T0.AddHours(3), HighwaySeats());
        Decide(room, "road-admin");

        var (first, entry) = RoomClock.RemindByHand(room, null, T0.AddMinutes(1), Options);
        Assert.Equal<string>(["traffic-police", "housing"], first.Reminded);
        Assert.Equal([("road-admin", "decided"), ("enforcement", "notify")], first.Skipped.Select(s => (s.Department, s.Reason)));
        Assert.Equal(RoomClock.ManualReason, Assert.Single(Payloads<ReminderSent>([entry!], RoomEventTypes.ReminderSent)).Reason);

        var (tooSoon, none) = RoomClock.RemindByHand(room, ["traffic-police"], T0.AddMinutes(10).AddSeconds(59), Options);
        Assert.Empty(tooSoon.Reminded);
        Assert.Null(none);
        var skipped = Assert.Single(tooSoon.Skipped);
        Assert.Equal(("tooSoon", T0.AddMinutes(11)), (skipped.Reason, skipped.NextAllowedAt));

        var (again, _) = RoomClock.RemindByHand(room, ["traffic-police"], T0.AddMinutes(11), Options);
        Assert.Equal<string>(["traffic-police"], again.Reminded);
    }

    [Theory]
    [InlineData("nobody")]
    [InlineData("")]
    public void AReminderByHandToAnUnknownDepartmentIsInvalidAndChangesNothing(string department)
    {
        var room = Open(null, T0.AddHours(3), HighwaySeats());
        var error = Assert.Throws<ConsultException>(() => RoomClock.RemindByHand(room, ["traffic-police", department], T0, Options));
        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
        Assert.Empty(room.Clock.ManuallyReminded);
    }

    [Fact]
    public void AReminderByHandBeforeTheStartIsAConflict()
    {
        var room = Open(T0.AddHours(1), T0.AddHours(3), HighwaySeats());
        Assert.Equal(ErrorCodes.Conflict, Assert.Throws<ConsultException>(() => RoomClock.RemindByHand(room, null, T0, Options)).Code);
    }

    [Fact]
    public void NobodyMaySendDeemedConsent()
    {
        var error = Assert.Throws<ConsultException>(() => DecisionRules.Validate(Decision("road-admin", DecisionOutcome.DeemedConsent)));
        Assert.Equal(ErrorCodes.InvalidInput, error.Code);
    }

    [Fact]
    public void AClosedRoomsClockHasNothingLeftToDo()
    {
        var room = Open(null, T0.AddHours(3), HighwaySeats());
        room.Close(JointOutcome.Approved, "同意", T0.AddHours(1), Actors.Window);
        Assert.Null(RoomClock.NextDue(room, Options));
        Assert.Empty(RoomClock.Advance(room, T0.AddHours(4), Options));
    }

    [Fact]
    public void ADeemedConsentCountsAsAnApprovalInTheJointRule() =>
        Assert.Equal(JointOutcome.Approved, JointRule.Evaluate(JointRuleKind.Unanimous, [
            new SeatTally("road-admin", SeatRole.Required, DecisionOutcome.Approve, []),
            new SeatTally("traffic-police", SeatRole.Required, DecisionOutcome.DeemedConsent, []),
        ]));
}
