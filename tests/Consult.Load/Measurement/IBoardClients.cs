namespace Consult.Load.Measurement;

/// <summary>The boards a <c>--boards N</c> run opens on its first room: Chromium pages (<see cref="BoardPages"/>) or thin circuits (<see cref="ThinBoards"/>).</summary>
public interface IBoardClients : IAsyncDisposable
{
    /// <summary>Boards open and counted (the one opened first is not).</summary>
    int Count { get; }

    /// <summary>The circuits' errors so far (a thin circuit's refused or failed messages; none for pages and the control).</summary>
    IReadOnlyList<string> Errors { get; }

    /// <summary>Opens <paramref name="count"/> more boards, each its own circuit, each waited for until its seats show.</summary>
    Task Open(int count);

    /// <summary>Board update latencies of <paramref name="ledger"/>'s decisions over every board; <paramref name="unixMsAt"/> turns a Stopwatch timestamp into Unix milliseconds.</summary>
    Task<BoardFigures> Latencies(DecisionLedger ledger, int sent, Func<long, double> unixMsAt);
}
