using Consult.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;

namespace Consult.Grains.Tests.Storage;

public sealed class SqliteReminderTableTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "consult-reminders-" + Guid.NewGuid().ToString("N"));
    private SqliteReminderTable _table = null!;

    private string DatabasePath => Path.Combine(_folder, "consult.db");

    public async Task InitializeAsync() => _table = await Open();

    public Task DisposeAsync()
    {
        _table.Dispose();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AReminderUpsertedIsReadBackByGrainByNameAndByRange()
    {
        var grain = GrainId.Create("room", Guid.NewGuid().ToString("N"));
        var startAt = new DateTime(2026, 11, 29, 8, 30, 0, DateTimeKind.Utc);
        var etag = await _table.UpsertRow(Entry(grain, "outbox", startAt, TimeSpan.FromMinutes(1)));

        var read = await _table.ReadRow(grain, "outbox");
        Assert.NotNull(read);
        Assert.Equal(grain, read.GrainId);
        Assert.Equal("outbox", read.ReminderName);
        Assert.Equal(startAt, read.StartAt);
        Assert.Equal(DateTimeKind.Utc, read.StartAt.Kind);
        Assert.Equal(TimeSpan.FromMinutes(1), read.Period);
        Assert.Equal(etag, read.ETag);
        Assert.Single((await _table.ReadRows(grain)).Reminders);
        var hash = grain.GetUniformHashCode();
        Assert.Single((await _table.ReadRows(hash - 1, hash)).Reminders);
        Assert.Empty((await _table.ReadRows(hash, hash + 1)).Reminders);
        Assert.Null(await _table.ReadRow(grain, "other"));
    }

    [Fact]
    public async Task EveryUpsertGivesANewETagAndOnlyTheCurrentOneRemovesTheRow()
    {
        var grain = GrainId.Create("room", Guid.NewGuid().ToString("N"));
        var first = await _table.UpsertRow(Entry(grain, "outbox"));
        var second = await _table.UpsertRow(Entry(grain, "outbox"));
        Assert.NotNull(first);
        Assert.NotEqual(first, second);

        Assert.False(await _table.RemoveRow(grain, "outbox", first!));
        Assert.False(await _table.RemoveRow(grain, "outbox", "bogus"));
        Assert.NotNull(await _table.ReadRow(grain, "outbox"));

        Assert.True(await _table.RemoveRow(grain, "outbox", second!));
        Assert.Null(await _table.ReadRow(grain, "outbox"));
        Assert.False(await _table.RemoveRow(grain, "outbox", second!));
    }

    [Fact]
    public async Task AnUpsertCarryingAStaleETagChangesNothing()
    {
        var grain = GrainId.Create("room", Guid.NewGuid().ToString("N"));
        var first = await _table.UpsertRow(Entry(grain, "outbox", period: TimeSpan.FromMinutes(1)));
        var current = await _table.UpsertRow(Entry(grain, "outbox", period: TimeSpan.FromMinutes(2)));

        var stale = Entry(grain, "outbox", period: TimeSpan.FromMinutes(3));
        stale.ETag = first;
        Assert.Null(await _table.UpsertRow(stale));
        var read = await _table.ReadRow(grain, "outbox");
        Assert.Equal(current, read!.ETag);
        Assert.Equal(TimeSpan.FromMinutes(2), read.Period);

        var fresh = Entry(grain, "outbox", period: TimeSpan.FromMinutes(4));
        fresh.ETag = current;
        var next = await _table.UpsertRow(fresh);
        Assert.NotNull(next);
        Assert.Equal(TimeSpan.FromMinutes(4), (await _table.ReadRow(grain, "outbox"))!.Period);
    }

    [Fact]
    public async Task ARangeReadTakesHashesAfterBeginUpToEndAndWrapsPastZeroWhenBeginIsNotBelowEnd()
    {
        var grains = Enumerable.Range(0, 64).Select(i => GrainId.Create("room", $"range-{i}")).ToList();
        foreach (var grain in grains)
            await _table.UpsertRow(Entry(grain, "outbox"));
        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        // Bounds on stored hashes, to check both ends: begin excluded, end included.
        var begin = hashes[10];
        var end = hashes[40];

        Assert.Equal(
            hashes.Where(h => h > begin && h <= end),
            (await _table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId.GetUniformHashCode()).Order());
        Assert.Equal(
            hashes.Where(h => h > end || h <= begin),
            (await _table.ReadRows(end, begin)).Reminders.Select(r => r.GrainId.GetUniformHashCode()).Order());
        Assert.Equal(64, (await _table.ReadRows(begin, begin)).Reminders.Count);
        Assert.Equal(hashes.Count(h => h > 0), (await _table.ReadRows(0, uint.MaxValue)).Reminders.Count);
    }

    [Fact]
    public async Task RemindersAreStillThereWhenTheFileIsOpenedAgain()
    {
        var grain = GrainId.Create("case", Guid.NewGuid().ToString("N"));
        var etag = await _table.UpsertRow(Entry(grain, "outbox"));
        await _table.StopAsync();
        _table.Dispose();

        _table = await Open();
        Assert.Equal(etag, (await _table.ReadRow(grain, "outbox"))!.ETag);

        await _table.TestOnlyClearTable();
        Assert.Empty((await _table.ReadRows(0, 0)).Reminders);
    }

    private async Task<SqliteReminderTable> Open()
    {
        var table = new SqliteReminderTable(DatabasePath, NullLogger<SqliteReminderTable>.Instance);
        await table.StartAsync();
        return table;
    }

    private static ReminderEntry Entry(GrainId grain, string name, DateTime? startAt = null, TimeSpan? period = null) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = startAt ?? new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        Period = period ?? TimeSpan.FromMinutes(1),
    };
}
