using Consult.Cases;
using Orleans.TestingHost;

namespace Consult.Grains.Tests.Fixtures;

/// <summary>A cluster of its own on a SQLite file in <c>Folder</c>, on the test's clock.</summary>
public sealed class ClockCluster(InProcessTestCluster cluster, string folder, bool ownsFolder) : IAsyncDisposable
{
    public InProcessTestCluster Cluster => cluster;

    public static async Task<ClockCluster> Start(TimeProvider time, string? folder = null)
    {
        var owns = folder is null;
        folder ??= Path.Combine(Path.GetTempPath(), "consult-clock-" + Guid.NewGuid().ToString("N"));
        var cluster = ClusterFixture.Build(Path.Combine(folder, "consult.db"), time: time);
        await cluster.DeployAsync();
        return new ClockCluster(cluster, folder, owns);
    }

    public int ClockReminders(Guid caseId)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(folder, "consult.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM reminders WHERE grain_id LIKE $id AND name = $name";
        count.Parameters.AddWithValue("$id", "%" + caseId.ToString("N"));
        count.Parameters.AddWithValue("$name", CaseGrain.ClockReminder);
        return Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await cluster.DisposeAsync();
        if (ownsFolder && Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
    }
}
