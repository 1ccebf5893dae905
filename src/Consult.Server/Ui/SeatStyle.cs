using Consult.Rooms;

namespace Consult.Server.Ui;

/// <summary>
/// The board's colour language: invited grey, joined blue, approve green, conditions amber, reject
/// red, supplement purple, recused hatched; and the joint outcome in the same colours.
/// </summary>
public static class SeatStyle
{
    public static string CssClass(SeatView seat) => seat.Decision?.Outcome switch
    {
        DecisionOutcome.Approve => "status-approve",
        DecisionOutcome.ApproveWithConditions => "status-conditions",
        DecisionOutcome.Reject => "status-reject",
        DecisionOutcome.RequestSupplement => "status-supplement",
        DecisionOutcome.Recuse => "status-recused",
        DecisionOutcome.DeemedConsent => "status-deemed",
        _ => seat.Status == SeatStatus.Joined || IsPresent(seat) ? "status-joined" : "status-invited",
    };

    /// <summary>The resource key of the seat's state as shown on its card.</summary>
    public static string LabelKey(SeatView seat) => seat.Decision is { } decision
        ? $"Outcome_{decision.Outcome}"
        : seat.Status == SeatStatus.Joined || IsPresent(seat) ? "Seat_Joined" : "Seat_Invited";

    public static bool IsPresent(SeatView seat) => !seat.Present.IsDefaultOrEmpty;

    public static string CssClass(JointOutcome outcome) => outcome switch
    {
        JointOutcome.Approved => "status-approve",
        JointOutcome.ApprovedWithConditions => "status-conditions",
        JointOutcome.Rejected => "status-reject",
        JointOutcome.SupplementRequired => "status-supplement",
        _ => "status-pending",
    };

    /// <summary>The worst card <paramref name="department"/> holds in <paramref name="room"/>, if any.</summary>
    public static CardLevel? CardOf(RoomSnapshot room, string department) =>
        room.Cards.IsDefaultOrEmpty ? null
        : room.Cards.Any(c => c.Department == department && c.Level == CardLevel.Red) ? CardLevel.Red
        : room.Cards.Any(c => c.Department == department && c.Level == CardLevel.Yellow) ? CardLevel.Yellow
        : null;

    /// <summary>Required seats that have not decided yet: who the room is waiting for.</summary>
    public static IReadOnlyList<string> Waiting(RoomSnapshot room) =>
        [.. room.Seats.Where(s => s.Role == SeatRole.Required && s.Decision is null).Select(s => s.Department)];

    /// <summary>"2:05:09" left, or "-0:10:00" when past the deadline.</summary>
    public static string Countdown(TimeSpan left)
    {
        var sign = left < TimeSpan.Zero ? "-" : "";
        var abs = left.Duration();
        return $"{sign}{(int)abs.TotalHours}:{abs.Minutes:00}:{abs.Seconds:00}";
    }
}
