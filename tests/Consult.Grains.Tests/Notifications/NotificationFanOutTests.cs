using System.Collections.Immutable;
using Consult.Notifications;

namespace Consult.Grains.Tests.Notifications;

/// <summary>Who gets a notification, over which channel, with which id: pure rules.</summary>
public sealed class NotificationFanOutTests
{
    private static readonly Guid CaseId = Guid.Parse("5d1c9a3e-0000-4000-8000-000000000001");

    private static NotificationOptions Options() => new()
    {
        Webhooks =
        [
            new WebhookOptions { Url = "https://all.example/hook", Secret = "s0" },
            new WebhookOptions { Url = "https://road.example/hook", Secret = "s1", Departments = ["road-admin"], Types = ["invitation", "card"] },
            new WebhookOptions { Url = null, Secret = "unused" },
        ],
        Smtp = { Host = "smtp.example" },
        DingTalk = { Url = "https://oapi.dingtalk.com/robot/send?access_token=t" },
        Sms = { Url = "https://sms.example/send" },
    };

    private static NotificationEvent Event(string type, params string[] departments) =>
        new($"room:7:{string.Join(',', departments)}", type, DateTimeOffset.UnixEpoch, CaseId, "CS-20261130-0001", "highway-occupation", Guid.NewGuid(), [.. departments],
            ApplicantPhone: "13912345678");

    private static NotificationSettings Settings(string[] channels, string[]? types = null, string[]? emails = null, string[]? mobiles = null) =>
        new([.. channels], [.. types ?? []], [.. emails ?? []], [.. mobiles ?? []]);

    [Fact]
    public void WebhooksTakeWhatTheirTypesAndDepartmentsAllowAndUnconfiguredOnesNothing()
    {
        var invitation = NotificationFanOut.Plan(Event(NotificationTypes.Invitation, "road-admin"), Options(), []);
        Assert.Equal(["webhook 0", "webhook 1"], invitation.Where(p => p.Channel == NotificationChannels.Webhook).Select(p => p.Recipient));
        var reminder = NotificationFanOut.Plan(Event(NotificationTypes.Reminder, "road-admin"), Options(), []);
        Assert.Equal(["webhook 0"], reminder.Where(p => p.Channel == NotificationChannels.Webhook).Select(p => p.Recipient));
        var otherDepartment = NotificationFanOut.Plan(Event(NotificationTypes.Invitation, "housing"), Options(), []);
        Assert.Equal(["webhook 0"], otherDepartment.Where(p => p.Channel == NotificationChannels.Webhook).Select(p => p.Recipient));
    }

    [Fact]
    public void EMailGoesOnceToEachAddressOfTheDepartmentAndOfItsPeopleWhoWantThatType()
    {
        var audience = new NotificationAudience("road-admin",
            Settings(["email"], emails: ["Office@road.example", "duty@road.example"]),
            [
                new UserNotificationSettings("wang", "road-admin", Settings(["email"], ["invitation"], ["wang@road.example", "office@road.example"])),
                new UserNotificationSettings("li", "road-admin", Settings(["email"], ["card"], ["li@road.example"])),
                new UserNotificationSettings("zhao", "road-admin", Settings(["dingTalk"], emails: ["zhao@road.example"])),
            ]);
        var planned = NotificationFanOut.Plan(Event(NotificationTypes.Invitation, "road-admin"), Options(), [audience]);
        Assert.Equal(["duty@road.example", "Office@road.example", "wang@road.example"],
            planned.Where(p => p.Channel == NotificationChannels.Email).Select(p => p.Target).Order(StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void DingTalkIsOneMessageMentioningEveryChosenMobileAndNothingWhenNobodyChoseIt()
    {
        var chose = new NotificationAudience("road-admin", Settings(["dingTalk"], mobiles: ["13800000001"]),
            [new UserNotificationSettings("wang", "road-admin", Settings(["dingTalk"], mobiles: ["13800000002", "13800000001"]))]);
        var planned = NotificationFanOut.Plan(Event(NotificationTypes.Card, "road-admin"), Options(), [chose]);
        var robot = Assert.Single(planned, p => p.Channel == NotificationChannels.DingTalk);
        Assert.Equal(["13800000001", "13800000002"], robot.AtMobiles.ToArray());

        var nobody = new NotificationAudience("road-admin", Settings(["email"], emails: ["a@road.example"]), []);
        Assert.DoesNotContain(NotificationFanOut.Plan(Event(NotificationTypes.Card, "road-admin"), Options(), [nobody]), p => p.Channel == NotificationChannels.DingTalk);
    }

    [Fact]
    public void DingTalkMentionsAPersonByTheirAccountsPhoneWhenTheirSettingsListNoMobile()
    {
        var audience = new NotificationAudience("road-admin", Settings(["email"], emails: ["office@road.example"]),
        [
            new UserNotificationSettings("wang", "road-admin", Settings(["dingTalk"]), Phone: "13800000003"),
            new UserNotificationSettings("li", "road-admin", Settings(["dingTalk"], mobiles: ["13800000004"]), Phone: "13800000005"),
            new UserNotificationSettings("zhao", "road-admin", Settings(["email"], emails: ["zhao@road.example"]), Phone: "13800000006"),
        ]);
        var robot = Assert.Single(NotificationFanOut.Plan(Event(NotificationTypes.Invitation, "road-admin"), Options(), [audience]), p => p.Channel == NotificationChannels.DingTalk);
        // Listed mobiles win over the account's phone; who did not choose DingTalk is not mentioned.
        Assert.Equal(["13800000003", "13800000004"], robot.AtMobiles.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void TheApplicantIsTextedOnlyForTheSmsTypesAndOnlyWhenAGatewayIsConfigured()
    {
        Assert.Single(NotificationFanOut.Plan(Event(NotificationTypes.SupplementRequested), Options(), []), p => p.Channel == NotificationChannels.Sms);
        Assert.Single(NotificationFanOut.Plan(Event(NotificationTypes.CaseDecided), Options(), []), p => p.Channel == NotificationChannels.Sms);
        Assert.DoesNotContain(NotificationFanOut.Plan(Event(NotificationTypes.Invitation, "road-admin"), Options(), []), p => p.Channel == NotificationChannels.Sms);
        var off = Options();
        off.Sms.Url = null;
        Assert.DoesNotContain(NotificationFanOut.Plan(Event(NotificationTypes.CaseDecided), off, []), p => p.Channel == NotificationChannels.Sms);
        var sms = NotificationFanOut.Plan(Event(NotificationTypes.CaseDecided), Options(), []).Single(p => p.Channel == NotificationChannels.Sms);
        Assert.Equal(("13912345678", "139****5678"), (sms.Target, sms.Recipient));
    }

    [Fact]
    public void IdsAreTheSameForTheSameEventChannelAndRecipientAndDifferOtherwise()
    {
        var first = NotificationFanOut.Plan(Event(NotificationTypes.Invitation, "road-admin"), Options(), []);
        var again = NotificationFanOut.Plan(Event(NotificationTypes.Invitation, "road-admin"), Options(), []);
        Assert.Equal(first.Select(p => p.Id), again.Select(p => p.Id));
        Assert.Equal(first.Count, first.Select(p => p.Id).Distinct().Count());
        Assert.All(first, p => Assert.Matches("^[0-9a-f]{32}$", p.Id));
        Assert.NotEqual(NotificationFanOut.IdOf("room:7:road-admin", "webhook", "0"), NotificationFanOut.IdOf("room:8:road-admin", "webhook", "0"));
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(4, 80)]
    [InlineData(8, 1200)]
    [InlineData(40, 1200)]
    public void EachFailedAttemptDoublesTheWaitUpToTheMaximum(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), CaseNotificationsGrain.Backoff(attempts, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(20)));

    [Fact]
    public void TheTrackingLinkGoesOnlyByTextToTheApplicantWhateverTheFiltersSayAndNowhereWithoutAGateway()
    {
        var options = Options();
        options.Sms.Types = [NotificationTypes.CaseDecided];
        var chose = new NotificationAudience("road-admin", Settings(["email", "dingTalk"], emails: ["office@road.example"], mobiles: ["13800000001"]), []);
        var link = new NotificationEvent("case:tracking-link:3", NotificationTypes.TrackingLink, DateTimeOffset.UnixEpoch, CaseId, "CS-20261130-0001",
            "highway-occupation", null, [], Detail: "https://consult.example/track/abc", ApplicantPhone: "13912345678");

        var planned = Assert.Single(NotificationFanOut.Plan(link, options, [chose]));
        Assert.Equal(NotificationChannels.Sms, planned.Channel);
        Assert.Equal("13912345678", planned.Target);
        Assert.Equal("139****5678", planned.Recipient);
        Assert.Equal(NotificationFanOut.IdOf(link.Key, NotificationChannels.Sms, "13912345678"), planned.Id);

        options.Sms.Url = null;
        Assert.Empty(NotificationFanOut.Plan(link, options, [chose]));
    }
}
