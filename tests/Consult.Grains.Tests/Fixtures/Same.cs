using System.Text.Json;
using Consult.Common;

namespace Consult.Grains.Tests.Fixtures;

/// <summary>
/// Records holding <c>ImmutableArray</c>s compare those by reference; copies that crossed a grain
/// boundary are compared by their contract JSON instead.
/// </summary>
public static class Same
{
    public static void Json<T>(T expected, T actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected, ConsultJson.Options), JsonSerializer.Serialize(actual, ConsultJson.Options));
}
