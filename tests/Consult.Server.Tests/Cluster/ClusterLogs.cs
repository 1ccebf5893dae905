using Consult.Rooms;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Cluster;

/// <summary>What the cluster tests assert of every client's log.</summary>
public static class ClusterLogs
{
    /// <summary>The log holds exactly the events after <paramref name="joinedAt"/> up to <paramref name="last"/>, once each, in order.</summary>
    public static void AssertGapless(string client, EventLog log, long joinedAt, long last)
    {
        var seqs = log.Events.Select(e => e.Seq).ToList();
        var expected = Enumerable.Range((int)joinedAt + 1, (int)(last - joinedAt)).Select(i => (long)i).ToList();
        Assert.True(expected.SequenceEqual(seqs), $"{client} joined at {joinedAt} and saw [{string.Join(",", seqs)}]; expected {joinedAt + 1}..{last}.");
    }

    /// <summary>Every client saw the same event under each seq as the room's own log.</summary>
    public static void AssertSameAsRoom(string client, EventLog log, IReadOnlyDictionary<long, RoomEvent> room)
    {
        foreach (var seen in log.Events)
        {
            var stored = room[seen.Seq];
            Assert.True(stored.Type == seen.Type && stored.Actor == seen.Actor && stored.Payload == seen.Payload,
                $"{client} saw {seen.Type} by {seen.Actor} at {seen.Seq}; the room holds {stored.Type} by {stored.Actor}.");
        }
    }
}
