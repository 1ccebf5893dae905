using System.Globalization;
using System.Text.Json;
using Consult.Catalog;
using Consult.Cases;
using Consult.Common;
using Consult.Rooms;
using Consult.Rooms.Events;
using Consult.Server.Ui;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Consult.Server.Components.Pages.Rooms;

/// <summary>
/// The joint decision board. It joins the room through this node's relay (counting the viewer
/// as present) and moves its own copy of the room forward with each event
/// (<see cref="RoomProjection"/>), so it changes without reload and without asking the room again;
/// only after a gap, or an event type it cannot apply, does it read the room. Who is present
/// arrives as its own notification. The discussion opens with the newest page of the log and reads
/// earlier pages on demand.
/// </summary>
public sealed partial class RoomBoard
{
    private RoomSnapshot? _room;
    private CaseView? _case;
    private CatalogSnapshot? _catalog;
    private Actor? _actor;
    private string? _error;
    private IAsyncDisposable? _membership;
    private ITimer? _clock;
    private DateTimeOffset _now;
    private Consult.Calendar.WorkingCalendar? _workingDays;
    /// <summary>How often the board renders for its clock alone (its seconds run in the browser).</summary>
    public static readonly TimeSpan ClockPeriod = TimeSpan.FromSeconds(30);
    /// <summary>Events read per page of the discussion.</summary>
    public const int PageSize = 50;
    private readonly List<Message> _messages = [];
    // The first seq of the earliest page read: earlier events are read only when asked for.
    private long _earliest = 1;
    private string? _statement;
    private Consult.Records.SealedRecord? _record;
    private bool _statementEdited;
    private string? _inviteDepartment;
    private SeatRole _inviteRole = SeatRole.Required;
    private DateTimeOffset? _newDeadline;
    private readonly List<ClockLine> _clockLog = [];
    private string? _extendReason;
    private string? _behalfDepartment;
    // What the viewer has chosen and typed in a decision form, kept while the form is drawn again elsewhere.
    private readonly DecisionDrafts _drafts = new();
    // The chair's panels opened so far: their fields are drawn from the first opening on.
    private readonly HashSet<ChairPanel> _chairPanels = [];
    private bool _disposed;
    // Room events and presence render the board at most every RenderGap (RenderThrottle).
    private RenderThrottle? _throttle;

    /// <summary>
    /// The shortest time between two renders for the room's events (a burst renders at its end). A room's
    /// events come minutes apart, and each renders at once; under a burst a board shows the room five
    /// times a second. Every open board renders for every event, so this is what 50 boards on one room
    /// cost the node per decision: with 100 ms the server's CPU per decision with 50 boards was 11.5–16 ms,
    /// with 200 ms 9.7–10.1 (<c>docs/benchmarks.md</c>, "50 boards without a browser").
    /// </summary>
    public static readonly TimeSpan RenderGap = TimeSpan.FromMilliseconds(200);

    [Parameter]
    public Guid RoomId { get; set; }

    [Inject]
    private ConsultUi Ui { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>What the countdown counts down to: the scheduled start while scheduled, else the deadline.</summary>
    private DateTimeOffset Target => _room is { Status: RoomStatus.Scheduled, ScheduledAt: { } start } ? start : _room?.Deadline ?? _now;

    private TimeSpan Left => Target - _now;


    private SeatView? MySeat => _actor is { IsDepartment: true, Department: { } department } ? _room?.Seats.FirstOrDefault(s => s.Department == department) : null;

    private bool IsChair => _actor is not null && _room is not null && (_actor.IsManager || (_actor.IsWindow && _actor.UserName == _room.Convener));

    protected override async Task OnInitializedAsync()
    {
        _now = Time.GetUtcNow();
        _throttle = new RenderThrottle(Time, RenderGap, InvokeAsync, StateHasChanged);
        try
        {
            _catalog = await Ui.Catalog();
            _workingDays = await Ui.WorkingDays();
            _actor = await Ui.CurrentActor();
            if (!RendererInfo.IsInteractive)
            {
                // Prerendering: show the room, but do not join it (that would announce and
                // withdraw the viewer's presence for a page about to re-render).
                _room = await Ui.GetRoom(RoomId);
                return;
            }

            var (snapshot, membership) = await Ui.JoinRoom(RoomId, OnRoomEvent, OnPresence);
            if (_disposed)
            {
                // The page was left while joining: leave at once, or the viewer stays "present".
                await membership.DisposeAsync();
                return;
            }

            _membership = membership;
            _room = snapshot;
            await WatchCall();
            _unread.ReadUpTo(snapshot.Seq);
            await LoadPage(snapshot.Seq + 1);
            _case = await Ui.GetCase(snapshot.CaseId);
            DraftStatement();
            await LoadRecord();
            if (_disposed)
                return;
            // The board's clock: display only, so a timer of this circuit (nothing acts on it). The
            // seconds of the countdowns run in the browser (Ticking); the server renders again for
            // the working time's minutes and whatever depends on the deadline having passed.
            _clock = Time.CreateTimer(_ => InvokeAsync(() => { _now = Time.GetUtcNow(); StateHasChanged(); }), null, ClockPeriod, ClockPeriod);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A refusal or a passing failure (storage, timeout) shows on the page; the circuit lives.
            _error = UiErrors.Describe(e, L);
        }
    }

    private Task OnRoomEvent(RoomEvent roomEvent) => InvokeAsync(async () =>
    {
        try
        {
            _now = Time.GetUtcNow();
            // Messages first: the board may already hold a newer snapshot (from its own command)
            // than this event, and the message must still show.
            AddMessage(roomEvent);
            CountUnread(roomEvent);
            AddClockLine(roomEvent);
            if (_room is null || roomEvent.Seq <= _room.Seq)
            {
                _throttle?.Request();
                return;
            }

            if (RoomProjection.Apply(_room, roomEvent) is { } next)
            {
                _room = next;
            }
            else
            {
                // A gap (this viewer fell behind) or a kind of event this board cannot apply.
                foreach (var missed in await Ui.RoomEvents(RoomId, _room.Seq))
                {
                    AddMessage(missed);
                    CountUnread(missed);
                    AddClockLine(missed);
                }

                _room = await Ui.GetRoom(RoomId);
            }

            DraftStatement();
            await LoadRecord();
            _throttle?.Request();
        }
        catch (Exception e)
        {
            Snackbar.Add(UiErrors.Describe(e, L), Severity.Warning);
        }
    });

    /// <summary>Once the room is closed: its joint record's hash, shown beside the button that downloads the PDF.</summary>
    private async Task LoadRecord()
    {
        if (_room is { Status: RoomStatus.Closed } && _record is null)
            _record = await Ui.JointRecord(RoomId);
    }

    /// <summary>Reads the page of the log before <paramref name="beforeSeq"/> and shows its messages.</summary>
    private async Task LoadPage(long beforeSeq)
    {
        var page = await Ui.RoomEventsBefore(RoomId, beforeSeq, PageSize);
        foreach (var roomEvent in page)
        {
            AddMessage(roomEvent);
            AddClockLine(roomEvent);
        }

        // Pages are read newest first, each before the last one read: this one is the earliest.
        _earliest = page.IsEmpty ? 1 : page[0].Seq;
    }

    private Task LoadEarlier() => Run(() => LoadPage(_earliest), null);

    private Task OnPresence(Consult.Realtime.SeatPresence presence) => InvokeAsync(() =>
    {
        _now = Time.GetUtcNow();
        if (_room is not null)
            _room = RoomProjection.WithPresence(_room, presence);
        _throttle?.Request();
    });

    private void AddMessage(RoomEvent roomEvent)
    {
        if (roomEvent.Type != RoomEventTypes.MessagePosted || _messages.Any(m => m.Seq == roomEvent.Seq))
            return;
        using var payload = JsonDocument.Parse(roomEvent.Payload);
        var department = payload.RootElement.TryGetProperty("department", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        // A recorded display name says who the person is ("交通运输局 张伟"); an older event only its user name.
        var author = roomEvent.ActorName is { Length: > 0 } || department is null
            ? People.Name(roomEvent.Actor, roomEvent.ActorName, L)
            : $"{_catalog.DepartmentName(department)} {roomEvent.Actor}";
        var message = new Message(roomEvent.Seq, roomEvent.At, author, payload.RootElement.GetProperty("text").GetString() ?? "");
        // Earlier pages arrive after later messages: keep the discussion in seq order.
        var at = _messages.FindLastIndex(m => m.Seq < roomEvent.Seq) + 1;
        _messages.Insert(at, message);
    }

    /// <summary>The clock's events (start, reminders, cards, the deadline) as lines of their own panel, newest first.</summary>
    private void AddClockLine(RoomEvent roomEvent)
    {
        if (_clockLog.Any(l => l.Seq == roomEvent.Seq))
            return;
        string Names(IEnumerable<string> departments) => string.Join("、", departments.Select(d => _catalog.DepartmentName(d)));
        ClockLine? line = roomEvent.Type switch
        {
            RoomEventTypes.Started => new(roomEvent.Seq, roomEvent.At, roomEvent.Type, L["Clock_Started"], null),
            RoomEventTypes.ReminderSent when RoomEventPayloads.Read<ReminderSent>(roomEvent) is var sent => new(roomEvent.Seq, roomEvent.At, roomEvent.Type,
                $"{L["Clock_Reminder"]} {Names(sent.Departments)} · {(sent.Fraction is { } share ? share.ToString("P0", CultureInfo.InvariantCulture) : sent.Reason == RoomClock.StartReason ? L["Clock_BeforeStart"] : People.Name(roomEvent.Actor, roomEvent.ActorName, L))}", null),
            RoomEventTypes.CardIssued when RoomEventPayloads.Read<CardIssued>(roomEvent) is var card =>
                new(roomEvent.Seq, roomEvent.At, roomEvent.Type, card.Department is { } d ? _catalog.DepartmentName(d) : _room?.CaseNumber ?? "", card.Level),
            RoomEventTypes.DeadlinePassed => new(roomEvent.Seq, roomEvent.At, roomEvent.Type, L["Clock_DeadlinePassed"], null),
            _ => null,
        };
        if (line is null)
            return;
        var at = _clockLog.FindIndex(l => l.Seq < roomEvent.Seq);
        _clockLog.Insert(at < 0 ? _clockLog.Count : at, line);
    }

    /// <summary>Pre-fills the statement from the merged conditions until the convener edits it.</summary>
    private void DraftStatement()
    {
        // Only the chair closes the room, so only the chair's board drafts (every open board gets every event).
        if (_room is null || !IsChair || (_statementEdited && !string.IsNullOrEmpty(_statement)))
            return;
        var texts = new StatementDraft.Texts(L[$"Statement_{_room.JointOutcome}"], L["Statement_Conditions"], L["Statement_Reasons"], L["Statement_Advisory"]);
        _statement = StatementDraft.Draft(_room, d => _catalog.DepartmentName(d), texts);
    }

    private async Task Decide(DecisionInput input) => await Run(async () => _room = await Ui.Decide(RoomId, input), "Board_Recorded");

    /// <summary>Makes a recorded decision the department's own, as it stands (a new key: a new revision).</summary>
    private Task Confirm(SeatView seat, DecisionView recorded) =>
        Decide(new DecisionInput(seat.Department, recorded.Outcome, Guid.NewGuid().ToString("N"), recorded.Comment, recorded.Conditions));

    /// <summary>
    /// Required seats a supplement notice would leave out while the deadline has not passed: the room
    /// refuses to close on a supplement then (one complete notice), so the button waits and says why.
    /// </summary>
    private List<string> SupplementWaiting => _room is { JointOutcome: JointOutcome.SupplementRequired } room && _now < room.Deadline
        ? [.. room.Seats.Where(s => s.Role == SeatRole.Required && s.Decision is null && s.Status != SeatStatus.Recused).Select(s => s.Department)]
        : [];

    private Task Send(string text) => Run(() => Ui.PostMessage(RoomId, text), null);

    /// <summary>The chair sets (or, null, removes) the external meeting link; false when the room refused it.</summary>
    private async Task<bool> SetMeetingLink(string? url)
    {
        var saved = false;
        await Run(async () =>
        {
            _room = await Ui.SetMeetingLink(RoomId, url);
            saved = true;
        }, "Meeting_Saved");
        return saved;
    }

    private async Task Invite()
    {
        if (_inviteDepartment is { } department)
            await Run(async () => _room = await Ui.Invite(RoomId, department, _inviteRole), "Board_Invited");
        _inviteDepartment = null;
    }

    private async Task Extend()
    {
        // Said here, in the page's language, before the room says it in the contract's English.
        string? problem = _newDeadline is not { } deadline ? "Board_DeadlineRequired"
            : deadline <= _room!.Deadline ? "Board_DeadlineNotLater"
            : string.IsNullOrWhiteSpace(_extendReason) ? "Board_ReasonRequired"
            : null;
        if (problem is not null)
        {
            Snackbar.Add(L[problem], Severity.Error);
            return;
        }

        await Run(async () => _room = await Ui.ExtendDeadline(RoomId, _newDeadline!.Value, _extendReason!), "Board_Extended");
        _newDeadline = null;
    }

    /// <summary>催办: reminds every seat that may be reminded now; says who was, or that nobody could be.</summary>
    private Task Remind() => Run(async () =>
    {
        var result = await Ui.Remind(RoomId);
        if (result.Reminded.IsEmpty)
            Snackbar.Add(L["Board_NobodyToRemind"], Severity.Info);
        else
            Snackbar.Add(L["Board_Reminded", string.Join("、", result.Reminded.Select(d => _catalog.DepartmentName(d)))], Severity.Success);
    }, null);

    private async Task Close()
    {
        _statementEdited = true;
        await Run(async () =>
        {
            _room = await Ui.Close(RoomId, _statement ?? "", _room!.Seq);
            await LoadRecord();
        }, "Board_ClosedDone");
    }

    private async Task Run(Func<Task> action, string? doneKey)
    {
        try
        {
            await action();
            if (doneKey is not null)
                Snackbar.Add(L[doneKey], Severity.Success);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Snackbar.Add(UiErrors.Describe(e, L), Severity.Error);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _throttle?.Dispose();
        await StopWatching();
        await StopWatchingCall();
        if (_clock is not null)
            await _clock.DisposeAsync();
        if (_membership is not null)
            await _membership.DisposeAsync();
    }

    protected override bool ShouldRender()
    {
        _throttle?.Rendered();
        return true;
    }

    private void Opened(bool open, ChairPanel panel)
    {
        if (open)
            _chairPanels.Add(panel);
    }

    private enum ChairPanel
    {
        Invite,
        Extend,
        OnBehalf,
    }

    public sealed record Message(long Seq, DateTimeOffset At, string Author, string Text);

    public sealed record ClockLine(long Seq, DateTimeOffset At, string Type, string Text, CardLevel? Level);
}
