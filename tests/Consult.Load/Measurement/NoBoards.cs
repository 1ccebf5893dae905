namespace Consult.Load.Measurement;

/// <summary>
/// <c>--board-control</c>: the boards' run with none opened, so that its two windows measure how much
/// the second differs from the first by itself (an A/A check of the 20 % bound).
/// </summary>
public sealed class NoBoards : IBoardClients
{
    public int Count => 0;

    public IReadOnlyList<string> Errors => [];

    public Task Open(int count) => Task.CompletedTask;

    public Task<BoardFigures> Latencies(DecisionLedger ledger, int sent, Func<long, double> unixMsAt) =>
        Task.FromResult(BoardFigures.Of<long>(ledger, sent, 0, [], (_, _) => 0));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
