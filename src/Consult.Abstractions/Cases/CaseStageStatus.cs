namespace Consult.Cases;

public enum CaseStageStatus
{
    Pending,
    Current,
    Done,
}
