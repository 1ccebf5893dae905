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

    /// <summary>
    /// Which of <paramref name="count"/> rows the record of <paramref name="id"/> lives in: four of
    /// the id's bytes from <paramref name="offset"/>, so that series chosen by the same id one inside
    /// another (a month's bucket, then its page) use different bytes and spread evenly.
    /// </summary>
    public static int Of(Guid id, int count, int offset = 0)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        return (int)(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[offset..]) % (uint)count);
    }

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
