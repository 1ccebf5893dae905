using Consult.Rooms;

namespace Consult.Records;

/// <summary>What anyone holding a record's hash may learn (<c>GET /records/{sha256}</c>): no names, no reasons.</summary>
[GenerateSerializer, Immutable, Alias("consult.record-verification")]
public sealed record RecordVerification(
    [property: Id(0)] string CaseNumber,
    [property: Id(1)] JointOutcome JointOutcome,
    [property: Id(2)] DateTimeOffset ClosedAt);
