using System.Globalization;
using CommunityToolkit.HighPerformance.Buffers;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Consult.Storage;

/// <summary>
/// Grain state in one SQLite file: WAL with <c>synchronous=FULL</c>, so a write that returned is on
/// disk and survives the process being killed; an integer ETag per row, so a stale write fails with
/// <see cref="InconsistentStateException"/> instead of overwriting a newer state.
/// </summary>
public sealed partial class SqliteGrainStorage(
    string name,
    SqliteGrainStorageOptions options,
    Serializer serializer,
    TimeProvider time,
    ILogger<SqliteGrainStorage> logger,
    Telemetry.ConsultMetrics? metrics = null) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private const int MaxBatch = 256;
    // A serialised state's first buffer (it grows when a state is larger): a room's state is a few KB.
    private const int StateBufferSize = 8192;

    // One connection for writes, one statement at a time: SQLite has a single writer anyway, and
    // keeping the connection open keeps the WAL warm. Writes queue for the group-commit loop.
    private readonly SemaphoreSlim _gate = new(1, 1);
    // Reads have a connection of their own: in WAL mode a reader sees the last commit without
    // waiting for the writer, so an activation never queues behind a batch's fsync.
    private readonly SemaphoreSlim _readGate = new(1, 1);
    private SqliteConnection? _reader;
    private readonly System.Threading.Channels.Channel<PendingWrite> _writes =
        System.Threading.Channels.Channel.CreateUnbounded<PendingWrite>(new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true });
    // Set whenever a write is queued (or the storage stops): the write loop waits on it without spinning.
    private readonly ManualResetEventSlim _queued = new(false, spinCount: 0);
    private SqliteConnection? _connection;
    private Task? _writer;
    private Task? _checkpointer;
    private CancellationTokenSource? _stopping;

    /// <summary>How often the background checkpoint copies the WAL into the database file.</summary>
    private static readonly TimeSpan CheckpointEvery = TimeSpan.FromSeconds(1);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<SqliteGrainStorage>(name), ServiceLifecycleStage.ApplicationServices, Init, Close);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await _readGate.WaitAsync();
        try
        {
            using var command = Reader.CreateCommand();
            command.CommandText = "SELECT etag, data FROM grain_state WHERE grain_id = $id AND state_name = $state";
            command.Parameters.AddWithValue("$id", grainId.ToString());
            command.Parameters.AddWithValue("$state", stateName);
            using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                // A reload after a failed first write must forget the unsaved change.
                grainState.State = Activator.CreateInstance<T>();
                grainState.RecordExists = false;
                grainState.ETag = null;
                return;
            }

            var etag = reader.GetInt64(0);
            var data = (byte[])reader.GetValue(1);
            grainState.State = serializer.Deserialize<T>(data);
            grainState.ETag = etag.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        finally
        {
            _readGate.Release();
        }
    }

    /// <summary>
    /// Queues the write for the group commit; the write loop sets the state's ETag when it landed,
    /// before the caller resumes (no await of its own here: one continuation fewer on the grain's
    /// turn for every write).
    /// </summary>
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        try
        {
            long? expected = grainState.ETag is null ? null : long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
            var data = new ArrayPoolBufferWriter<byte>(StateBufferSize);
            try
            {
                serializer.Serialize(grainState.State, data);
            }
            catch
            {
                data.Dispose();
                throw;
            }

            var write = new PendingWrite<T>(grainState, grainId.ToString(), stateName, data, expected, ResumesElsewhere());
            if (!_writes.Writer.TryWrite(write))
            {
                write.Release();
                throw new InvalidOperationException($"Grain storage '{name}' is stopped.");
            }

            _queued.Set();
            return write.Task;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    /// <summary>
    /// Group commit: every write waiting when the previous transaction ends goes into the next
    /// one, so many rooms share one fsync while each caller still returns only after its own write
    /// is durable. A stale row in the batch fails alone (its UPDATE matches nothing); the others commit.
    /// </summary>
    /// <remarks>
    /// The loop has a thread of its own and blocks on it: SQLite's statements and the commit's fsync
    /// are synchronous, and on the thread pool they held one of its few workers (two on a 2-core
    /// node) for every batch, so hub calls and grain turns queued behind the disk. Writers are
    /// answered with continuations run asynchronously, never on this thread.
    /// </remarks>
    private void WriteLoop()
    {
        var reader = _writes.Reader;
        var batch = new List<PendingWrite>(MaxBatch);
        WriteStatements? statements = null;
        try
        {
            while (WaitForWrites(reader))
            {
                while (batch.Count < MaxBatch && reader.TryRead(out var write))
                    batch.Add(write);

                _gate.Wait();
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var outcomes = new Exception?[batch.Count];
                try
                {
                    statements ??= new WriteStatements(Connection);
                    statements.Begin();
                    try
                    {
                        var now = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
                        for (var i = 0; i < batch.Count; i++)
                            outcomes[i] = statements.Apply(batch[i], now);
                        statements.Commit();
                    }
                    catch
                    {
                        statements.RollBack();
                        throw;
                    }

                    var committed = System.Diagnostics.Stopwatch.GetTimestamp();
                    metrics?.StorageCommitted(batch.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started, committed));
                    foreach (var write in batch)
                        metrics?.StorageWritten(System.Diagnostics.Stopwatch.GetElapsedTime(write.HandedOver, committed));

                    for (var i = 0; i < batch.Count; i++)
                    {
                        if (outcomes[i] is { } refused)
                        {
                            LogStaleWrite(logger, batch[i].GrainId, batch[i].StateName, batch[i].Expected);
                            batch[i].TrySetException(refused);
                        }
                        else
                        {
                            batch[i].Landed((batch[i].Expected ?? 0) + 1);
                        }
                    }
                }
                catch (Exception failure)
                {
                    // Nothing of this transaction is stored: every writer in it hears so.
                    foreach (var write in batch)
                        write.TrySetException(failure);
                }
                finally
                {
                    _gate.Release();
                    // The states' bytes go back to their pool, and the list does not keep the writes while
                    // the loop waits (an old list holding them made them survive the next young collection).
                    foreach (var write in batch)
                        write.Release();
                    batch.Clear();
                }
            }
        }
        finally
        {
            statements?.Dispose();
        }
    }

    /// <summary>
    /// Blocks the write loop until a write is queued or the storage stops (false: stopped and
    /// drained). The wait does not spin: a task's blocking wait spins and yields first, and the
    /// loop's idle spinning between commits was 3 % of a busy node's processor time (perf, S2 at
    /// 2,500 connections); a write arriving while the loop commits is found without waiting.
    /// </summary>
    private bool WaitForWrites(System.Threading.Channels.ChannelReader<PendingWrite> reader)
    {
        while (true)
        {
            if (reader.TryPeek(out _))
                return true;
            if (reader.Completion.IsCompleted)
                return false;
            _queued.Reset();
            // Reset before looking again: a write queued after the look above set the event after it.
            if (reader.TryPeek(out _) || reader.Completion.IsCompleted)
                continue;
            _queued.Wait();
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await _gate.WaitAsync();
        try
        {
            using var command = Connection.CreateCommand();
            command.CommandText = "DELETE FROM grain_state WHERE grain_id = $id AND state_name = $state AND ($etag IS NULL OR etag = $etag)";
            command.Parameters.AddWithValue("$id", grainId.ToString());
            command.Parameters.AddWithValue("$state", stateName);
            command.Parameters.AddWithValue("$etag", grainState.ETag is null ? DBNull.Value : long.Parse(grainState.ETag, CultureInfo.InvariantCulture));
            await command.ExecuteNonQueryAsync();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        StopWriter();
        _connection?.Dispose();
        _reader?.Dispose();
        _gate.Dispose();
        _readGate.Dispose();
        // _queued is not disposed: a write queued just before the stop may still set it (it holds no handle).
    }

    private void StopWriter()
    {
        _writes.Writer.TryComplete();
        _queued.Set();
        _writer?.GetAwaiter().GetResult();
        _writer = null;
        _stopping?.Cancel();
        _checkpointer?.GetAwaiter().GetResult();
        _checkpointer = null;
        _stopping?.Dispose();
        _stopping = null;
    }

    /// <summary>
    /// Checkpoints on a connection and a thread of its own, off the commit path: a PASSIVE checkpoint
    /// copies what it can without blocking the writer, so no commit waits for the WAL to be copied. The
    /// writer's own auto-checkpoint stays as a backstop at 10,000 pages (about 40 MB of WAL).
    /// </summary>
    /// <remarks>
    /// SQLite's calls are synchronous (its async methods too), and the checkpoint writes the copied
    /// pages and fsyncs the database file: on the thread pool it held one of a 2-core node's two
    /// workers for that time, once a second, while hub calls and grain turns queued behind it.
    /// </remarks>
    private void CheckpointLoop(CancellationToken stopping)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 0; PRAGMA wal_checkpoint(PASSIVE);";
        while (!stopping.WaitHandle.WaitOne(CheckpointEvery))
        {
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException e)
            {
                LogCheckpointFailed(logger, e, name);
            }
        }
    }

    private SqliteConnection Connection =>
        _connection ?? throw new InvalidOperationException($"Grain storage '{name}' is not started.");

    private SqliteConnection Reader =>
        _reader ?? throw new InvalidOperationException($"Grain storage '{name}' is not started.");

    internal async Task Init(CancellationToken cancellationToken)
    {
        var connection = await SqliteFiles.Open(options.DatabasePath, """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            PRAGMA busy_timeout = 5000;
            PRAGMA wal_autocheckpoint = 10000;
            """ + Schema, cancellationToken);
        var started = time.GetTimestamp();
        if (await Migrate(connection, cancellationToken) is > 0 and var migrated)
            LogMigrated(logger, name, migrated, time.GetElapsedTime(started).TotalSeconds);

        _connection = connection;
        _reader = await SqliteFiles.Open(options.DatabasePath, "PRAGMA busy_timeout = 5000;", cancellationToken);
        _writer = Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _stopping = new CancellationTokenSource();
        var stopping = _stopping.Token;
        _checkpointer = Task.Factory.StartNew(() => CheckpointLoop(stopping), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        LogStarted(logger, name, options.DatabasePath);
    }

    private Task Close(CancellationToken cancellationToken)
    {
        StopWriter();
        _connection?.Dispose();
        _connection = null;
        _reader?.Dispose();
        _reader = null;
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain storage {Name} on SQLite file {Path} (WAL, synchronous=FULL)")]
    private static partial void LogStarted(ILogger logger, string name, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain storage {Name}: {Rows} rows moved from the WITHOUT ROWID table of an older version into a rowid table in {Seconds:F1} s (once per file)")]
    private static partial void LogMigrated(ILogger logger, string name, long rows, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background WAL checkpoint of grain storage {Name} failed; the next one tries again")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a stale write of {StateName} for {GrainId} at ETag {ETag}")]
    private static partial void LogStaleWrite(ILogger logger, string grainId, string stateName, long? etag);
}
