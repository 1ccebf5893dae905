using Consult.Cases;
using Consult.Cases.Index;
using Consult.Hosting;
using Consult.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Orleans.Serialization;

namespace Consult.Grains.Tests.Storage;

/// <summary>The case index over day rows written through the SQLite grain storage, as <see cref="CaseDayGrain"/> writes them.</summary>
public sealed class SqliteCaseIndexTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 30, 4, 0, 0, TimeSpan.Zero);
    private static readonly GrainId Day = GrainId.Create("caseday", "20261130");
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "consult-case-index-" + Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(CaseDayGrain).Assembly).AddAssembly(typeof(CaseSummary).Assembly)).BuildServiceProvider();
    private SqliteGrainStorage _storage = null!;

    private string StoragePath => Path.Combine(_folder, "consult.db");

    public async Task InitializeAsync()
    {
        _storage = new SqliteGrainStorage("test", new SqliteGrainStorageOptions { DatabasePath = StoragePath },
            _services.GetRequiredService<Serializer>(), TimeProvider.System, NullLogger<SqliteGrainStorage>.Instance);
        await _storage.Init(CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _storage.Dispose();
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task RowsStoredBeforeStartAreTakenInAndAToldChangeIsListedAtOnce()
    {
        var first = Page(0, 256);
        var second = Page(256, 10);
        await _storage.WriteStateAsync(StateNames.CaseDay, Day, first);
        await _storage.WriteStateAsync(StateNames.CaseDay + "-1", Day, second);

        using (var index = Index())
        {
            var all = await index.Query(Period(), 0, 20);
            Assert.Equal(266, all.Count);
            Assert.Equal(Enumerable.Range(247, 20).Reverse().Select(Number), all.Lines.Select(l => l.CaseNumber));
            Assert.Equal(266 - 26, (await index.Query(Period(CaseStatus.Received), 0, 0)).Count);

            second.State!.Cases[4] = second.State.Cases[4] with { Status = CaseStatus.Withdrawn };
            await _storage.WriteStateAsync(StateNames.CaseDay + "-1", Day, second);
            index.Changed(Day.ToString(), StateNames.CaseDay + "-1");
            var withdrawn = await index.Query(Period(CaseStatus.Withdrawn), 0, 100);
            Assert.Equal(27, withdrawn.Count);
            Assert.Contains(Number(261), withdrawn.Lines.Select(l => l.CaseNumber));
            Assert.Equal(266 - 27, (await index.Query(Period(CaseStatus.Received), 0, 0)).Count);
        }

        // A change nobody told the index of (it was away) is found at its next start.
        first.State!.Cases[0] = first.State.Cases[0] with { Status = CaseStatus.Withdrawn };
        await _storage.WriteStateAsync(StateNames.CaseDay, Day, first);
        using (var restarted = Index())
        {
            var withdrawn = await restarted.Query(Period(CaseStatus.Withdrawn), 0, 100);
            Assert.Equal(28, withdrawn.Count);
            Assert.Equal(Number(1), withdrawn.Lines[^1].CaseNumber);
        }
    }

    [Fact]
    public async Task ADeletedIndexIsRebuiltFromTheStorageAndPendingLinesAreHandedBack()
    {
        var page = Page(0, 40);
        page.State!.Cases[39] = page.State.Cases[39] with { Pending = true };
        await _storage.WriteStateAsync(StateNames.CaseDay, Day, page);
        using (var index = Index())
            Assert.Equal(39, (await index.Query(Period(), 0, 0)).Count);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(CaseIndexExtensions.IndexPath(StoragePath));

        using var rebuilt = Index();
        var answer = await rebuilt.Query(Period() with { Search = "申请人3" }, 0, 100);
        // By trigrams: 申请人3 and 申请人30 … 申请人39; the pending line (申请人40) is handed back whatever the search.
        Assert.Equal(11, answer.Count);
        Assert.Equal(Number(40), Assert.Single(answer.Pending).CaseNumber);
        // By pairs: 申请人1 and 申请人10 … 申请人19.
        Assert.Equal(11, (await rebuilt.Query(Period() with { Search = "人1" }, 0, 100)).Count);
    }

    private SqliteCaseIndex Index() => new(new SqliteStoredRows(StoragePath), CaseIndexExtensions.IndexPath(StoragePath),
        _services.GetRequiredService<Serializer>(), NullLogger<SqliteCaseIndex>.Instance);

    private static CaseQuery Period(CaseStatus? status = null) => new(Noon.AddDays(-1), Noon.AddDays(1), status);

    private static string Number(int sequence) => $"CS-20261130-{sequence:D4}";

    /// <summary>Lines <paramref name="from"/>+1 … as the day grain stores them: every tenth withdrawn, one second apart.</summary>
    private static GrainState<CaseDayGrain.State> Page(int from, int count)
    {
        var state = new CaseDayGrain.State();
        for (var n = from + 1; n <= from + count; n++)
            state.Cases.Add(new CaseSummary(Guid.NewGuid(), Number(n), "highway-occupation", $"申请人{n}",
                n % 10 == 0 ? CaseStatus.Withdrawn : CaseStatus.Received, Noon.AddSeconds(n), "window"));
        return new GrainState<CaseDayGrain.State>(state);
    }
}
