namespace Consult.Rooms;

public enum DecisionOutcome
{
    Approve,
    ApproveWithConditions,
    Reject,
    RequestSupplement,
    Recuse,
    /// <summary>
    /// Recorded by <c>system</c> at the room's deadline for an undecided seat that carries
    /// <c>deemedConsentOnTimeout</c> (超时默许); counted as an approval. Never sent by a caller.
    /// </summary>
    DeemedConsent,
}
