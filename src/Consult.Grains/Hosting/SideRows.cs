using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Consult.Hosting;

/// <summary>
/// Rows a grain keeps beside its own state, in the same storage and under the same grain id, so a
/// write touches one small row instead of one growing state: a room's sealed log chunks, a day's
/// index pages, a department's inbox buckets.
/// </summary>
public sealed class SideRows(IGrainContext grain) : ISideRows
{
    private IGrainStorage? _storage;

    private IGrainStorage Storage => _storage ??= grain.ActivationServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.Consult);

    /// <summary>The name of row <paramref name="index"/> of a series: <c>{prefix}-{index}</c>.</summary>
    public static string Name(string prefix, int index) => $"{prefix}-{index.ToString(CultureInfo.InvariantCulture)}";

    public async Task<GrainState<T>?> Read<T>(string name)
        where T : new()
    {
        var stored = new GrainState<T>(new T());
        await Storage.ReadStateAsync(name, grain.GrainId, stored);
        if (!stored.RecordExists)
            return null;
        stored.State ??= new T();
        return stored;
    }

    public Task Write<T>(string name, IGrainState<T> row) => Storage.WriteStateAsync(name, grain.GrainId, row);
}
