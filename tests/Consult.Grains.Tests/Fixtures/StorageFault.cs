namespace Consult.Grains.Tests.Fixtures;

/// <summary>One armed write failure (see <see cref="StorageFaults"/>).</summary>
public sealed class StorageFault(Func<string, GrainId, object?, bool> match, bool landed)
{
    public Func<string, GrainId, object?, bool> Match { get; } = match;

    /// <summary>The write is stored, and then reported as failed.</summary>
    public bool Landed { get; } = landed;

    /// <summary>Whether a write fired the fault: a test asserts it, so a fault that never fired fails the test.</summary>
    public bool Fired { get; internal set; }
}
