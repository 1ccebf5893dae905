using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace Consult.Grains.Tests.Fixtures;

/// <summary>
/// A SQLite storage file of one test's own: clusters are started (and restarted) on it, and the
/// test reads the rows its grains stored, to see which row a call wrote and how big it is.
/// </summary>
public sealed class RestartableStore : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "consult-rows-" + Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(Consult.Hosting.SideRows).Assembly).AddAssembly(typeof(Consult.Cases.CaseSummary).Assembly)).BuildServiceProvider();

    public string DatabasePath => Path.Combine(_folder, "consult.db");

    public async Task<InProcessTestCluster> Start()
    {
        var cluster = ClusterFixture.Build(DatabasePath);
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Every stored row of the grain <paramref name="grainId"/> (<c>type/key</c>) by state name: its version and data.</summary>
    public Dictionary<string, (long ETag, byte[] Data)> Rows(string grainId)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT state_name, etag, data FROM grain_state WHERE grain_id = $id";
        select.Parameters.AddWithValue("$id", grainId);
        using var reader = select.ExecuteReader();
        var rows = new Dictionary<string, (long, byte[])>();
        while (reader.Read())
            rows[reader.GetString(0)] = (reader.GetInt64(1), (byte[])reader[2]);
        return rows;
    }

    public T Read<T>(byte[] data) => _services.GetRequiredService<Serializer>().Deserialize<T>(data)!;

    public void Dispose()
    {
        _services.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was written.
        }
    }
}
