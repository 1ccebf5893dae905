using System.Text.Json.Serialization;
using Consult.Rooms;

namespace Consult.Calls;

/// <summary>
/// A WebRTC signal from one call member to another: <see cref="Kind"/> is <c>offer</c>,
/// <c>answer</c> or <c>candidate</c>; <see cref="Data"/> is the browser's JSON (a session
/// description or an ICE candidate), carried as it came and never read by the server.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.call-signal")]
public sealed record CallSignal(
    [property: Id(0)] string Kind,
    [property: Id(1), JsonConverter(typeof(RawJsonConverter))] string Data)
{
    /// <summary>The most a signal may weigh (its kind and data as UTF-8 JSON).</summary>
    public const int MaxBytes = 16 * 1024;

    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(["offer", "answer", "candidate"], StringComparer.Ordinal);
}
