using System.Collections.Concurrent;
using System.Diagnostics;

namespace Consult.PowerCut.Tests;

/// <summary>
/// Every write the server acknowledged (a 2xx answer received), with when: what must be there
/// after the cut. A request that got no answer is not in it, whatever became of it.
/// </summary>
public sealed class Ledger
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Guid> _openRooms = [];

    public ConcurrentBag<AckedCase> Cases { get; } = [];
    public ConcurrentBag<AckedRoom> Rooms { get; } = [];
    public ConcurrentBag<AckedEvent> Events { get; } = [];
    public ConcurrentBag<AckedMaterial> Materials { get; } = [];
    public ConcurrentBag<AckedClose> Closes { get; } = [];

    /// <summary>Time since the run began.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>When the server was frozen (or the armed cut fired), set by the run.</summary>
    public TimeSpan? CutAt { get; set; }

    public int Total => Cases.Count + Rooms.Count + Events.Count + Materials.Count + Closes.Count;

    public string Counts =>
        $"{Total} acknowledged ({Cases.Count} registrations, {Rooms.Count} openings, {Events.Count(e => e.Kind == "decision")} decisions, " +
        $"{Events.Count(e => e.Kind == "message")} messages, {Materials.Count} uploads, {Closes.Count} closes)";

    public void Opened(AckedRoom room)
    {
        Rooms.Add(room);
        lock (_openRooms)
            _openRooms.Add(room.RoomId);
    }

    public void Closed(AckedClose close) => Closes.Add(close);

    /// <summary>A room still open for decisions and messages (none while none is open).</summary>
    public Guid? AnyOpenRoom()
    {
        lock (_openRooms)
            return _openRooms.Count == 0 ? null : _openRooms[Random.Shared.Next(_openRooms.Count)];
    }

    /// <summary>Takes a room out of the load (it is about to be closed).</summary>
    public void Retire(Guid roomId)
    {
        lock (_openRooms)
            _openRooms.Remove(roomId);
    }

    public AckedCase? AnyCase()
    {
        var cases = Cases.ToArray();
        return cases.Length == 0 ? null : cases[Random.Shared.Next(cases.Length)];
    }
}

public sealed record AckedCase(Guid CaseId, string CaseNumber, TimeSpan At);

public sealed record AckedRoom(Guid CaseId, Guid RoomId, string[] Departments, TimeSpan At);

/// <summary>A decision or a message, acknowledged at <paramref name="Seq"/> of its room's log.</summary>
public sealed record AckedEvent(Guid RoomId, long Seq, string Kind, string? Department, string Text, TimeSpan At);

public sealed record AckedMaterial(Guid CaseId, string Sha256, long Size, TimeSpan At);

public sealed record AckedClose(Guid CaseId, Guid RoomId, TimeSpan At);
