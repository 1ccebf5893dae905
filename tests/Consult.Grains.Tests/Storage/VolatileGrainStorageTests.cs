using Consult.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Consult.Grains.Tests.Storage;

/// <summary>The benchmark's B1 storage keeps the durable storage's rules: copies, versions, stale writes refused.</summary>
public sealed class VolatileGrainStorageTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private readonly VolatileGrainStorage _storage;

    public VolatileGrainStorageTests() => _storage = new VolatileGrainStorage(_services.GetRequiredService<Serializer>());

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task AStateIsReadBackAsACopyAndAStaleWriteFailsUnapplied()
    {
        var id = GrainId.Create("test", "a");
        var missing = new GrainState<List<string>>(["left over"]);
        await _storage.ReadStateAsync("s", id, missing);
        Assert.False(missing.RecordExists);
        Assert.Empty(missing.State!);

        var first = new GrainState<List<string>>(["v1"]);
        await _storage.WriteStateAsync("s", id, first);
        var stale = new GrainState<List<string>>(["stale"]) { ETag = first.ETag };
        first.State = ["v2"];
        await _storage.WriteStateAsync("s", id, first);
        first.State.Add("not written");

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("s", id, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("s", id, new GrainState<List<string>>(["insert"])));

        var read = new GrainState<List<string>>([]);
        await _storage.ReadStateAsync("s", id, read);
        Assert.True(read.RecordExists);
        Assert.Equal(["v2"], read.State);
        Assert.Equal(first.ETag, read.ETag);
    }
}
