using System.Collections.Immutable;
using Consult.Calls;
using Consult.Server.Realtime.Calls;
using Consult.Server.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace Consult.Server.Components.Pages.Rooms;

/// <summary>
/// The board's part in the room's call. The circuit is the page's signalling channel: the script
/// (<c>wwwroot/js/call.js</c>) hands each signal to <see cref="SendSignal"/>, which the room routes
/// to its addressee; signals for this page come back through <see cref="LocalCall"/>'s listener.
/// </summary>
public sealed partial class RoomCallPanel
{
    private LocalCall? _call;
    private IJSObjectReference? _module;
    private IJSObjectReference? _session;
    private DotNetObjectReference<RoomCallPanel>? _self;
    private ElementReference _tiles;
    private bool _busy;
    private bool _hasMic;
    private bool _micOn;
    private bool _hasCamera;
    private bool _cameraOn;
    private bool _canShare;
    private bool _sharing;
    // Who muted this page (the convener's name), until it turns its microphone on again.
    private string? _mutedBy;
    private CallMedia? _reported;
    private ImmutableArray<CallMember> _shown = [];
    private bool _inRoster;
    // The newest roster the script has: the join's answer, then the board's newer ones.
    private long _applied;
    // Signals that came between joining and the script's start (the others offer at once).
    private readonly List<CallSignalDelivery> _early = [];

    [Parameter, EditorRequired]
    public Guid RoomId { get; set; }

    /// <summary>Who is in the call (from the board, which hears every change).</summary>
    [Parameter]
    public ImmutableArray<CallMember> Members { get; set; } = [];

    /// <summary>The roster's version (<see cref="CallRoster.Version"/>).</summary>
    [Parameter]
    public long Version { get; set; }

    [Parameter]
    public bool CanJoin { get; set; }

    /// <summary>The case's materials, each openable beside the call.</summary>
    [Parameter]
    public System.Collections.Immutable.ImmutableArray<CallMaterial> Materials { get; set; } = [];

    /// <summary>The applicant's tracking link: the page joins as the applicant (audio and video only).</summary>
    [Parameter]
    public string? Token { get; set; }

    /// <summary>For the convener: whether the applicant may join the call (a switch), and what the switch sets.</summary>
    [Parameter]
    public bool? ApplicantMayCall { get; set; }

    [Parameter]
    public EventCallback<bool> OnApplicantMayCall { get; set; }

    /// <summary>The room's convener: may mute the other members.</summary>
    [Parameter]
    public bool CanMute { get; set; }

    /// <summary>On a phone: small tiles in one row, so the decision form stays near.</summary>
    [Parameter]
    public bool Compact { get; set; }

    /// <summary>The label under a member's tile (department and name).</summary>
    [Parameter, EditorRequired]
    public Func<CallMember, string> Label { get; set; } = default!;

    [Inject]
    private ConsultUi Ui { get; set; } = default!;

    [Inject]
    private IJSRuntime Js { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        await Follow();
        if (_call is not null && !CanJoin)
            await Leave();
    }

    /// <summary>
    /// Takes the board's roster when it is newer than what the script has: a board that lags
    /// behind the join (or a signal that overtook a roster) must not close peers just made. A newer
    /// roster without this page means the call ended for it (the room closed, or its node was dropped).
    /// </summary>
    private async Task Follow()
    {
        if (_session is null || _call is null || Version <= _applied)
            return;
        _applied = Version;
        if (Members.Any(m => m.ConnectionId == _call.ConnectionId))
        {
            _inRoster = true;
            await ShowMembers(Members);
        }
        else if (_inRoster)
        {
            await Leave();
        }
    }

    private async Task Join()
    {
        _busy = true;
        try
        {
            _self ??= DotNetObjectReference.Create(this);
            _module ??= await Js.InvokeAsync<IJSObjectReference>("import", "./js/call.js");
            _call = Token is null ? await Ui.JoinCall(RoomId, OnSignal, OnMuted) : await Ui.JoinApplicantCall(Token, RoomId, OnSignal, OnMuted);
            _shown = _call.Joined.Members;
            _applied = _call.Joined.Version;
            _session = await _module.InvokeAsync<IJSObjectReference>("start", _self, _tiles, new
            {
                selfId = _call.ConnectionId,
                iceServers = _call.Joined.IceServers.Select(s => new { urls = s.Urls, username = s.Username, credential = s.Credential }),
                loopbackOnly = Ui.LoopbackCandidatesOnly,
                members = Describe(_call.Joined.Members),
            });
            foreach (var early in _early)
                await _session.InvokeVoidAsync("signal", early.FromConnectionId, early.Signal.Kind, early.Signal.Data);
            _early.Clear();
            await Follow();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Snackbar.Add(UiErrors.Describe(e, L), Severity.Error);
            await Stop();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task Leave()
    {
        _busy = true;
        try
        {
            await Stop();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The media has stopped; the room logs the leave when this page's membership ends.
            Snackbar.Add(UiErrors.Describe(e, L), Severity.Warning);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ShowMembers(ImmutableArray<CallMember> members)
    {
        _shown = members;
        if (_session is not null)
            await _session.InvokeVoidAsync("members", (object)Describe(members));
    }

    private object[] Describe(ImmutableArray<CallMember> members) =>
        [.. members.Select(m => new { connectionId = m.ConnectionId, label = Label(m), muted = m.Muted, sharing = m.SharingScreen })];

    /// <summary>A signal for this page, passed to the script in the order it came.</summary>
    private Task OnSignal(CallSignalDelivery delivery) => InvokeAsync(async () =>
    {
        if (_session is not null)
            await _session.InvokeVoidAsync("signal", delivery.FromConnectionId, delivery.Signal.Kind, delivery.Signal.Data);
        else
            _early.Add(delivery);
    });

    [JSInvokable]
    public async Task SendSignal(string to, string kind, string data)
    {
        if (_call is not null)
            await _call.Send(to, CallSignals.Read(kind, data));
    }

    /// <summary>The convener muted this page: the microphone goes off (the member may turn it on again).</summary>
    private Task OnMuted(CallMuted muted) => InvokeAsync(async () =>
    {
        if (_session is null)
            return;
        _mutedBy = People.Name(muted.By, muted.ByName, L);
        await _session.InvokeVoidAsync("setMicrophone", false);
        StateHasChanged();
    });

    private async Task Mute(CallMember member)
    {
        try
        {
            await Ui.MuteCallMember(RoomId, member.ConnectionId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Snackbar.Add(UiErrors.Describe(e, L), Severity.Error);
        }
    }

    /// <summary>The script's microphone and camera; the others are told when they changed.</summary>
    [JSInvokable]
    public Task MediaState(bool hasMic, bool micOn, bool hasCamera, bool cameraOn, bool canShare, bool sharing) => InvokeAsync(async () =>
    {
        (_hasMic, _micOn, _hasCamera, _cameraOn, _canShare, _sharing) = (hasMic, micOn, hasCamera, cameraOn, canShare, sharing);
        if (micOn)
            _mutedBy = null;
        StateHasChanged();
        var media = new CallMedia(hasMic && micOn, hasCamera && cameraOn, sharing);
        if (_call is not null && media != _reported)
        {
            _reported = media;
            try
            {
                await _call.Report(media);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Shown to the others only; the next change reports again.
                _reported = null;
                Snackbar.Add(UiErrors.Describe(e, L), Severity.Warning);
            }
        }
    });

    private async Task ToggleMicrophone()
    {
        if (_session is not null)
            await _session.InvokeVoidAsync("setMicrophone", !_micOn);
    }

    private async Task ToggleCamera()
    {
        if (_session is not null)
            await _session.InvokeVoidAsync("setCamera", !_cameraOn);
    }

    /// <summary>Shares a screen or a window (the browser asks which) in place of the camera, or goes back to the camera.</summary>
    private async Task ToggleSharing()
    {
        if (_session is not null)
            await _session.InvokeVoidAsync(_sharing ? "stopSharing" : "shareScreen");
    }

    private async Task OpenBeside(CallMaterial material)
    {
        _module ??= await Js.InvokeAsync<IJSObjectReference>("import", "./js/call.js");
        if (!await _module.InvokeAsync<bool>("openBeside", material.Url))
            Snackbar.Add(L["Call_MaterialBlocked"], Severity.Warning);
    }

    private async Task Stop()
    {
        var session = _session;
        var call = _call;
        _session = null;
        _call = null;
        _shown = [];
        _inRoster = false;
        _mutedBy = null;
        _reported = null;
        _sharing = false;
        _early.Clear();
        try
        {
            if (session is not null)
            {
                await session.InvokeVoidAsync("stop");
                await session.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The page is gone: its media went with it.
        }

        if (call is not null)
            await call.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Stop();
        try
        {
            if (_module is not null)
                await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
        }

        _self?.Dispose();
    }
}
