using System.Runtime.ExceptionServices;
using System.Text.Json.Serialization;

namespace Consult.Server.Realtime;

/// <summary>
/// An object argument of a hub method, read straight from the message's JSON into
/// <typeparamref name="T"/> with the contract's options: the value, or why it could not be read
/// (<see cref="Require"/> then refuses it with the contract's code, as <see cref="HubArguments.Body{T}"/> does).
/// </summary>
/// <remarks>See <see cref="HubId"/> for why: no document per argument on the decision's path.</remarks>
[JsonConverter(typeof(HubBodyConverterFactory))]
public readonly struct HubBody<T>
    where T : class
{
    private readonly T? _value;
    private readonly bool _notAnObject;
    private readonly string? _path;
    private readonly ExceptionDispatchInfo? _failure;

    private HubBody(T? value, bool notAnObject, string? path, ExceptionDispatchInfo? failure) =>
        (_value, _notAnObject, _path, _failure) = (value, notAnObject, path, failure);

    internal static HubBody<T> Read(T? value) => new(value, false, null, null);

    internal static HubBody<T> NotAnObject() => new(null, true, null, null);

    internal static HubBody<T> Malformed(string? path) => new(null, false, path, null);

    internal static HubBody<T> Failed(Exception failure) => new(null, false, null, ExceptionDispatchInfo.Capture(failure));

    /// <summary>The value, or <c>invalid_input</c> naming <paramref name="name"/> (another failure is thrown as it was).</summary>
    public T Require(string name)
    {
        if (_value is not null)
            return _value;
        _failure?.Throw();
        throw _notAnObject ? HubArguments.NotAnObject(name) : _path is null ? HubArguments.Missing(name) : HubArguments.Malformed(name, _path);
    }
}
