namespace Consult.Load.Measurement;

/// <summary>One S7 room while it is open: its connections, whose turn it is to decide, and what is in flight.</summary>
public sealed class SoakRoom(Guid roomId, DecisionLedger ledger, int number)
{
    private readonly bool[] _decided = new bool[LoadSettings.Departments];
    private int _turn;
    private int _inFlight;
    private int _churnTurn;

    public Guid RoomId { get; } = roomId;

    /// <summary>The run's one ledger: every room's decisions, each due to the room's stable members.</summary>
    public DecisionLedger Ledger { get; } = ledger;

    /// <summary>Rooms are numbered in the order they opened; the oldest is closed first.</summary>
    public int Number { get; } = number;

    public List<SoakMember> Members { get; } = [];

    /// <summary>The representatives in department order (a decision's turn rotates among them).</summary>
    public SoakMember[] Representatives => [.. Members.Where(m => m.Plan.Department is not null)];

    public SoakMember[] Churners => [.. Members.Where(m => !m.Stable)];

    /// <summary>Set when the room is about to close: nothing more is sent to it.</summary>
    public bool Closing { get; set; }

    /// <summary>Every department has a decision acknowledged: the joint outcome is no longer pending, the room may close.</summary>
    public bool MayClose
    {
        get
        {
            lock (_decided)
                return _decided.All(d => d);
        }
    }

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The next representative to decide, in turn.</summary>
    public (SoakMember Representative, int Department) NextRepresentative()
    {
        var reps = Representatives;
        var turn = Interlocked.Increment(ref _turn) - 1;
        return (reps[turn % reps.Length], turn % reps.Length);
    }

    /// <summary>The next member to leave and rejoin, in turn; null if the room has none or it is away.</summary>
    public SoakMember? NextChurner()
    {
        var churners = Churners;
        if (churners.Length == 0)
            return null;
        var member = churners[(Interlocked.Increment(ref _churnTurn) - 1) % churners.Length];
        return member.Away ? null : member;
    }

    public void Decided(int department)
    {
        lock (_decided)
            _decided[department] = true;
    }

    /// <summary>Counts a call to the room while it runs, so that a closing room waits for its calls.</summary>
    public async Task Track(Func<Task> call)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            await call();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
