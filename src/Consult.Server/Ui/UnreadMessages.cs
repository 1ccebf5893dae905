namespace Consult.Server.Ui;

/// <summary>
/// The discussion's unread count on one open board. A message is unread when someone else posts
/// it while the discussion's message list is not on screen (the phone's discussion sheet closed;
/// on a desk the panel collapsed or scrolled out of view); what the board read when it opened, and
/// the viewer's own messages, never are. Seeing the list clears the count. Pure, so it is tested
/// without a browser.
/// </summary>
public sealed class UnreadMessages
{
    // The newest message counted or seen: a message that arrives twice (the board's own read
    // after a gap, then the event) counts once.
    private long _newest;

    public int Count { get; private set; }

    public bool Visible { get; private set; }

    /// <summary>The board opened on the log up to <paramref name="seq"/>: nothing before it is unread.</summary>
    public void ReadUpTo(long seq) => _newest = Math.Max(_newest, seq);

    /// <summary>A message arrived live; true when it made the count go up.</summary>
    public bool Arrived(long seq, bool mine)
    {
        if (seq <= _newest)
            return false;
        _newest = seq;
        if (Visible || mine)
            return false;
        Count++;
        return true;
    }

    /// <summary>The list came on screen (the count clears) or went off it.</summary>
    public void SetVisible(bool visible)
    {
        Visible = visible;
        if (visible)
            Count = 0;
    }
}
