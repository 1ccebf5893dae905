using Consult.Hosting;
using Consult.Outbox;
using Consult.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Consult.Grains.Tests.Fixtures;

/// <summary>
/// A real in-process Orleans cluster whose grain state lives in a SQLite file, behind a storage
/// that fails the writes a test arms in <see cref="Faults"/>.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "consult-grains-" + Guid.NewGuid().ToString("N"));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The first silo's storage faults.</summary>
    public StorageFaults Faults => Cluster.Silos[0].ServiceProvider.GetRequiredService<StorageFaults>();

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

    /// <summary>
    /// The stored rows of the grains whose id ends with <paramref name="grainKey"/> and whose state
    /// name is LIKE <paramref name="stateLike"/> (<c>%</c> for any run), read from the SQLite file and deserialized.
    /// </summary>
    public Dictionary<string, T> StoredRows<T>(string grainKey, string stateLike) =>
        Query<T>(grainKey, stateLike).ToDictionary(r => r.StateName, r => r.State);

    /// <summary>Every stored row whose state name is <paramref name="stateName"/>, with the key of its grain.</summary>
    public List<(string GrainKey, T State)> StoredStates<T>(string stateName) =>
        [.. Query<T>("", stateName).Select(r => (r.GrainId[(r.GrainId.LastIndexOf('/') + 1)..], r.State))];

    private List<(string GrainId, string StateName, T State)> Query<T>(string grainKey, string stateLike)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT grain_id, state_name, data FROM grain_state WHERE grain_id LIKE $id AND state_name LIKE $state";
        select.Parameters.AddWithValue("$id", "%" + grainKey);
        select.Parameters.AddWithValue("$state", stateLike);
        var serializer = Cluster.Silos[0].ServiceProvider.GetRequiredService<Orleans.Serialization.Serializer>();
        var rows = new List<(string, string, T)>();
        using var reader = select.ExecuteReader();
        while (reader.Read())
            rows.Add((reader.GetString(0), reader.GetString(1), serializer.Deserialize<T>((byte[])reader["data"])!));
        return rows;
    }

    /// <summary>The outbox reminders' period in the test silos.</summary>
    public static readonly TimeSpan ReminderPeriod = TimeSpan.FromSeconds(2);

    /// <summary>The switch that makes calls to chosen grain interfaces fail in the (first) silo.</summary>
    public DeliveryFaults CallFaults => Cluster.Silos[0].ServiceProvider.GetRequiredService<DeliveryFaults>();

    /// <param name="time">The silos' clock; the real one when null.</param>
    /// <param name="services">More of the silos' services (options, for one test's cluster).</param>
    public static InProcessTestCluster Build(string databasePath, int silos = 1, TimeProvider? time = null, Action<IServiceCollection>? services = null)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSilo((_, silo) =>
        {
            if (time is not null)
                silo.Services.AddSingleton(time);
            silo.AddSqliteGrainStorage(StorageNames.Consult, databasePath);
            silo.UseSqliteReminderService(databasePath);
            silo.Services.AddConsultGrains("Asia/Shanghai");
            // Outboxes retry within seconds here, so the tests that wait for a retry stay short.
            silo.Services.Configure<ReminderOptions>(reminders => reminders.MinimumReminderPeriod = ReminderPeriod);
            // Cases look at their statutory clock every few seconds, so a moved clock is seen at once.
            silo.Services.Configure<Consult.Cases.StatutoryClockOptions>(clock => clock.CheckPeriod = ReminderPeriod);
            silo.Services.Configure<OutboxOptions>(outbox =>
            {
                outbox.ReminderPeriod = ReminderPeriod;
                outbox.RetryDelay = TimeSpan.FromMilliseconds(300);
            });
            // The room clock's missed ticks come back within a period: seconds here.
            silo.Services.Configure<Consult.Rooms.ClockOptions>(clock => clock.ReminderPeriod = ReminderPeriod);
            silo.Services.AddSingleton<DeliveryFaults>();
            silo.Services.AddSingleton<IIncomingGrainCallFilter>(sp => sp.GetRequiredService<DeliveryFaults>());
            silo.AddStorageFaults(StorageNames.Consult, databasePath);
            services?.Invoke(silo.Services);
        });
        return builder.Build();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
