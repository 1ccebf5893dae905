using Consult.Departments;
using Consult.Grains.Tests.Fixtures;
using Consult.Hosting;
using Consult.Rooms;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Consult.Grains.Tests.Departments;

[Collection(ClusterCollection.Name)]
public sealed class DepartmentGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private static Invitation Line(int i) =>
        new(Guid.NewGuid(), Guid.NewGuid(), $"CS-20990101-{i:D4}", "school-bus", SeatRole.Required,
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(i), Decided: false);

    [Fact]
    public async Task AnInboxIsKeptInBucketsSoAChangeRewritesOneBucketAndAllIsReadBack()
    {
        var inbox = Grains.GetGrain<IDepartmentGrain>("bucket-test");
        var lines = Enumerable.Range(1, 200).Select(Line).ToList();
        foreach (var line in lines)
            await inbox.Upsert(line);
        await inbox.Upsert(lines[5] with { Decided = true });
        await inbox.Remove(lines[9].RoomId);

        var stored = StoredRows("bucket-test");
        Assert.Equal(199, stored.Where(r => r.Key != StateNames.Department).Sum(r => r.Value));
        Assert.True(stored.Count > DepartmentGrain.Buckets / 2, $"{stored.Count} rows");
        Assert.True(stored.Values.Max() < 40, $"largest bucket {stored.Values.Max()} lines");

        var before = await inbox.GetOpenInvitations();
        await fixture.Cluster.DeactivateAsync(inbox);
        var after = await inbox.GetOpenInvitations();
        Assert.Equal(before.ToArray(), after.ToArray());
        Assert.Equal(199, after.Length);
        Assert.True(after.Single(i => i.RoomId == lines[5].RoomId).Decided);
        Assert.DoesNotContain(after, i => i.RoomId == lines[9].RoomId);
    }

    [Fact]
    public async Task AnInboxStoredBeforeBucketingIsMovedIntoItsBuckets()
    {
        var inbox = Grains.GetGrain<IDepartmentGrain>("legacy-test");
        var old = new DepartmentGrain.State();
        foreach (var line in Enumerable.Range(1, 50).Select(Line))
            old.Open[line.RoomId] = line;
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Consult);
        await storage.WriteStateAsync(StateNames.Department, inbox.GetGrainId(), new GrainState<DepartmentGrain.State>(old));

        var listed = await inbox.GetOpenInvitations();
        Assert.Equal(old.Open.Values.OrderBy(i => i.Deadline), listed);
        var stored = StoredRows("legacy-test");
        Assert.Equal(0, stored[StateNames.Department]);
        Assert.Equal(50, stored.Where(r => r.Key != StateNames.Department).Sum(r => r.Value));

        await fixture.Cluster.DeactivateAsync(inbox);
        Assert.Equal(listed.ToArray(), (await inbox.GetOpenInvitations()).ToArray());
    }

    /// <summary>Lines per stored row of the inbox (state name → lines).</summary>
    private Dictionary<string, int> StoredRows(string department) =>
        fixture.StoredRows<DepartmentGrain.State>("/" + department, StateNames.Department + "%").ToDictionary(r => r.Key, r => r.Value.Open.Count);
}
