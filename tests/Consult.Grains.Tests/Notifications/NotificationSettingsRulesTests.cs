using Consult.Common;
using Consult.Notifications;

namespace Consult.Grains.Tests.Notifications;

public sealed class NotificationSettingsRulesTests
{
    [Fact]
    public void GoodSettingsAreKeptTrimmedAndWithoutRepeats()
    {
        var valid = NotificationSettingsRules.Validate(new(["email", "dingTalk", "email"], ["invitation"], [" a@b.example ", "A@b.example"], ["+86-13800000001"]));
        Assert.Equal(["email", "dingTalk"], valid.Channels.ToArray());
        Assert.Equal(["a@b.example"], valid.Emails.ToArray());
        Assert.Equal(["+86-13800000001"], valid.Mobiles.ToArray());
    }

    [Theory]
    [InlineData("sms", "invitation", "a@b.example", "13800000001")]
    [InlineData("email", "holiday", "a@b.example", "13800000001")]
    [InlineData("email", "invitation", "a b@c", "13800000001")]
    [InlineData("email", "invitation", "王敏 <a@b.example>", "13800000001")]
    [InlineData("dingTalk", "invitation", "a@b.example", "1380000000x")]
    [InlineData("dingTalk", "invitation", "a@b.example", " ")]
    public void SettingsWithAnUnknownChannelOrTypeOrAMalformedAddressOrMobileAreRefused(string channel, string type, string email, string mobile)
    {
        var refused = Assert.Throws<ConsultException>(() => NotificationSettingsRules.Validate(new([channel], [type], [email], [mobile])));
        Assert.Equal(ErrorCodes.InvalidInput, refused.Code);
    }

    [Fact]
    public void ALongListIsRefused() =>
        Assert.Throws<ConsultException>(() => NotificationSettingsRules.Validate(new(["email"], [], [.. Enumerable.Range(0, 51).Select(i => $"p{i}@b.example")], [])));
}
