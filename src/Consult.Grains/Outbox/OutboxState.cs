namespace Consult.Outbox;

/// <summary>The entries a grain still owes, part of its persisted state (written with every change).</summary>
[GenerateSerializer, Alias("consult.outbox.state")]
public sealed class OutboxState
{
    [Id(0)] public List<OutboxEntry> Entries { get; set; } = [];
}
