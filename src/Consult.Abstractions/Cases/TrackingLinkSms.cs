namespace Consult.Cases;

/// <summary>
/// The tracking link handed to the case's notifications for an SMS to the applicant:
/// <see cref="NotificationId"/> is the delivery's id in the case's delivery log, <see cref="Recipient"/>
/// the phone as the log shows it (masked).
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.tracking-link-sms")]
public sealed record TrackingLinkSms(
    [property: Id(0)] string NotificationId,
    [property: Id(1)] string Recipient,
    [property: Id(2)] string TrackingUrl,
    [property: Id(3)] DateTimeOffset At);
