using Consult.Cases;
using Consult.Common;
using Consult.Departments;
using Microsoft.AspNetCore.SignalR;

namespace Consult.Server.Realtime;

/// <summary>The relay's department inboxes and tracking-link followers: who on this node listens, and what it is told.</summary>
public sealed partial class RoomRelay
{
    /// <summary>An in-process listener to a department's new invitations.</summary>
    public async Task<IAsyncDisposable> ListenToDepartment(string department, Func<Invitation, Task> listener)
    {
        var id = LocalPrefix + Guid.NewGuid().ToString("N");
        bool first;
        string key;
        lock (_lock)
        {
            first = !_departments.ContainsKey(department) && !_departmentListeners.ContainsKey(department);
            if (!_departmentListeners.TryGetValue(department, out var listeners))
                _departmentListeners[department] = listeners = new Dictionary<string, Func<Invitation, Task>>(StringComparer.Ordinal);
            listeners[id] = listener;
            key = WatchKey(DepartmentGroup(department));
        }

        if (first)
            await grains.GetGrain<IDepartmentGrain>(department).Watch(key, Reference);
        return new Membership(() => Disconnected(id));
    }

    /// <summary>An in-process follower of a tracking link: the current view, then every change.</summary>
    public async Task<(PublicCaseView View, IAsyncDisposable Membership)> FollowLocal(string token, Func<PublicCaseView, Task> listener)
    {
        var id = LocalPrefix + Guid.NewGuid().ToString("N");
        lock (_lock)
            _caseListeners[id] = listener;
        try
        {
            var view = await FollowCase(id, token);
            return (view, new Membership(() => Disconnected(id)));
        }
        catch
        {
            lock (_lock)
                _caseListeners.Remove(id);
            throw;
        }
    }

    public async Task AddDepartmentMember(string connectionId, string department)
    {
        await hub.Groups.AddToGroupAsync(connectionId, DepartmentGroup(department));
        bool first;
        string key;
        lock (_lock)
        {
            first = !_departments.TryGetValue(department, out var members) && !_departmentListeners.ContainsKey(department);
            if (members is null)
                _departments[department] = members = new HashSet<string>(StringComparer.Ordinal);
            members.Add(connectionId);
            key = WatchKey(DepartmentGroup(department));
        }

        if (first)
            await grains.GetGrain<IDepartmentGrain>(department).Watch(key, Reference);
    }

    public async Task<PublicCaseView> FollowCase(string connectionId, string token)
    {
        if (!TrackingTokens.IsWellFormed(token))
            throw ConsultException.NotFound("No case for this link.");
        var caseId = await grains.GetGrain<ITrackingGrain>(token).Resolve()
            ?? throw ConsultException.NotFound("No case for this link.");
        var theCase = grains.GetGrain<ICaseGrain>(caseId);
        var view = await theCase.GetPublicView(token);
        if (!connectionId.StartsWith(LocalPrefix, StringComparison.Ordinal))
            await hub.Groups.AddToGroupAsync(connectionId, TrackingGroup(token));
        bool first;
        string key;
        lock (_lock)
        {
            first = !_cases.TryGetValue(caseId, out var followers);
            if (first)
                _cases[caseId] = followers = new Dictionary<string, string>(StringComparer.Ordinal);
            followers![connectionId] = token;
            key = WatchKey(CaseKey(caseId));
        }

        if (first)
            await theCase.Watch(key, Reference);
        return view;
    }

    public Task OnCaseUpdated(Guid caseId, string trackingToken, PublicCaseView view)
    {
        _ = SendCaseUpdate(caseId, trackingToken, view);
        return Task.CompletedTask;
    }

    public Task OnInvitation(string department, Invitation invitation)
    {
        _ = SendInvitation(department, invitation);
        return Task.CompletedTask;
    }

    public Task OnInboxChanged(string department, Invitation line)
    {
        _ = TellInboxPages(department, line);
        return Task.CompletedTask;
    }

    private async Task SendCaseUpdate(Guid caseId, string trackingToken, PublicCaseView view)
    {
        await Guarded(hub.Clients.Group(TrackingGroup(trackingToken)).CaseUpdated(view));
        List<Func<PublicCaseView, Task>> listeners;
        lock (_lock)
            listeners = _cases.TryGetValue(caseId, out var followers)
                ? [.. followers.Where(f => f.Value == trackingToken && _caseListeners.ContainsKey(f.Key)).Select(f => _caseListeners[f.Key])]
                : [];
        foreach (var listener in listeners)
            await Guarded(listener(view));
    }

    private async Task SendInvitation(string department, Invitation invitation)
    {
        await Guarded(hub.Clients.Group(DepartmentGroup(department)).Invitation(invitation));
        await TellInboxPages(department, invitation);
    }

    /// <summary>The department's open inbox pages on this node.</summary>
    private async Task TellInboxPages(string department, Invitation line)
    {
        List<Func<Invitation, Task>> listeners;
        lock (_lock)
            listeners = _departmentListeners.TryGetValue(department, out var found) ? [.. found.Values] : [];
        foreach (var listener in listeners)
            await Guarded(listener(line));
    }
}
