using System.Collections.Immutable;
using Consult.Realtime;

namespace Consult.Rooms;

/// <summary>
/// Who is connected to a room, per node and connection. Volatile by design: it lives as long as
/// the connections, is never stored nor logged, and the nodes holding the connections report them
/// again on every renewal, so a reactivated room learns it back. Two tabs of one person count once.
/// </summary>
public sealed class RoomPresence
{
    private readonly Dictionary<string, (string NodeId, PresenceEntry Entry)> _connections = new(StringComparer.Ordinal);
    // Who is present per department, as snapshots show it; cleared whenever presence changes.
    private readonly Dictionary<string, ImmutableArray<string>> _presentIn = new(StringComparer.Ordinal);

    /// <summary>
    /// Adds a connection; answers the department whose present people changed (the person's first
    /// connection), or null.
    /// </summary>
    public string? Add(string nodeId, PresenceEntry entry)
    {
        if (_connections.ContainsKey(entry.ConnectionId))
            return null;
        var first = !_connections.Values.Any(p => p.Entry.UserName == entry.UserName);
        _connections[entry.ConnectionId] = (nodeId, entry);
        return Changed(entry, first);
    }

    /// <summary>Removes a connection; answers the department whose present people changed (the person's last connection), or null.</summary>
    public string? Remove(string connectionId)
    {
        if (!_connections.Remove(connectionId, out var removed))
            return null;
        var last = !_connections.Values.Any(p => p.Entry.UserName == removed.Entry.UserName);
        return Changed(removed.Entry, last);
    }

    /// <summary>
    /// Takes what a node reports holding: its connections not reported are dropped, those reported
    /// (again, after this room restarted, or a join raced a renewal) are kept, and the connections
    /// of nodes no longer <paramref name="live"/> (they died) go. Answers the departments whose
    /// present people changed.
    /// </summary>
    public IReadOnlyList<string?> Report(string nodeId, IReadOnlyCollection<PresenceEntry> connections, IReadOnlySet<string> live)
    {
        var reported = connections.Select(c => c.ConnectionId).ToHashSet(StringComparer.Ordinal);
        List<string?> changed = [.. On(nodeId).Where(c => !reported.Contains(c)).Select(Remove)];
        changed.AddRange(connections.Select(c => Add(nodeId, c)));
        changed.AddRange(Outside(live).Select(Remove));
        return changed;
    }

    /// <summary>The connections <paramref name="nodeId"/> holds.</summary>
    public IReadOnlyList<string> On(string nodeId) => [.. _connections.Where(p => p.Value.NodeId == nodeId).Select(p => p.Key)];

    /// <summary>The connections held by nodes not in <paramref name="live"/>.</summary>
    public IReadOnlyList<string> Outside(IReadOnlySet<string> live) => [.. _connections.Where(p => !live.Contains(p.Value.NodeId)).Select(p => p.Key)];

    /// <summary>The user names present for <paramref name="department"/>, in order.</summary>
    public ImmutableArray<string> In(string department)
    {
        if (!_presentIn.TryGetValue(department, out var present))
        {
            _presentIn[department] = present =
                [.. _connections.Values.Where(p => p.Entry.Department == department).Select(p => p.Entry.UserName).Distinct().Order(StringComparer.Ordinal)];
        }

        return present;
    }

    private string? Changed(PresenceEntry entry, bool personChanged)
    {
        _presentIn.Clear();
        return personChanged ? entry.Department : null;
    }
}
