namespace Consult.Hosting;

/// <summary>
/// Grain references for the hot paths (a hub call per decision): <c>GetGrain&lt;T&gt;(Guid)</c>
/// resolves the interface's type name on every call (Orleans formats and parses it: 2 % of a
/// decision's CPU in the S2 profile), so the two type ids are resolved once per interface here
/// and the reference is made from them.
/// </summary>
public static class GrainReferences
{
    public static T GetGrainFast<T>(this IGrainFactory grains, Guid key) where T : IGrainWithGuidKey
    {
        var types = Types<T>.Of(grains);
        return (T)grains.GetGrain(GrainId.Create(types.Grain, GrainIdKeyExtensions.CreateGuidKey(key)), types.Interface);
    }

    private sealed record TypeIds(GrainType Grain, GrainInterfaceType Interface);

    private static class Types<T> where T : IGrainWithGuidKey
    {
        private static TypeIds? _ids;

        public static TypeIds Of(IGrainFactory grains)
        {
            if (_ids is { } known)
                return known;
            var sample = (GrainReference)(object)grains.GetGrain<T>(Guid.Empty);
            return _ids = new TypeIds(sample.GetGrainId().Type, sample.InterfaceType);
        }
    }
}
