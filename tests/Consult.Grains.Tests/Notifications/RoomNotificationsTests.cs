using Consult.Catalog;
using Consult.Grains.Tests.Fixtures;
using Consult.Notifications;
using Consult.Rooms;
using Consult.Rooms.Events;

namespace Consult.Grains.Tests.Notifications;

/// <summary>Which room events make notifications, for whom, under which key.</summary>
public sealed class RoomNotificationsTests
{
    private static readonly Guid RoomId = Guid.Parse("7a1c9a3e-0000-4000-8000-000000000002");
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 2, 0, 0, TimeSpan.Zero);

    private static RoomState Room()
    {
        var room = new RoomState();
        room.Open(new OpenRoomCommand(Guid.NewGuid(), "CS-20261130-0001", "highway-occupation", JointRuleKind.Unanimous,
            [new DefaultSeat("road-admin", SeatRole.Required), new DefaultSeat("enforcement", SeatRole.Notify)], Now.AddHours(1), Now.AddHours(4)), Actors.Window, Now);
        return room;
    }

    private static RoomEvent Event<T>(long seq, string type, T payload) => new(RoomId, seq, Now, "system", type, RoomEventPayloads.Write(payload));

    [Fact]
    public void OpeningInvitesEverySeatWithTheScheduledStart()
    {
        var room = Room();
        var made = RoomNotifications.From(room, Event(1, RoomEventTypes.RoomOpened, new { })).ToList();
        Assert.Equal(["road-admin", "enforcement"], made.Select(n => Assert.Single(n.Departments)));
        Assert.All(made, n => Assert.Equal((NotificationTypes.Invitation, Now.AddHours(1), room.CaseId), (n.Type, n.ScheduledAt, n.CaseId)));
        Assert.Equal(2, made.Select(n => n.Key).Distinct().Count());
    }

    [Fact]
    public void AReminderNotifiesEachDepartmentItNamesAndARedCardSaysRed()
    {
        var room = Room();
        var reminded = RoomNotifications.From(room, Event(5, RoomEventTypes.ReminderSent, new ReminderSent(["road-admin", "traffic-police"], "manual"))).ToList();
        Assert.Equal(["road-admin", "traffic-police"], reminded.Select(n => n.Departments.Single()));
        var card = Assert.Single(RoomNotifications.From(room, Event(6, RoomEventTypes.CardIssued, new CardIssued("road-admin", CardLevel.Red, "late"))));
        Assert.Equal(NotificationTypes.Card, card.Type);
        Assert.StartsWith("红牌", card.Detail);
    }

    [Fact]
    public void TheCloseNotifiesEverySeatOnceAndMessagesNotifyNobody()
    {
        var room = Room();
        var closed = Assert.Single(RoomNotifications.From(room, Event(9, RoomEventTypes.RoomClosed, new RoomClosed(JointOutcome.Approved, "同意", Now))));
        Assert.Equal((NotificationTypes.RoomClosed, "同意"), (closed.Type, closed.Detail));
        Assert.Equal(["road-admin", "enforcement"], closed.Departments.ToArray());
        Assert.Empty(RoomNotifications.From(room, Event(10, RoomEventTypes.MessagePosted, new MessagePosted("hi", "c1", "road-admin", "department"))));
    }

    [Fact]
    public void AnInvitationCarriesTheRoomsExternalMeetingLinkInItsTextAndACloseDoesNot()
    {
        var room = Room();
        room.MeetingLink = "https://meeting.dingtalk.com/j/abc123";
        var invitation = RoomNotifications.From(room, Event(1, RoomEventTypes.RoomOpened, new { })).First();
        Assert.Equal(room.MeetingLink, invitation.MeetingLink);
        var catalog = new CatalogSnapshot(1, [], []);
        Assert.EndsWith("外部会议链接：https://meeting.dingtalk.com/j/abc123", NotificationTexts.Text(invitation, catalog, TimeZoneInfo.Utc), StringComparison.Ordinal);
        var closed = Assert.Single(RoomNotifications.From(room, Event(9, RoomEventTypes.RoomClosed, new RoomClosed(JointOutcome.Approved, "同意", Now))));
        Assert.DoesNotContain("https://", NotificationTexts.Text(closed, catalog, TimeZoneInfo.Utc), StringComparison.Ordinal);
    }

    [Fact]
    public void ANewMeetingLinkTellsEverySeatOnceWithTheLinkAndRemovingItSaysSo()
    {
        var room = Room();
        var catalog = new CatalogSnapshot(1, [], []);
        room.MeetingLink = "https://meeting.tencent.com/dm/xyz789";
        var changed = Assert.Single(RoomNotifications.From(room, Event(7, RoomEventTypes.MeetingLinkChanged, new MeetingLinkChanged(room.MeetingLink, null))));
        Assert.Equal((NotificationTypes.MeetingLinkChanged, "https://meeting.tencent.com/dm/xyz789"), (changed.Type, changed.MeetingLink));
        Assert.Equal(["road-admin", "enforcement"], changed.Departments.ToArray());
        Assert.EndsWith("外部会议链接：https://meeting.tencent.com/dm/xyz789", NotificationTexts.Text(changed, catalog, TimeZoneInfo.Utc), StringComparison.Ordinal);

        room.MeetingLink = null;
        var removed = Assert.Single(RoomNotifications.From(room, Event(8, RoomEventTypes.MeetingLinkChanged, new MeetingLinkChanged(null, "https://meeting.tencent.com/dm/xyz789"))));
        Assert.Null(removed.MeetingLink);
        var text = NotificationTexts.Text(removed, catalog, TimeZoneInfo.Utc);
        Assert.Contains("取消外部会议链接", text, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
        Assert.NotEqual(changed.Key, removed.Key);
    }

    [Fact]
    public void TheSameEventAlwaysMakesTheSameKeys()
    {
        var first = RoomNotifications.From(Room(), Event(5, RoomEventTypes.ReminderSent, new ReminderSent(["road-admin"], "limit", 0.5))).Single();
        var again = RoomNotifications.From(Room(), Event(5, RoomEventTypes.ReminderSent, new ReminderSent(["road-admin"], "limit", 0.5))).Single();
        Assert.Equal(first.Key, again.Key);
        Assert.Contains(RoomId.ToString("N"), first.Key);
    }
}
