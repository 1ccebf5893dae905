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
}
