using Consult.Catalog;

namespace Consult.Cases;

/// <summary>
/// A staged case's stages, copied from its matter when it was registered (a later change to the
/// catalogue does not move a running case), and how far it got.
/// </summary>
[GenerateSerializer, Alias("consult.case-grain.stages")]
public sealed class StageState
{
    [Id(0)] public List<MatterStage> Stages { get; set; } = [];
    /// <summary>The index of the current stage; <see cref="Stages"/>.Count once the last one closed approved.</summary>
    [Id(1)] public int Current { get; set; }
    /// <summary>The day each stage started (in the centre's time zone), by index.</summary>
    [Id(2)] public List<DateOnly> StartedOn { get; set; } = [];
    /// <summary>The last room of each started stage, by index.</summary>
    [Id(3)] public List<Guid?> Rooms { get; set; } = [];
}
