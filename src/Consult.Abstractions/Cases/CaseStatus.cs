namespace Consult.Cases;

public enum CaseStatus
{
    Received,
    Consulting,
    SupplementRequired,
    Decided,
    Completed,
    Withdrawn,
}
