using System.Globalization;

namespace Consult.Load.Measurement;

/// <summary>
/// S7, the soak: what happens beside the decisions. Chat messages, members leaving and rejoining
/// their room, rooms closed and replaced, and how often the server is sampled.
/// </summary>
public sealed record SoakSettings(
    int ChatPerSecond,
    int ChurnPerSecond,
    TimeSpan Away,
    TimeSpan RoomLife,
    TimeSpan SampleEvery,
    int Departments)
{
    /// <summary>Members of each room that never leave: the convener, the deciding representatives, one follower.</summary>
    public const int StableMembers = LoadSettings.Departments + 2;

    public const string Usage = """
          --scenario S7  the soak: --rooms N (1,000) x --participants N (10) over Consult with SQLite (B2; or B1, in-memory storage;
                         the bare hub B0 has no chat, resync or closing),
                         --rate N (100) decisions/s for --seconds N (3,600), 1 repetition, and beside them:
                           --chat-rate N (50) messages/s (PostMessage over the hub),
                           --churn-rate N (10) members/s leave their room and rejoin --away-seconds N (5) later (resync),
                           --room-life N (600) s: a room is closed (POST /consultations/{id}/close) every room-life/rooms s
                           and replaced by a newly opened one with new connections;
                         --departments N (3): each room invites 3 of the catalogue's first N departments in turn, so that
                         each department has about rooms x 3 / N representatives connected (an invitation reaches them all);
                         every --sample-seconds N (30): heap (no forced GC), RSS, SQLite file and WAL sizes, latency
        """;

    /// <summary>Orleans deactivates a grain idle this long (<c>GrainCollectionOptions.CollectionAge</c>, not changed by Consult).</summary>
    public static readonly TimeSpan GrainCollectionAge = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Heap and RSS slopes are fitted after this. The heap can only level off once the rooms open at
    /// the start have all been replaced (a room life) and the first closed rooms' grains have been
    /// deactivated (Orleans' collection age after that): 25 minutes of the default hour; at most half the run.
    /// </summary>
    public TimeSpan WarmUp(TimeSpan run) => TimeSpan.FromTicks(Math.Min((RoomLife + GrainCollectionAge).Ticks, (run / 2).Ticks));

    /// <summary>The report's latency windows: 10 minutes, or a tenth of a run shorter than 100 minutes.</summary>
    public static TimeSpan Window(TimeSpan run) => run >= TimeSpan.FromMinutes(100) ? TimeSpan.FromMinutes(10) : run / 10;

    /// <summary>Takes S7's own options out of <paramref name="values"/> (the rest are <see cref="LoadSettings"/>'s).</summary>
    public static SoakSettings Take(Dictionary<string, string> values)
    {
        int Int(string key, int fallback) =>
            values.Remove(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var soak = new SoakSettings(
            Int("chat-rate", 50),
            Int("churn-rate", 10),
            TimeSpan.FromSeconds(Int("away-seconds", 5)),
            TimeSpan.FromSeconds(Int("room-life", 600)),
            TimeSpan.FromSeconds(Int("sample-seconds", 30)),
            Int("departments", LoadSettings.Departments));
        if (soak.ChatPerSecond < 0 || soak.ChurnPerSecond < 0 || soak.Away <= TimeSpan.Zero || soak.RoomLife <= TimeSpan.Zero || soak.SampleEvery <= TimeSpan.Zero)
            throw new ArgumentException("--chat-rate and --churn-rate must not be negative; --away-seconds, --room-life and --sample-seconds must be positive.");
        if (soak.Departments < LoadSettings.Departments)
            throw new ArgumentException($"--departments must be at least {LoadSettings.Departments}: every room invites that many.");
        return soak;
    }

    public override string ToString() =>
        $"{ChatPerSecond} chat messages/s, {ChurnPerSecond} leave-and-rejoin/s (away {Away.TotalSeconds:F0} s, then resync), " +
        $"a room closed and replaced every room-life ÷ rooms (room life {RoomLife.TotalSeconds:F0} s), " +
        $"rooms invite {LoadSettings.Departments} of {Departments} departments in turn, sampled every {SampleEvery.TotalSeconds:F0} s";
}
