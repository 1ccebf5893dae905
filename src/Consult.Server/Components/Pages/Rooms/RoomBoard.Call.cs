using System.Collections.Immutable;
using Consult.Calls;
using Consult.Rooms;
using Consult.Server.Ui;

namespace Consult.Server.Components.Pages.Rooms;

/// <summary>
/// The board and the room's call: who is in it arrives like presence (every change), shown on the
/// seat cards and in the call panel; joining and the media are the panel's.
/// </summary>
public sealed partial class RoomBoard
{
    private ImmutableArray<CallMember> _callMembers = [];
    private long _callVersion;
    private IAsyncDisposable? _callListening;

    /// <summary>The call is for the room's members while it is not closed: its departments, its convener, managers.</summary>
    private bool MayCall => _room is not null && _room.Status != RoomStatus.Closed && (MySeat is not null || IsChair);

    private async Task WatchCall()
    {
        var (roster, listening) = await Ui.WatchCall(RoomId, roster => InvokeAsync(() =>
        {
            // Rosters may overtake one another on the way (the first read and the pushes): the newest stands.
            if (roster.Version >= _callVersion)
                (_callMembers, _callVersion) = (roster.Members, roster.Version);
            StateHasChanged();
        }));
        _callListening = listening;
        if (roster.Version >= _callVersion)
            (_callMembers, _callVersion) = (roster.Members, roster.Version);
    }

    /// <summary>The case's materials at their newest versions, for opening beside the call.</summary>
    private ImmutableArray<CallMaterial> CallMaterials => _case is null || _catalog is null || _case.Materials.IsDefaultOrEmpty ? []
        : [.. RoomCaseCard.Newest(_case.Materials).Select(m => new CallMaterial(
            $"{_catalog.MaterialName(_case.MatterCode, m.Name)} {L["Materials_Version", m.Version]}", $"/api/v1/cases/{_case.CaseId}/materials/{m.Sha256}"))];

    private Task AllowApplicantCall(bool allowed) =>
        Run(async () => _room = await Ui.AllowApplicantCall(RoomId, allowed), allowed ? "Call_ApplicantAllowed" : "Call_ApplicantWithdrawn");

    /// <summary>The room's convener (not a manager): mutes members of the call.</summary>
    private bool IsConvener => _actor is { IsWindow: true } && _room is not null && _actor.UserName == _room.Convener;

    /// <summary>Every member of <paramref name="department"/> in the call has its microphone off.</summary>
    private bool CallMuted(string department) =>
        !_callMembers.IsEmpty && _callMembers.Any(m => m.Department == department) && _callMembers.All(m => m.Department != department || m.Muted);

    /// <summary>The user names of <paramref name="department"/> in the call.</summary>
    private ImmutableArray<string> InCall(string department) =>
        _callMembers.IsEmpty ? [] : [.. _callMembers.Where(m => m.Department == department).Select(m => m.UserName).Distinct()];

    private string CallLabel(CallMember member) => People.Name(member.UserName, member.DisplayName, L);

    private async Task StopWatchingCall()
    {
        if (_callListening is not null)
            await _callListening.DisposeAsync();
    }
}
