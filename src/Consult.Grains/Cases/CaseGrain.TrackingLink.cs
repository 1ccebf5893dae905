using Consult.Common;
using Consult.Notifications;
using Consult.Outbox;

namespace Consult.Cases;

/// <summary>The applicant's link in hand: sent by SMS on staff's request, through the outbox like every SMS.</summary>
public sealed partial class CaseGrain
{
    public async Task<TrackingLinkSms> SendTrackingLink(Actor actor, string publicBaseUrl)
    {
        EnsureRegistered();
        if (!actor.IsWindow && !actor.IsManager)
            throw ConsultException.Forbidden("Only a window officer or a manager sends the tracking link.");
        if (string.IsNullOrWhiteSpace(notificationOptions.Value.Sms.Url))
            throw new ConsultException(ErrorCodes.SmsNotConfigured, "No SMS gateway is configured (Consult:Notifications:Sms:Url).");
        if (!Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            throw ConsultException.InvalidInput("The link's base must be an absolute http(s) address.");
        var phone = State.Applicant!.Phone;
        var url = $"{publicBaseUrl.TrimEnd('/')}/track/{State.TrackingToken}";
        var recipient = NotificationFanOut.Mask(phone);
        AddTimeline(actor, TimelineTypes.TrackingLinkSent, recipient);
        var now = time.GetUtcNow();
        // The timeline's length keys the request: each one is a message of its own, and a replay of
        // this outbox entry is the same one.
        var notification = new NotificationEvent($"{CaseId:N}:tracking-link:{State.Timeline.Count}", NotificationTypes.TrackingLink, now,
            CaseId, State.CaseNumber, State.MatterCode, null, [], Detail: url, ApplicantPhone: phone);
        Outbox.Add(new NotificationNotice(notification));
        await Outbox.Secure();
        await store.WriteStateAsync();
        Outbox.Written();
        await Outbox.Deliver();
        return new TrackingLinkSms(NotificationFanOut.IdOf(notification.Key, NotificationChannels.Sms, phone), recipient, url, now);
    }
}
