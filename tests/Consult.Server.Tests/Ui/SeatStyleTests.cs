using System.Collections.Immutable;
using Consult.Catalog;
using Consult.Rooms;
using Consult.Server.Ui;

namespace Consult.Server.Tests.Ui;

public sealed class SeatStyleTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, SeatStatus.Invited, false, "status-invited")]
    [InlineData(null, SeatStatus.Invited, true, "status-joined")]
    [InlineData(null, SeatStatus.Joined, false, "status-joined")]
    [InlineData(DecisionOutcome.Approve, SeatStatus.Decided, true, "status-approve")]
    [InlineData(DecisionOutcome.ApproveWithConditions, SeatStatus.Decided, false, "status-conditions")]
    [InlineData(DecisionOutcome.Reject, SeatStatus.Decided, false, "status-reject")]
    [InlineData(DecisionOutcome.RequestSupplement, SeatStatus.Decided, false, "status-supplement")]
    [InlineData(DecisionOutcome.Recuse, SeatStatus.Recused, false, "status-recused")]
    public void EachSeatStateHasItsColour(DecisionOutcome? outcome, SeatStatus status, bool present, string css) =>
        Assert.Equal(css, SeatStyle.CssClass(Seat("road-admin", SeatRole.Required, outcome, status, present)));

    [Fact]
    public void TheRoomWaitsOnlyForRequiredSeatsWithoutADecision()
    {
        var room = Room(
            Seat("road-admin", SeatRole.Required, DecisionOutcome.Approve),
            Seat("traffic-police", SeatRole.Required, null),
            Seat("housing", SeatRole.Advisory, null),
            Seat("enforcement", SeatRole.Notify, null));
        Assert.Equal(["traffic-police"], SeatStyle.Waiting(room));
    }

    [Theory]
    [InlineData(2 * 3600 + 5 * 60 + 9, "2:05:09")]
    [InlineData(59, "0:00:59")]
    [InlineData(-600, "-0:10:00")]
    [InlineData(30 * 3600, "30:00:00")]
    public void TheCountdownShowsHoursMinutesSeconds(int seconds, string expected) =>
        Assert.Equal(expected, SeatStyle.Countdown(TimeSpan.FromSeconds(seconds)));

    internal static SeatView Seat(string department, SeatRole role, DecisionOutcome? outcome, SeatStatus? status = null, bool present = false, string[]? conditions = null) =>
        new(department, role, status ?? (outcome is null ? SeatStatus.Invited : SeatStatus.Decided), At,
            outcome is null ? null : new DecisionView(outcome.Value, "意见", [.. conditions ?? []], department, At.AddMinutes(5), 1),
            present ? [department] : []);

    private static RoomSnapshot Room(params SeatView[] seats) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "CS-20261128-0001", "highway-occupation", RoomStatus.Open, "window", At, null, At.AddHours(3),
            [.. seats], JointOutcome.Pending, null, null, 1, JointRuleKind.Unanimous);
}
