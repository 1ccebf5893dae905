using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Consult.Storage;

/// <summary>
/// Grain state in this process's memory, for the load benchmark's B1 baseline only: everything is
/// lost when the process stops. It does what <see cref="SqliteGrainStorage"/> does minus the file:
/// the same serializer (each read and write is a copy), the same ETag rule (a stale write fails with
/// <see cref="InconsistentStateException"/>), so B1 against B2 isolates what SQLite and the disk cost.
/// </summary>
public sealed class VolatileGrainStorage(Serializer serializer) : IGrainStorage
{
    private readonly ConcurrentDictionary<(GrainId, string), Stored> _states = new();

    private sealed record Stored(long ETag, byte[] Data);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_states.TryGetValue((grainId, stateName), out var stored))
        {
            grainState.State = serializer.Deserialize<T>(stored.Data);
            grainState.ETag = stored.ETag.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        long? expected = grainState.ETag is null ? null : long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        var next = new Stored((expected ?? 0) + 1, serializer.SerializeToArray(grainState.State));
        var key = (grainId, stateName);
        var written = expected is { } current
            ? _states.TryGetValue(key, out var stored) && stored.ETag == current && _states.TryUpdate(key, next, stored)
            : _states.TryAdd(key, next);
        if (!written)
            throw new InconsistentStateException($"Stale write of {stateName} for {grainId}.", "unknown", grainState.ETag ?? "none");
        grainState.ETag = next.ETag.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _states.TryRemove((grainId, stateName), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}

public static class VolatileGrainStorageExtensions
{
    public static ISiloBuilder AddVolatileGrainStorage(this ISiloBuilder silo, string name)
    {
        silo.Services.AddGrainStorage(name, (sp, _) => new VolatileGrainStorage(sp.GetRequiredService<Serializer>()));
        return silo;
    }
}
