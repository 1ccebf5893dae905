using Consult.Rooms;

namespace Consult.Records;

/// <summary>
/// A <see cref="JointRecord"/> as kept: its canonical JSON (<see cref="Json"/>, UTF-8 when served)
/// and <see cref="Sha256"/>, the lowercase hex SHA-256 of those bytes; plus what the public
/// verification answers.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.sealed-record")]
public sealed record SealedRecord(
    [property: Id(0)] Guid RoomId,
    [property: Id(1)] string Sha256,
    [property: Id(2)] string Json,
    [property: Id(3)] string CaseNumber,
    [property: Id(4)] JointOutcome JointOutcome,
    [property: Id(5)] DateTimeOffset ClosedAt)
{
    public RecordVerification Verification => new(CaseNumber, JointOutcome, ClosedAt);
}
