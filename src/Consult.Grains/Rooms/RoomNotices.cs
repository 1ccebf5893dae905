using Consult.Cases;
using Consult.Departments;
using Consult.Metrics;
using Consult.Outbox;
using Microsoft.Extensions.Logging;

namespace Consult.Rooms;

/// <summary>
/// What a room owes the case, the department inboxes and the metrics, recorded in its outbox (in
/// the same write as the change that causes it) and how each entry is delivered.
/// </summary>
public sealed class RoomNotices(
    Grain room,
    IGrainFactory grains,
    Func<RoomState> state,
    Func<RoomSnapshot> snapshot,
    Func<Task> persist,
    OutboxOptions options,
    ILogger logger)
{
    private readonly Dictionary<string, IDepartmentGrain> _departments = new(StringComparer.Ordinal);
    private ICaseGrain? _case;
    private IMetricsGrain? _metrics;
    private GrainOutbox? _outbox;

    public GrainOutbox Outbox => _outbox ??= new GrainOutbox(room, () => State.Outbox, Deliver, persist, options, logger);

    private RoomState State => state();

    private Guid RoomId => room.GetPrimaryKey();

    // Grain references, made once per activation (GetGrain resolves the interface type every time;
    // it showed in the decision path's profile). The case and the metrics day do not change once
    // the room is open.
    public ICaseGrain TheCase => State.Opened ? _case ??= grains.GetGrain<ICaseGrain>(State.CaseId) : grains.GetGrain<ICaseGrain>(State.CaseId);

    private IMetricsGrain Metrics => State.Opened
        ? _metrics ??= grains.GetGrain<IMetricsGrain>(IMetricsGrain.KeyFor(State.OpenedAt, RoomId))
        : grains.GetGrain<IMetricsGrain>(IMetricsGrain.KeyFor(State.OpenedAt, RoomId));

    public void Owe(OutboxEntry entry) => Outbox.Add(entry);

    /// <summary>What people outside the app should hear of <paramref name="added"/>, handed to the case's notifications.</summary>
    public void OweNotifications(RoomEvent added)
    {
        foreach (var notification in Notifications.RoomNotifications.From(State, added))
            Outbox.Add(new NotificationNotice(notification));
    }

    /// <summary>The seat's line in its department's inbox, as the room stands now.</summary>
    public void OweInboxLine(SeatState seat) =>
        Outbox.Add(new InboxLineNotice(seat.Department, new Invitation(
            RoomId, State.CaseId, State.CaseNumber, State.MatterCode, seat.Role, seat.InvitedAt, State.Deadline, seat.Decision is not null,
            State.Status == RoomStatus.Scheduled ? State.ScheduledAt : null, State.Clock.WorstCard(seat.Department),
            State.Clock.LastReminded.TryGetValue(seat.Department, out var reminded) ? reminded : null, State.Summary, State.Convener, State.ConvenerName, State.MeetingLink)));

    /// <summary>The seat's response for the figures (see <see cref="SeatState.Response"/>); nothing while undecided.</summary>
    public void OweResponse(SeatState seat)
    {
        if (seat.Response is { } response)
            Outbox.Add(new MetricsResponseNotice(seat.Department, seat.InvitedAt, response.At, response.Kind));
    }

    public void OweOpening()
    {
        foreach (var seat in State.Seats)
            OweInboxLine(seat);
        Outbox.Add(new MetricsRoomOpenedNotice());
    }

    public void OweClosing()
    {
        foreach (var seat in State.Seats)
            Outbox.Add(new InboxLineNotice(seat.Department, null));
        Outbox.Add(new CaseRoomClosedNotice());
        Outbox.Add(new MetricsRoomClosedNotice(State.ClosedAt!.Value, State.ClosedOutcome!.Value));
    }

    /// <summary>Everything the room's state implies for the others; each receiver ignores what it has already.</summary>
    public void OweEverything()
    {
        OweOpening();
        foreach (var seat in State.Seats)
        {
            Outbox.Add(new CaseDepartmentInvitedNotice(seat.Department));
            OweResponse(seat);
        }

        Outbox.Add(new CaseRoomProgressNotice());
        if (State.Status == RoomStatus.Closed)
            OweClosing();
    }

    /// <summary>Delivers one outbox entry; the room's snapshot is taken as it is now, the newest.</summary>
    private Task Deliver(OutboxEntry entry) => entry switch
    {
        InboxLineNotice { Line: { } line } notice => Department(notice.Department).Upsert(line),
        InboxLineNotice notice => Department(notice.Department).Remove(RoomId),
        CaseDepartmentInvitedNotice notice => TheCase.OnDepartmentInvited(RoomId, notice.Department),
        // One-way: a nudge carrying the room as it is now, which the room never waits on, so it
        // cannot deadlock with a case that is calling this room (opening it, reading it).
        CaseRoomProgressNotice => TheCase.OnRoomMoved(snapshot()),
        CaseRoomClosedNotice => TheCase.OnRoomClosed(snapshot()),
        MetricsRoomOpenedNotice => Metrics.RoomOpened(RoomId, State.CaseNumber, State.MatterCode, State.OpenedAt, State.Deadline),
        MetricsFirstDecisionNotice notice => Metrics.FirstDecision(RoomId, notice.Department, notice.InvitedAt, notice.DecidedAt),
        MetricsResponseNotice notice => Metrics.Responded(new DecisionRecord(RoomId, notice.Department, notice.InvitedAt, notice.DecidedAt, notice.Kind)),
        MetricsDeadlineNotice notice => Metrics.DeadlineChanged(RoomId, notice.Deadline),
        MetricsRoomClosedNotice notice => Metrics.RoomClosed(RoomId, notice.ClosedAt, notice.Outcome),
        NotificationNotice notice => grains.GetGrain<Notifications.ICaseNotificationsGrain>(State.CaseId).Enqueue(notice.Event),
        MetricsSupervisionNotice notice => Metrics.SupervisionChanged(RoomId, notice.Cards, notice.DeemedConsent),
        _ => throw new InvalidOperationException($"A room does not deliver {entry.GetType().Name}."),
    };

    private IDepartmentGrain Department(string code)
    {
        if (!_departments.TryGetValue(code, out var department))
            _departments[code] = department = grains.GetGrain<IDepartmentGrain>(code);
        return department;
    }
}
