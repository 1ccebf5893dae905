using Consult.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Consult.Grains.Tests.Storage;

public sealed class SqliteGrainStorageTests : IAsyncLifetime, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "consult-storage-" + Guid.NewGuid().ToString("N"), "state.db");
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private SqliteGrainStorage _storage = null!;

    public async Task InitializeAsync() => _storage = await Open();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _storage.Dispose();
        _services.Dispose();
        Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
    }

    [Fact]
    public async Task AStateWrittenIsReadBackWithItsVersion()
    {
        var id = GrainId.Create("test", "a");
        var written = new GrainState<List<string>>(["一", "two"]);
        await _storage.WriteStateAsync("s", id, written);

        var read = new GrainState<List<string>>([]);
        await _storage.ReadStateAsync("s", id, read);
        Assert.True(read.RecordExists);
        Assert.Equal(["一", "two"], read.State);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task StatesOfEverySizeWrittenAtOnceAndOneAfterAnotherAreReadBackExactly()
    {
        // A short state written after a long one must not carry the long one's bytes, nor a large one lose any.
        var sizes = new[] { 30_000, 3, 300_000, 0, 5_000, 1, 30_000, 7 };
        for (var round = 0; round < 3; round++)
        {
            var states = sizes.Select((size, i) => (Id: GrainId.Create("test", $"sized-{i}"), State: new GrainState<List<string>>([new string('字', size), $"round {round}"])))
                .ToList();
            foreach (var (id, state) in states)
            {
                var stored = new GrainState<List<string>>([]);
                await _storage.ReadStateAsync("s", id, stored);
                state.ETag = stored.ETag;
            }

            await Task.WhenAll(states.Select(s => _storage.WriteStateAsync("s", s.Id, s.State)));
            foreach (var (id, state) in states)
            {
                var read = new GrainState<List<string>>([]);
                await _storage.ReadStateAsync("s", id, read);
                Assert.Equal(state.State, read.State);
            }
        }
    }

    [Fact]
    public async Task AStaleWriteFailsAndIsNeverApplied()
    {
        var id = GrainId.Create("test", "b");
        var first = new GrainState<List<string>>(["v1"]);
        await _storage.WriteStateAsync("s", id, first);
        var stale = new GrainState<List<string>>(["stale"]) { ETag = first.ETag };
        first.State = ["v2"];
        await _storage.WriteStateAsync("s", id, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("s", id, stale));
        var concurrentInsert = new GrainState<List<string>>(["insert"]);
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("s", id, concurrentInsert));

        var read = new GrainState<List<string>>([]);
        await _storage.ReadStateAsync("s", id, read);
        Assert.Equal(["v2"], read.State);
    }

    [Fact]
    public async Task ConcurrentWritesShareTransactionsAndAStaleOneFailsAlone()
    {
        var stale = GrainId.Create("test", "stale");
        var first = new GrainState<List<string>>(["v1"]);
        await _storage.WriteStateAsync("s", stale, first);
        await _storage.WriteStateAsync("s", stale, new GrainState<List<string>>(["v2"]) { ETag = first.ETag });

        var writes = Enumerable.Range(0, 300)
            .Select(i => _storage.WriteStateAsync("s", GrainId.Create("test", $"many-{i}"), new GrainState<List<string>>([$"value {i}"])))
            .ToList();
        var refused = _storage.WriteStateAsync("s", stale, new GrainState<List<string>>(["v2 again"]) { ETag = first.ETag });
        await Task.WhenAll(writes);
        await Assert.ThrowsAsync<InconsistentStateException>(() => refused);

        for (var i = 0; i < 300; i += 37)
        {
            var read = new GrainState<List<string>>([]);
            await _storage.ReadStateAsync("s", GrainId.Create("test", $"many-{i}"), read);
            Assert.Equal([$"value {i}"], read.State);
            Assert.Equal("1", read.ETag);
        }

        var kept = new GrainState<List<string>>([]);
        await _storage.ReadStateAsync("s", stale, kept);
        Assert.Equal(["v2"], kept.State);
    }

    /// <summary>
    /// A statement SQLite refuses fails its whole transaction: every write in it hears the error and none is stored,
    /// while the writes of other transactions land; the transaction is rolled back, so the next one commits, and a
    /// write that failed with it goes through when tried again with the version it had.
    /// </summary>
    [Fact]
    public async Task AFailedTransactionFailsEveryWriteInItStoresNoneAndTheNextOneCommits()
    {
        var ids = Enumerable.Range(0, 40).Select(i => GrainId.Create("test", $"batch-{i}")).ToList();
        var states = ids.Select(id => new GrainState<List<string>>(["v1"])).ToList();
        await Task.WhenAll(ids.Select((id, i) => _storage.WriteStateAsync("s", id, states[i])));
        await Scalar("CREATE TRIGGER refuse BEFORE INSERT ON grain_state WHEN NEW.grain_id LIKE '%refused%' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
            SqliteOpenMode.ReadWrite);

        foreach (var state in states)
            state.State = ["v2"];
        var refused = new GrainState<List<string>>(["never"]);
        var writes = ids.Select((id, i) => _storage.WriteStateAsync("s", id, states[i])).ToList();
        writes.Insert(20, _storage.WriteStateAsync("s", GrainId.Create("test", "refused"), refused));
        await Assert.ThrowsAnyAsync<Exception>(() => Task.WhenAll(writes));

        Assert.IsType<SqliteException>(writes[20].Exception!.InnerException);
        writes.RemoveAt(20);
        for (var i = 0; i < ids.Count; i++)
        {
            var read = new GrainState<List<string>>([]);
            await _storage.ReadStateAsync("s", ids[i], read);
            if (writes[i].IsFaulted)
            {
                Assert.IsType<SqliteException>(writes[i].Exception!.InnerException);
                Assert.Equal(["v1"], read.State);
                // Its version is the one it had: tried again, it lands.
                await _storage.WriteStateAsync("s", ids[i], states[i]);
                await _storage.ReadStateAsync("s", ids[i], read);
            }

            Assert.Equal(["v2"], read.State);
            Assert.Equal(read.ETag, states[i].ETag);
        }

        Assert.Equal(0L, await Scalar("SELECT count(*) FROM grain_state WHERE grain_id LIKE '%refused%'"));
        var after = GrainId.Create("test", "after");
        await _storage.WriteStateAsync("s", after, new GrainState<List<string>>(["committed"]));
        Assert.Equal(1L, await Scalar($"SELECT count(*) FROM grain_state WHERE grain_id = '{after}'"));
    }

    [Fact]
    public async Task WritesSurviveReopeningTheFile()
    {
        var id = GrainId.Create("test", "c");
        await _storage.WriteStateAsync("s", id, new GrainState<List<string>>(["kept"]));
        _storage.Dispose();

        _storage = await Open();
        var read = new GrainState<List<string>>([]);
        await _storage.ReadStateAsync("s", id, read);
        Assert.Equal(["kept"], read.State);
    }

    [Fact]
    public async Task SqlitesOwnMemoryHoldsTheOpenConnectionsPageCaches()
    {
        // 8 MB of states written and read back: the writer's and the reader's page caches fill to
        // their bound (2,000 KiB each by default), held while the storage is open, whatever other
        // tests in this process open or close meanwhile.
        var states = Enumerable.Range(0, 400).Select(i => (Id: GrainId.Create("test", $"cached-{i}"), State: new GrainState<List<string>>([new string('页', 10_000)]))).ToList();
        await Task.WhenAll(states.Select(s => _storage.WriteStateAsync("s", s.Id, s.State)));
        foreach (var (id, _) in states)
            await _storage.ReadStateAsync("s", id, new GrainState<List<string>>([]));

        var used = SqliteMemory.Used();
        Assert.InRange(used, 2L << 20, long.MaxValue);
        Assert.InRange(SqliteMemory.Highwater(), used, long.MaxValue);
    }

    [Fact]
    public async Task AMissingStateReadsAsNoRecord()
    {
        var read = new GrainState<List<string>>(["default"]);
        await _storage.ReadStateAsync("s", GrainId.Create("test", "none"), read);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Empty(read.State!);
    }

    /// <summary>
    /// A file from before 2026-12-03 keeps its states in a WITHOUT ROWID table: the storage moves them
    /// into its rowid table once, with their versions, and goes on from them.
    /// </summary>
    [Fact]
    public async Task AnOlderFilesStatesAreMovedIntoTheRowidTableWithTheirVersions()
    {
        _storage.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
            File.Delete(file);
        var serializer = _services.GetRequiredService<Serializer>();
        var id = GrainId.Create("test", "older");
        await using (var older = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString()))
        {
            await older.OpenAsync();
            using var command = older.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL;" + SqliteGrainStorage.SchemaWithoutRowid + """
                INSERT INTO grain_state VALUES ($id, 's', 3, $data, '2026-12-01T00:00:00.0000000+00:00');
                INSERT INTO grain_state VALUES ('test/other', 's', 1, $other, '2026-12-01T00:00:00.0000000+00:00');
                """;
            command.Parameters.AddWithValue("$id", id.ToString());
            command.Parameters.AddWithValue("$data", serializer.SerializeToArray(new List<string> { "kept", new('长', 3000) }));
            command.Parameters.AddWithValue("$other", serializer.SerializeToArray(new List<string> { "other" }));
            await command.ExecuteNonQueryAsync();
        }

        _storage = await Open();
        var read = new GrainState<List<string>>([]);
        await _storage.ReadStateAsync("s", id, read);
        Assert.Equal(["kept", new('长', 3000)], read.State);
        Assert.Equal("3", read.ETag);
        Assert.Equal(2L, await Scalar("SELECT count(*) FROM grain_state"));
        Assert.DoesNotContain("WITHOUT ROWID", (string)(await Scalar("SELECT sql FROM sqlite_master WHERE name = 'grain_state'"))!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0L, await Scalar("SELECT count(*) FROM sqlite_master WHERE name = 'grain_state_without_rowid'"));

        read.State = ["next"];
        await _storage.WriteStateAsync("s", id, read);
        Assert.Equal("4", read.ETag);
        var stale = new GrainState<List<string>>(["stale"]) { ETag = "3", RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("s", id, stale));

        // Opened again: nothing left to move, and the rows are as written.
        _storage.Dispose();
        _storage = await Open();
        var again = new GrainState<List<string>>([]);
        await _storage.ReadStateAsync("s", id, again);
        Assert.Equal(["next"], again.State);
        Assert.Equal("4", again.ETag);
    }

    /// <summary>
    /// The background checkpoint copies what was written from the WAL into the database file itself, within a few
    /// seconds, with no write large enough to set off SQLite's own automatic checkpoint.
    /// </summary>
    [Fact]
    public async Task TheBackgroundCheckpointCopiesAWrittenStateIntoTheDatabaseFile()
    {
        var id = GrainId.Create("test", "checkpointed");
        await _storage.WriteStateAsync("s", id, new GrainState<List<string>>(["in the file"]));

        var copy = Path.Combine(Path.GetDirectoryName(_path)!, "copy.db");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        long found;
        do
        {
            await Task.Delay(200);
            // The database file alone, without its WAL: only what a checkpoint copied into it.
            File.Copy(_path, copy, overwrite: true);
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            // Until the first checkpoint the file may not even hold the table.
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'grain_state'";
            found = (long)(await command.ExecuteScalarAsync())!;
            if (found == 0)
                continue;
            command.CommandText = "SELECT count(*) FROM grain_state WHERE grain_id = $id";
            command.Parameters.AddWithValue("$id", id.ToString());
            found = (long)(await command.ExecuteScalarAsync())!;
        }
        while (found == 0 && DateTime.UtcNow < deadline);

        Assert.Equal(1L, found);
    }

    private async Task<object?> Scalar(string sql, SqliteOpenMode mode = SqliteOpenMode.ReadOnly)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Mode = mode, Pooling = false }.ToString());
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private async Task<SqliteGrainStorage> Open()
    {
        var storage = new SqliteGrainStorage("test", new SqliteGrainStorageOptions { DatabasePath = _path },
            _services.GetRequiredService<Serializer>(), TimeProvider.System, NullLogger<SqliteGrainStorage>.Instance);
        await storage.Init(CancellationToken.None);
        return storage;
    }
}
