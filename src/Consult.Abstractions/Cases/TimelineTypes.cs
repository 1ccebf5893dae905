namespace Consult.Cases;

public static class TimelineTypes
{
    public const string Registered = "registered";
    public const string MaterialAdded = "materialAdded";
    public const string ConsultationOpened = "consultationOpened";
    public const string ConsultationClosed = "consultationClosed";
    public const string Withdrawn = "withdrawn";
    public const string Completed = "completed";
    public const string TrackingTokenRenewed = "trackingTokenRenewed";
    /// <summary>The tracking link was sent to the applicant by SMS (detail: the masked phone).</summary>
    public const string TrackingLinkSent = "trackingLinkSent";
    /// <summary>The statutory clock stopped: a supplement is asked of the applicant (detail: what).</summary>
    public const string StatutoryPaused = "statutoryPaused";
    /// <summary>The applicant resubmitted: the clock runs again (detail: working days not counted).</summary>
    public const string StatutoryResumed = "statutoryResumed";
    /// <summary>A manager extended the statutory limit (detail: the reason).</summary>
    public const string StatutoryExtended = "statutoryExtended";
    /// <summary>The statutory limit ran out with the case undecided (detail: the due date).</summary>
    public const string StatutoryRedCard = "statutoryRedCard";
    /// <summary>A staged case moved to its next stage (detail: the stage's code).</summary>
    public const string StageStarted = "stageStarted";
    /// <summary>Follow-up tasks were made from a room's conditions at its close (detail: how many).</summary>
    public const string TasksOpened = "tasksOpened";
    /// <summary>A department marked a follow-up task done (detail: <c>#{taskId} {department}</c>).</summary>
    public const string TaskDone = "taskDone";
    /// <summary>The applicant rated the service (detail: the score, 1–5).</summary>
    public const string Rated = "rated";
    /// <summary>A poor rating's follow-up was answered (detail: what was done).</summary>
    public const string RatingAnswered = "ratingAnswered";
}
