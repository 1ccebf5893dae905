namespace Consult.Cases;

/// <summary>Where a follow-up task (现场落实) stands.</summary>
public enum FollowUpStatus
{
    Open,
    Done,
}
