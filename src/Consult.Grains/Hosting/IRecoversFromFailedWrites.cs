namespace Consult.Hosting;

/// <summary>
/// A grain that puts its own state right after a failed write (it reloads what is stored), so
/// <see cref="FailedCallDeactivationFilter"/> leaves its activation, and what it keeps in memory only, alone.
/// </summary>
public interface IRecoversFromFailedWrites;
