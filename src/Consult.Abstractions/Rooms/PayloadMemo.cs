namespace Consult.Rooms;

/// <summary>
/// A room event's payload as last read into its type, kept on the event instance (<see cref="RoomEvent"/>): a node's
/// relay hands the same instance to every board open on the room, and each board projects it, so the payload is
/// parsed once per node instead of once per board. Invisible to the event's equality (every memo equals every
/// other) and to its serialisation (not a member of the contract or of Orleans' codec).
/// </summary>
/// <remarks>
/// Read and written from any thread: the entry is one immutable object swapped in whole, so a race costs a second
/// parse, never a wrong value. An entry made for another payload string (an event copied with another payload) is
/// not used.
/// </remarks>
internal struct PayloadMemo : IEquatable<PayloadMemo>
{
    private Entry? _entry;

    public bool TryGet<T>(string payload, out T value)
    {
        if (Volatile.Read(ref _entry) is { } entry
            && ReferenceEquals(entry.Payload, payload) && entry.Value is T typed)
        {
            value = typed;
            return true;
        }

        value = default!;
        return false;
    }

    public void Set(string payload, object? value) => Volatile.Write(ref _entry, new Entry(payload, value));

    public readonly bool Equals(PayloadMemo other) => true;

    public override readonly bool Equals(object? obj) => obj is PayloadMemo;

    public override readonly int GetHashCode() => 0;

    private sealed record Entry(string Payload, object? Value);
}
