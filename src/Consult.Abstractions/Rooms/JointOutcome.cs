namespace Consult.Rooms;

public enum JointOutcome
{
    Pending,
    Approved,
    ApprovedWithConditions,
    Rejected,
    SupplementRequired,
}
