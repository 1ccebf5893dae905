using Consult.Rooms;
using Consult.Rooms.Events;
using Consult.Server.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Consult.Server.Components.Pages.Rooms;

/// <summary>
/// The board on a phone and the discussion's unread count. On a narrow screen (≤ 600 px, told by
/// the browser) a department's representative gets the case and the department's own decision
/// first, the other departments folded below, and the discussion as a sheet opened from a bar at
/// the bottom; the bar, and on a desk a floating button while the discussion is out of sight, say
/// how many messages came in unseen (<see cref="UnreadMessages"/>).
/// </summary>
public sealed partial class RoomBoard
{
    private readonly UnreadMessages _unread = new();
    private bool _narrow;
    // Until the browser says how wide it is, the board waits: a form that moved between layouts
    // under a finger would lose the tap.
    private bool _layoutKnown;
    private bool _sheetOpen;
    private RoomDiscussion? _discussion;
    private DotNetObjectReference<RoomBoard>? _self;
    private int? _narrowWatch;

    [Inject]
    private IJSRuntime Js { get; set; } = default!;

    /// <summary>The representative's phone layout: narrow, and a seat of the viewer's department in the room.</summary>
    private bool PhoneFirst => _narrow && MySeat is not null && !IsChair;

    private IReadOnlyList<SeatView> OtherSeats => _room is null ? [] : [.. _room.Seats.Where(s => s.Department != MySeat?.Department)];

    private string DiscussionLabel => _unread.Count > 0 ? L["Board_DiscussionUnread", _unread.Count] : L["Board_DiscussionBar"];

    /// <summary>Whether the department decides here now: an open room and a seat that is not only told.</summary>
    private bool MayDecide(SeatView? seat) => seat is not null && _room?.Status == RoomStatus.Open && seat.Role != SeatRole.Notify;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || _disposed)
            return;
        _self = DotNetObjectReference.Create(this);
        try
        {
            _narrowWatch = await Js.InvokeAsync<int>("consultRoom.watchNarrow", _self);
        }
        catch (JSException)
        {
            // The page's script is missing: the desk layout, which works on any screen.
            _layoutKnown = true;
            StateHasChanged();
        }
    }

    [JSInvokable]
    public Task NarrowChanged(bool narrow) => InvokeAsync(() =>
    {
        if (_layoutKnown && _narrow == narrow)
            return;
        _layoutKnown = true;
        _narrow = narrow;
        _sheetOpen = false;
        StateHasChanged();
    });

    /// <summary>The discussion's message list came on screen or went off it.</summary>
    private void DiscussionVisible(bool visible) => _unread.SetVisible(visible && (!_narrow || _sheetOpen));

    private void CountUnread(RoomEvent roomEvent)
    {
        if (roomEvent.Type == RoomEventTypes.MessagePosted)
            _unread.Arrived(roomEvent.Seq, mine: roomEvent.Actor == _actor?.UserName);
    }

    /// <summary>
    /// The bar's button: the sheet on a phone (seen at once); on a desk, the panel unfolded and
    /// scrolled to, seen when the browser says the list is on screen.
    /// </summary>
    private void OpenDiscussion()
    {
        if (_narrow)
        {
            _sheetOpen = true;
            _unread.SetVisible(true);
        }

        _discussion?.Reveal();
    }

    private void CloseDiscussion()
    {
        _sheetOpen = false;
        _unread.SetVisible(false);
    }

    private async Task StopWatching()
    {
        try
        {
            if (_narrowWatch is { } watch)
                await Js.InvokeVoidAsync("consultRoom.unwatch", watch);
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the page with it.
        }

        _self?.Dispose();
    }
}
