using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Consult.Server.Ui;

/// <summary>
/// The UI's localizers, each string looked up once per culture. <see cref="ResourceManagerStringLocalizer"/>
/// builds a cache key string and a new <see cref="LocalizedString"/> on every lookup; a board renders
/// dozens of labels, and every open board renders again for each event of its room, so under a burst
/// the lookups were a large part of what the boards allocated (a tenth of the server's allocation
/// with 50 boards open on one room, <c>docs/benchmarks.md</c>). The resources do not change while
/// the process runs, so a found string (or a missing one) is kept.
/// </summary>
public sealed class CachedStringLocalizerFactory(ResourceManagerStringLocalizerFactory resources) : IStringLocalizerFactory
{
    /// <summary>More distinct names than this per localizer are looked up each time (a caller passing arbitrary text as a name).</summary>
    public const int MaxNames = 4096;

    private readonly ConcurrentDictionary<(Type, string?, string?), IStringLocalizer> _localizers = new();

    public IStringLocalizer Create(Type resourceSource) =>
        _localizers.GetOrAdd((resourceSource, null, null), key => new CachedStringLocalizer(resources.Create(key.Item1)));

    public IStringLocalizer Create(string baseName, string location) =>
        _localizers.GetOrAdd((typeof(void), baseName, location), key => new CachedStringLocalizer(resources.Create(key.Item2!, key.Item3!)));

    private sealed class CachedStringLocalizer(IStringLocalizer inner) : IStringLocalizer
    {
        private readonly ConcurrentDictionary<(CultureInfo Culture, string Name), LocalizedString> _strings = new();

        public LocalizedString this[string name]
        {
            get
            {
                ArgumentNullException.ThrowIfNull(name);
                var key = (CultureInfo.CurrentUICulture, name);
                if (_strings.TryGetValue(key, out var known))
                    return known;
                var found = inner[name];
                if (_strings.Count < MaxNames)
                    _strings.TryAdd(key, found);
                return found;
            }
        }

        public LocalizedString this[string name, params object[] arguments]
        {
            get
            {
                // As ResourceManagerStringLocalizer does: the format in the UI culture, the values in the culture.
                var format = this[name];
                return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, format.Value, arguments), format.ResourceNotFound, format.SearchedLocation);
            }
        }

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);
    }
}
