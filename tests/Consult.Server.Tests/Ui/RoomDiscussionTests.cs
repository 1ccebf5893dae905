using Bunit;
using Consult.Server.Components.Pages.Rooms;

namespace Consult.Server.Tests.Ui;

/// <summary>The board's discussion: left as it is when the board renders again for a decision, shown again for a message.</summary>
public sealed class RoomDiscussionTests : ComponentTests
{
    [Fact]
    public void ADecisionLeavesTheDiscussionAloneAndAMessageShowsAtOnce()
    {
        using var _ = Culture("zh-CN");
        var messages = new List<RoomBoard.Message> { new(3, DateTimeOffset.Parse("2026-12-02T02:00:00Z"), "综合窗口 王敏", "请各部门发表意见") };
        var sent = new List<string>();
        var discussion = Bunit.Render<RoomDiscussion>(parameters => parameters
            .Add(p => p.Messages, messages)
            .Add(p => p.CanPost, true)
            .Add(p => p.OnSend, text =>
            {
                sent.Add(text);
                return Task.CompletedTask;
            }));
        var renders = discussion.RenderCount;

        // A decision: the board renders again with the same messages and new callbacks.
        discussion.Render(parameters => parameters.Add(p => p.OnSend, text =>
        {
            sent.Add("newest:" + text);
            return Task.CompletedTask;
        }));
        Assert.Equal(renders, discussion.RenderCount);

        // A message: the same list, one longer.
        messages.Add(new RoomBoard.Message(5, DateTimeOffset.Parse("2026-12-02T02:01:00Z"), "公安交警 刘洋", "同意，夜间施工须设警示"));
        discussion.Render(parameters => parameters.Add(p => p.Messages, messages));
        Assert.Equal(2, discussion.FindAll("[data-testid=messages] .message-text").Count);
        Assert.Contains("同意，夜间施工须设警示", discussion.Find("[data-testid=messages]").TextContent, StringComparison.Ordinal);

        discussion.Render(parameters => parameters.Add(p => p.Unread, 1));
        Assert.Equal("1 条未读", discussion.Find("[data-testid=discussion-panel-unread]").TextContent.Trim());

        discussion.Find("[data-testid=message-input]").Change("收到");
        discussion.Find("[data-testid=message-form]").Submit();
        Assert.Equal(["newest:收到"], sent);
    }
}
