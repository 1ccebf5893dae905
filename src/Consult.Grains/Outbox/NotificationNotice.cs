using Consult.Notifications;

namespace Consult.Outbox;

/// <summary>An event people outside the app should hear of, handed to the case's notifications grain (which ignores a repeat of its key).</summary>
[GenerateSerializer, Immutable, Alias("consult.outbox.notification")]
public sealed record NotificationNotice([property: Id(0)] NotificationEvent Event) : OutboxEntry
{
    public const string Receiver = "notifications";

    public override string Slot => "notify/" + Event.Key;

    public override string Target => Receiver;
}
