namespace Consult.Grains.Tests.Fixtures;

/// <summary>
/// Faults armed by a test and fired by <see cref="FaultInjectingStorage"/>: the next write that
/// matches fails once, either before it reaches the store or after it landed (the store answered
/// too late), and the fault is spent.
/// </summary>
public sealed class StorageFaults
{
    private readonly List<StorageFault> _armed = [];
    private readonly Dictionary<GrainId, int> _writes = [];

    /// <summary>Writes that reached this storage for <paramref name="grainId"/> (any state name), failed or not.</summary>
    public int WritesOf(GrainId grainId)
    {
        lock (_armed)
            return _writes.GetValueOrDefault(grainId);
    }

    /// <summary>
    /// Fails the next write for which <paramref name="match"/> (state name, grain, state being
    /// written) is true; with <paramref name="landed"/> the write is stored before it fails.
    /// </summary>
    public StorageFault FailNextWrite(Func<string, GrainId, object?, bool> match, bool landed = false)
    {
        var fault = new StorageFault(match, landed);
        lock (_armed)
            _armed.Add(fault);
        return fault;
    }

    /// <summary>Counts the write, and answers the armed fault it fires, if any (it is then spent).</summary>
    public StorageFault? Take(string stateName, GrainId grainId, object? state)
    {
        lock (_armed)
        {
            _writes[grainId] = _writes.GetValueOrDefault(grainId) + 1;
            var fault = _armed.Find(f => f.Match(stateName, grainId, state));
            if (fault is null)
                return null;
            _armed.Remove(fault);
            fault.Fired = true;
            return fault;
        }
    }
}
