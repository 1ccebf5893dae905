using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;

namespace Consult.Storage;

public static class SqliteGrainStorageExtensions
{
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder silo, string name, string databasePath)
    {
        silo.Services.AddGrainStorage(name, (sp, key) => new SqliteGrainStorage(
            key,
            new SqliteGrainStorageOptions { DatabasePath = databasePath },
            sp.GetRequiredService<Serializer>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILogger<SqliteGrainStorage>>(),
            sp.GetService<Telemetry.ConsultMetrics>()));
        return silo;
    }
}
