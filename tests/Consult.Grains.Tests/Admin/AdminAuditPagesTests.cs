using Consult.Admin;
using Consult.Grains.Tests.Fixtures;
using Consult.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Consult.Grains.Tests.Admin;

/// <summary>
/// A year's administrators' changes are kept in rows of 256, and an append writes only the last:
/// the year is read back whole, in order, after a restart, entries stored before the pages first.
/// </summary>
public sealed class AdminAuditPagesTests : IDisposable
{
    private readonly RestartableStore _store = new();

    [Fact]
    public async Task AnAppendWritesOnlyTheLastRowAndTheYearIsReadBackInOrderAfterARestart()
    {
        var earlier = Enumerable.Range(0, 3).Select(i => Entry(-i - 1)).Reverse().ToList();
        var appended = Enumerable.Range(0, AdminAuditGrain.PageSize * 2 + 10).Select(Entry).ToList();
        await using (var cluster = await _store.Start())
        {
            // Entries the grain's own row held before the pages.
            var storage = cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Consult);
            await storage.WriteStateAsync(StateNames.AdminAudit, GrainId.Create("adminaudit", "2026"),
                new GrainState<AdminAuditGrain.State>(new AdminAuditGrain.State { Entries = [.. earlier] }));
            var year = cluster.Client.GetGrain<IAdminAuditGrain>("2026");
            foreach (var entry in appended.SkipLast(1))
                await year.Append(entry);

            var before = Rows();
            await year.Append(appended[^1]);
            var after = Rows();
            var changed = Assert.Single(after, row => !before.TryGetValue(row.Key, out var old) || old.ETag != row.Value.ETag);
            Assert.Equal($"{StateNames.AdminAudit}-3", changed.Key);
            Assert.Equal(10, changed.Value.Entries);
            Assert.Equal(AdminAuditGrain.PageSize, after[$"{StateNames.AdminAudit}-1"].Entries);
            Assert.Equal(earlier.Count, after[StateNames.AdminAudit].Entries);
        }

        await using var restarted = await _store.Start();
        var listed = await restarted.Client.GetGrain<IAdminAuditGrain>("2026").List();
        Assert.Equal(earlier.Count + appended.Count, listed.Length);
        Assert.Equal(earlier.Concat(appended).Select(e => (e.At, e.Subject, e.After)), listed.Select(e => (e.At, e.Subject, e.After)));
    }

    private static AdminAuditEntry Entry(int n) =>
        new(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(n), "admin", "管理员", "accounts", $"user{n}", "create", null, $"{{\"n\":{n}}}");

    /// <summary>Each stored row of the year: its version and how many entries it holds.</summary>
    private Dictionary<string, (long ETag, int Entries)> Rows() =>
        _store.Rows("adminaudit/2026").ToDictionary(r => r.Key, r => (r.Value.ETag, _store.Read<AdminAuditGrain.State>(r.Value.Data).Entries.Length));

    public void Dispose() => _store.Dispose();
}
