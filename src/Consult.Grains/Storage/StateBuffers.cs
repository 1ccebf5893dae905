using System.Buffers;
using System.Collections.Concurrent;

namespace Consult.Storage;

/// <summary>
/// Buffers for grain states serialised on their way to a storage's write loop, used again rather
/// than a new array per write: a grain rents one, serialises its state into it and hands it over;
/// the write loop binds its bytes and returns it. At most <see cref="Kept"/> are kept, none over
/// <see cref="LargestKept"/> bytes (a rare huge state does not stay in memory).
/// </summary>
internal sealed class StateBuffers
{
    public const int Kept = 64;
    public const int LargestKept = 256 * 1024;
    private const int FirstSize = 4096;

    private readonly ConcurrentQueue<ArrayBufferWriter<byte>> _free = new();
    private int _count;

    public ArrayBufferWriter<byte> Rent()
    {
        if (_free.TryDequeue(out var buffer))
        {
            Interlocked.Decrement(ref _count);
            return buffer;
        }

        return new ArrayBufferWriter<byte>(FirstSize);
    }

    public void Return(ArrayBufferWriter<byte> buffer)
    {
        if (buffer.Capacity > LargestKept)
            return;
        if (Interlocked.Increment(ref _count) > Kept)
        {
            Interlocked.Decrement(ref _count);
            return;
        }

        buffer.ResetWrittenCount();
        _free.Enqueue(buffer);
    }
}
