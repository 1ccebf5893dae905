namespace Consult.Server.Tests.Fixtures;

/// <summary>Tests that measure time: xUnit runs this collection with no other collection beside it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QuietCollection
{
    public const string Name = "quiet";
}
