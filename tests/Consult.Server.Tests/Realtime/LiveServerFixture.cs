using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Realtime;

public sealed class LiveServerFixture : IAsyncLifetime
{
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "consult-live-" + Guid.NewGuid().ToString("N"));

    public LiveNode Node { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Node = new LiveNode(DataFolder, settings: new()
        {
            ["Consult:Hub:CallsPerSecond"] = "20",
            ["Consult:Hub:Burst"] = "30",
            // Below the hub's own limits, so that a flood of signals meets the call's limit first.
            ["Consult:Video:SignalsPerSecond"] = "5",
            ["Consult:Video:SignalBurst"] = "10",
            ["Consult:Video:IceServers:0:Urls:0"] = "stun:stun.consult.test:3478",
            ["Consult:Video:IceServers:1:Urls:0"] = "turns:turn.consult.test:443?transport=tcp",
            ["Consult:Video:TurnSecret"] = CallTests.TurnSecret,
        });
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
