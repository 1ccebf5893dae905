using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;

namespace Consult.Metrics.Index;

public static class MetricsIndexExtensions
{
    /// <summary>The file of the metrics index beside the storage file <paramref name="storagePath"/>.</summary>
    public static string IndexPath(string storagePath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(storagePath))!, "metrics-index.db");

    /// <summary>The figures' projection of the metrics buckets of the SQLite grain storage at <paramref name="storagePath"/>, caught up at start.</summary>
    public static ISiloBuilder AddSqliteMetricsIndex(this ISiloBuilder silo, string storagePath)
    {
        silo.Services.AddSingleton(sp => new SqliteMetricsIndex(
            storagePath,
            IndexPath(storagePath),
            sp.GetRequiredService<Serializer>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILogger<SqliteMetricsIndex>>()));
        silo.Services.AddSingleton<IMetricsIndex>(sp => sp.GetRequiredService<SqliteMetricsIndex>());
        silo.Services.AddSingleton<IMetricsChanges>(sp => sp.GetRequiredService<SqliteMetricsIndex>());
        Consult.Storage.IndexWarmUp.Add(silo.Services, "metrics index", sp => sp.GetRequiredService<IMetricsIndex>().CatchUp);
        return silo;
    }
}
