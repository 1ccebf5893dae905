namespace Consult.Rooms;

public enum DecisionOutcome
{
    Approve,
    ApproveWithConditions,
    Reject,
    RequestSupplement,
    Recuse,
}
