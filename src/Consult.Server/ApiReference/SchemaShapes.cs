using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Consult.Server.ApiReference;

/// <summary>
/// Lets the OpenAPI generator describe the contract's records as they are written. Its schema
/// exporter reads a copy of the host's JSON options with a resolver of its own; in that copy only
/// (never in the options that serialize requests and answers), every <see cref="ImmutableArray{T}"/>
/// member is described as the array of <c>T</c> it is written as. Without this, the contract's
/// <c>ImmutableArrayJsonConverter</c> makes each such member "anything", and a constructor parameter
/// declared <c>ImmutableArray&lt;T&gt; x = default</c> makes the exporter throw
/// (dotnet/runtime#133178, fixed after the runtime this server runs on), failing the whole document.
/// </summary>
internal static class SchemaShapes
{
    private static readonly MethodInfo ToArrayMethod = typeof(SchemaShapes).GetMethod(nameof(ToArray), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static void Register(JsonSerializerOptions options) =>
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(typeInfo =>
        {
            // Options resolving through the host's final resolver (read when the first type is resolved,
            // after every configuration has added to its chain) serialize requests and answers: they keep
            // the members as they are. Only a resolver built over it, the exporter's, gets arrays.
            if (!ReferenceEquals(typeInfo.Options.TypeInfoResolver, options.TypeInfoResolver) && typeInfo.Kind == JsonTypeInfoKind.Object)
                DescribeArrays(typeInfo);
        });

    private static void DescribeArrays(JsonTypeInfo typeInfo)
    {
        for (var i = 0; i < typeInfo.Properties.Count; i++)
        {
            var member = typeInfo.Properties[i];
            var optional = Nullable.GetUnderlyingType(member.PropertyType);
            if ((optional ?? member.PropertyType) is not { IsGenericType: true } type || type.GetGenericTypeDefinition() != typeof(ImmutableArray<>) || member.Get is not { } get)
                continue;
            var element = type.GetGenericArguments()[0];
            var toArray = ToArrayMethod.MakeGenericMethod(element);
            var array = typeInfo.CreateJsonPropertyInfo(element.MakeArrayType(), member.Name);
            array.Get = value => get(value) is { } items ? toArray.Invoke(null, [items]) : null;
            // Described for writing only; a setter is needed for a required member to be accepted.
            array.Set = (_, _) => throw new NotSupportedException("The schema exporter's options do not read JSON.");
            array.IsRequired = IsRequiredParameter(typeInfo.Type, member);
            array.IsGetNullable = array.IsSetNullable = optional is not null;
            array.AttributeProvider = member.AttributeProvider;
            typeInfo.Properties[i] = array;
        }
    }

    /// <summary>A constructor parameter of the member's name without a default: the host's options require it (RespectRequiredConstructorParameters).</summary>
    private static bool IsRequiredParameter(Type owner, JsonPropertyInfo member) =>
        member.AttributeProvider is MemberInfo { Name: var name }
        && owner.GetConstructors().Any(c => c.GetParameters().Any(p =>
            string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) && p.ParameterType == member.PropertyType && !p.HasDefaultValue));

    private static T[] ToArray<T>(object? value) => value is ImmutableArray<T> { IsDefault: false } items ? [.. items] : [];
}
