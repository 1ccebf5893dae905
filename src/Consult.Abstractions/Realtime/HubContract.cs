namespace Consult.Realtime;

/// <summary>The hub's path and method names, for clients.</summary>
public static class HubContract
{
    public const string Path = "/hubs/consultation";

    public const string JoinRoom = nameof(JoinRoom);
    public const string LeaveRoom = nameof(LeaveRoom);
    public const string CastDecision = nameof(CastDecision);
    public const string PostMessage = nameof(PostMessage);
    public const string Resync = nameof(Resync);
    public const string FollowCase = nameof(FollowCase);
    public const string JoinCall = nameof(JoinCall);
    public const string LeaveCall = nameof(LeaveCall);
    public const string SendSignal = nameof(SendSignal);
    public const string MuteCallMember = nameof(MuteCallMember);
    public const string SetCallMedia = nameof(SetCallMedia);
    public const string AllowApplicantInCall = nameof(AllowApplicantInCall);

    public const string RoomEvent = nameof(IConsultationClient.RoomEvent);
    public const string Presence = nameof(IConsultationClient.Presence);
    public const string CaseUpdated = nameof(IConsultationClient.CaseUpdated);
    public const string Invitation = nameof(IConsultationClient.Invitation);
    public const string CallSignal = nameof(IConsultationClient.CallSignal);
    public const string CallMembers = nameof(IConsultationClient.CallMembers);
    public const string CallMuted = nameof(IConsultationClient.CallMuted);

    /// <summary>The code a refusal's <c>HubException</c> message starts with.</summary>
    public static string CodeOf(string hubExceptionMessage)
    {
        var message = hubExceptionMessage;
        // SignalR prefixes server-sent HubException messages when they reach a .NET client.
        const string Prefix = "An unexpected error occurred invoking '";
        if (message.StartsWith(Prefix, StringComparison.Ordinal) && message.IndexOf("HubException: ", StringComparison.Ordinal) is var at and >= 0)
            message = message[(at + "HubException: ".Length)..];
        var colon = message.IndexOf(':');
        return colon < 0 ? message : message[..colon];
    }
}
