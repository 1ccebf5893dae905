using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Realtime;

public sealed class LiveServerFixture : IAsyncLifetime
{
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "consult-live-" + Guid.NewGuid().ToString("N"));

    public LiveNode Node { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Node = new LiveNode(DataFolder, settings: new() { ["Consult:Hub:CallsPerSecond"] = "20", ["Consult:Hub:Burst"] = "30" });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LiveCollection : ICollectionFixture<LiveServerFixture>
{
    public const string Name = "live";
}
