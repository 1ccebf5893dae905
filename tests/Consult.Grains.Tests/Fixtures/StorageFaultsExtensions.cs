using Consult.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using Orleans.Storage;

namespace Consult.Grains.Tests.Fixtures;

public static class StorageFaultsExtensions
{
    /// <summary>
    /// Puts a <see cref="FaultInjectingStorage"/> in front of the SQLite storage registered as
    /// <paramref name="name"/> (call it after that registration: the last keyed registration is
    /// the one grains get, and the storage's lifecycle registration resolves it too, so the SQLite
    /// storage behind it starts and stops once).
    /// </summary>
    public static ISiloBuilder AddStorageFaults(this ISiloBuilder silo, string name, string databasePath)
    {
        silo.Services.AddSingleton<StorageFaults>();
        silo.Services.AddKeyedSingleton<IGrainStorage>(name, (services, _) => new FaultInjectingStorage(
            new SqliteGrainStorage(
                name,
                new SqliteGrainStorageOptions { DatabasePath = databasePath },
                services.GetRequiredService<Serializer>(),
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILogger<SqliteGrainStorage>>()),
            services.GetRequiredService<StorageFaults>()));
        return silo;
    }
}
