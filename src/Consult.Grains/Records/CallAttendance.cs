using System.Collections.Immutable;
using Consult.Rooms;
using Consult.Rooms.Events;

namespace Consult.Records;

/// <summary>
/// Who took part in a room's call and for how long, from its <c>callJoined</c>/<c>callLeft</c>
/// events: each connection's join is paired with its leave by connection id; a join with no leave
/// (the room's activation ended with the call, before leaves were logged) counts up to the close.
/// A person's connections that overlap (two tabs, a reconnect) count once: their time is the union
/// of the intervals. Pure, so the same log gives the same figures.
/// </summary>
public static class CallAttendance
{
    public static ImmutableArray<RecordCallParticipant> From(IEnumerable<RoomEvent> log, DateTimeOffset closedAt)
    {
        var open = new Dictionary<string, Join>(StringComparer.Ordinal);
        var people = new Dictionary<(string UserName, string? Department), Person>();

        Person PersonOf(string userName, string? department)
        {
            if (!people.TryGetValue((userName, department), out var person))
                people[(userName, department)] = person = new Person(userName, department);
            return person;
        }

        void End(Join join, DateTimeOffset at)
        {
            var person = PersonOf(join.UserName, join.Department);
            var until = at > closedAt ? closedAt : at;
            person.Intervals.Add((join.At, until < join.At ? join.At : until));
        }

        foreach (var e in log.OrderBy(e => e.Seq))
        {
            if (e.Type == RoomEventTypes.CallJoined)
            {
                var joined = RoomEventPayloads.Read<CallJoined>(e);
                // The same connection joining again without a leave logged: its earlier join ends here.
                if (open.Remove(joined.ConnectionId, out var earlier))
                    End(earlier, e.At);
                open[joined.ConnectionId] = new Join(e.Actor, joined.Department, e.At);
                var person = PersonOf(e.Actor, joined.Department);
                person.Joins++;
                person.Name = e.ActorName ?? person.Name;
            }
            else if (e.Type == RoomEventTypes.CallLeft)
            {
                var left = RoomEventPayloads.Read<CallLeft>(e);
                End(open.Remove(left.ConnectionId, out var join) ? join : new Join(e.Actor, left.Department, left.JoinedAt), e.At);
            }
        }

        foreach (var join in open.Values)
            End(join, closedAt);

        return [.. people.Values
            .Where(p => p.Intervals.Count > 0)
            .Select(p => p.ToRecord())
            .OrderBy(p => p.FirstJoinedAt)
            .ThenBy(p => p.UserName, StringComparer.Ordinal)
            .ThenBy(p => p.Department, StringComparer.Ordinal)];
    }

    private sealed record Join(string UserName, string? Department, DateTimeOffset At);

    private sealed class Person(string userName, string? department)
    {
        public List<(DateTimeOffset From, DateTimeOffset To)> Intervals { get; } = [];

        public int Joins { get; set; }

        public string? Name { get; set; }

        public RecordCallParticipant ToRecord()
        {
            var total = TimeSpan.Zero;
            DateTimeOffset? from = null, to = null;
            foreach (var (start, end) in Intervals.OrderBy(i => i.From))
            {
                if (to is { } reached && start <= reached)
                {
                    if (end > reached)
                        to = end;
                    continue;
                }

                if (from is { } begun && to is { } ended)
                    total += ended - begun;
                (from, to) = (start, end);
            }

            if (from is { } lastFrom && to is { } lastTo)
                total += lastTo - lastFrom;
            return new RecordCallParticipant(userName, Name, department, (long)total.TotalSeconds, Joins,
                Intervals.Min(i => i.From), Intervals.Max(i => i.To));
        }
    }
}
