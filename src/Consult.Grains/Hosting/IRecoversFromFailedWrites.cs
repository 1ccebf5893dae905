namespace Consult.Hosting;

/// <summary>
/// A grain that puts its own state right after a failed write (it reloads what is stored), so
/// <see cref="FailedCallDeactivationFilter"/> leaves its activation, and what it keeps in memory only, alone.
/// </summary>
public interface IRecoversFromFailedWrites
{
    /// <summary>
    /// Null when the state in memory is what is stored; otherwise the reload (of a state whose store
    /// could not be read after a failed write) that must finish before the next call runs.
    /// </summary>
    /// <remarks>
    /// Asked by <see cref="FailedCallDeactivationFilter"/> before every call, on the grain's turn: the
    /// grain needs no call filter of its own (one more asynchronous level on every call).
    /// </remarks>
    Task? ReloadIfStale();
}
