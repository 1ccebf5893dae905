using Consult.Hosting;
using Consult.Storage;
using Orleans.TestingHost;

namespace Consult.Grains.Tests.Fixtures;

/// <summary>A real in-process Orleans cluster whose grain state lives in a SQLite file.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "consult-grains-" + Guid.NewGuid().ToString("N"));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public string DatabasePath => Path.Combine(DataFolder, "consult.db");

    public async Task InitializeAsync()
    {
        Cluster = Build(DatabasePath);
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finalizer only wastes temp space.
        }
    }

    public static InProcessTestCluster Build(string databasePath, int silos = 1)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSqliteGrainStorage(StorageNames.Consult, databasePath);
            silo.Services.AddConsultGrains("Asia/Shanghai");
        });
        return builder.Build();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
