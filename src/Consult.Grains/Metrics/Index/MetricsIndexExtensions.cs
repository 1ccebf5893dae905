using Consult.Storage;
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
    public static ISiloBuilder AddSqliteMetricsIndex(this ISiloBuilder silo, string storagePath) =>
        silo.AddMetricsIndex(IndexPath(storagePath), _ => new SqliteStoredRows(storagePath));

    /// <summary>
    /// The figures' projection in the file <paramref name="indexPath"/> (this node's own), of the
    /// metrics buckets' rows that <paramref name="rows"/> reads from the grain storage, caught up at start.
    /// </summary>
    public static ISiloBuilder AddMetricsIndex(this ISiloBuilder silo, string indexPath, Func<IServiceProvider, IStoredRows> rows)
    {
        silo.Services.AddSingleton(sp => new SqliteMetricsIndex(
            rows(sp),
            indexPath,
            sp.GetRequiredService<Serializer>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILogger<SqliteMetricsIndex>>()));
        silo.Services.AddSingleton<IMetricsIndex>(sp => sp.GetRequiredService<SqliteMetricsIndex>());
        silo.Services.AddSingleton<IMetricsChanges>(sp => sp.GetRequiredService<SqliteMetricsIndex>());
        Consult.Storage.IndexWarmUp.Add(silo.Services, "metrics index", sp => sp.GetRequiredService<IMetricsIndex>().CatchUp);
        return silo;
    }
}
