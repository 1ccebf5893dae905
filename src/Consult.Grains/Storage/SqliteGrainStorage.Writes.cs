using System.Globalization;
using CommunityToolkit.HighPerformance.Buffers;
using Orleans.Storage;

namespace Consult.Storage;

/// <summary>The writes waiting for the group commit.</summary>
public sealed partial class SqliteGrainStorage
{
    /// <summary>
    /// Whether the caller's <c>await</c> resumes on a scheduler of its own: a grain's turn (Orleans'
    /// activation scheduler) or a synchronization context. Such a caller's write is completed without
    /// <see cref="TaskCreationOptions.RunContinuationsAsynchronously"/>: the write loop then only posts
    /// the grain's continuation to its activation, one hand-off, where completing asynchronously
    /// first queued a thread-pool item whose only work was that same post (two hand-offs per write,
    /// 7 % of a busy node's samples in perf). Any other caller resumes on the thread pool, never on
    /// the write loop's thread.
    /// </summary>
    private static bool ResumesElsewhere() =>
        SynchronizationContext.Current is not null || TaskScheduler.Current != TaskScheduler.Default;

    /// <summary>A write waiting for the group commit; it is its writer's task, completed when the write landed or failed.</summary>
    /// <remarks>
    /// The state's bytes are in a buffer rented from the shared pool (a new array for every write was
    /// 11 % of a busy node's allocation); the write loop gives it back once the write is answered.
    /// </remarks>
    private abstract class PendingWrite(string grainId, string stateName, ArrayPoolBufferWriter<byte> data, long? expected, bool resumesElsewhere)
        : TaskCompletionSource(resumesElsewhere ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public string GrainId { get; } = grainId;
        public string StateName { get; } = stateName;
        public ReadOnlySpan<byte> Data => data.WrittenSpan;
        public long? Expected { get; } = expected;
        public long HandedOver { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

        /// <summary>The write landed as version <paramref name="etag"/>: the state's ETag is set, then the writer resumes.</summary>
        public abstract void Landed(long etag);

        /// <summary>Gives the state's bytes back to the pool (the write was answered, or never queued).</summary>
        public void Release() => data.Dispose();
    }

    private sealed class PendingWrite<T>(IGrainState<T> grainState, string grainId, string stateName, ArrayPoolBufferWriter<byte> data, long? expected, bool resumesElsewhere)
        : PendingWrite(grainId, stateName, data, expected, resumesElsewhere)
    {
        public override void Landed(long etag)
        {
            // Before the writer resumes (completing the task publishes these to the thread it resumes on).
            grainState.ETag = etag.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
            TrySetResult();
        }
    }
}
