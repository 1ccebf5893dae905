namespace Consult.Hosting;

/// <summary>
/// References to grains of one interface for the hot paths (a hub call per decision):
/// <c>GetGrain&lt;T&gt;(Guid)</c> resolves the interface's type name on every call (Orleans formats
/// and parses it: 2 % of a decision's CPU in the S2 profile), so the owner (one per node) resolves
/// the two type ids once and makes every reference from them.
/// </summary>
public sealed class GrainReferences<T>(IGrainFactory grains) where T : IGrainWithGuidKey
{
    private readonly Lazy<(GrainType Grain, GrainInterfaceType Interface)> _ids = new(() =>
    {
        var sample = (GrainReference)(object)grains.GetGrain<T>(Guid.Empty);
        return (sample.GetGrainId().Type, sample.InterfaceType);
    });

    public T Get(Guid key) =>
        (T)grains.GetGrain(GrainId.Create(_ids.Value.Grain, GrainIdKeyExtensions.CreateGuidKey(key)), _ids.Value.Interface);
}
