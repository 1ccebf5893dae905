using Consult.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;

namespace Consult.Cases.Index;

public static class CaseIndexExtensions
{
    /// <summary>The file of the case index beside the storage file <paramref name="storagePath"/>.</summary>
    public static string IndexPath(string storagePath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(storagePath))!, "case-index.db");

    /// <summary>The case listing's index over the day rows of the SQLite grain storage at <paramref name="storagePath"/>, caught up at start.</summary>
    public static ISiloBuilder AddSqliteCaseIndex(this ISiloBuilder silo, string storagePath) =>
        silo.AddCaseIndex(IndexPath(storagePath), _ => new SqliteStoredRows(storagePath));

    /// <summary>
    /// The case listing's index in the file <paramref name="indexPath"/> (this node's own), over the
    /// day rows that <paramref name="rows"/> reads from the grain storage, caught up at start.
    /// </summary>
    public static ISiloBuilder AddCaseIndex(this ISiloBuilder silo, string indexPath, Func<IServiceProvider, IStoredRows> rows)
    {
        silo.Services.AddSingleton(sp => new SqliteCaseIndex(
            rows(sp),
            indexPath,
            sp.GetRequiredService<Serializer>(),
            sp.GetRequiredService<ILogger<SqliteCaseIndex>>()));
        silo.Services.AddSingleton<ICaseIndex>(sp => sp.GetRequiredService<SqliteCaseIndex>());
        silo.Services.AddSingleton<ICaseDayChanges>(sp => sp.GetRequiredService<SqliteCaseIndex>());
        Consult.Storage.IndexWarmUp.Add(silo.Services, "case index", sp => sp.GetRequiredService<ICaseIndex>().CatchUp);
        return silo;
    }
}
