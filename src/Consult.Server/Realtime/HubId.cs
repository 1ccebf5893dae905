using System.Text.Json;
using System.Text.Json.Serialization;

namespace Consult.Server.Realtime;

/// <summary>
/// An id argument of a hub method, read straight from the message's JSON: the id, or nothing when
/// the value is not a GUID string (<see cref="Require"/> then refuses it with the contract's code).
/// </summary>
/// <remarks>
/// For the methods every decision and message passes through: a <see cref="JsonElement"/>
/// argument is parsed into a document of its own and copied, then read again (with the decision's
/// body, about 3 % of a node's allocation per decision in S2); this reads the token in place.
/// </remarks>
[JsonConverter(typeof(HubIdConverter))]
public readonly struct HubId
{
    private readonly Guid? _value;

    internal HubId(Guid value) => _value = value;

    /// <summary>The id, or <c>invalid_input</c> naming <paramref name="name"/>.</summary>
    public Guid Require(string name) => _value ?? throw HubArguments.NotAnId(name);
}
