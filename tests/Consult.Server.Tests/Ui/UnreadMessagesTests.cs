using Consult.Server.Ui;

namespace Consult.Server.Tests.Ui;

public sealed class UnreadMessagesTests
{
    [Fact]
    public void OthersMessagesCountWhileTheDiscussionIsOutOfSightAndSeeingItClearsTheCount()
    {
        var unread = new UnreadMessages();
        unread.ReadUpTo(10);

        Assert.False(unread.Arrived(9, mine: false));
        Assert.True(unread.Arrived(11, mine: false));
        Assert.True(unread.Arrived(12, mine: false));
        Assert.False(unread.Arrived(13, mine: true));
        Assert.Equal(2, unread.Count);

        unread.SetVisible(true);
        Assert.Equal(0, unread.Count);
        Assert.False(unread.Arrived(14, mine: false));
        Assert.Equal(0, unread.Count);

        unread.SetVisible(false);
        Assert.True(unread.Arrived(15, mine: false));
        Assert.Equal(1, unread.Count);
    }

    [Fact]
    public void AMessageDeliveredTwiceCountsOnce()
    {
        var unread = new UnreadMessages();
        Assert.True(unread.Arrived(3, mine: false));
        Assert.False(unread.Arrived(3, mine: false));
        Assert.Equal(1, unread.Count);
    }
}
