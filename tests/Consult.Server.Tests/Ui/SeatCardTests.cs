using Bunit;
using Consult.Rooms;
using Consult.Server.Components.Pages.Rooms;

namespace Consult.Server.Tests.Ui;

/// <summary>The seat card as a person sees it, rendered with bUnit in both languages.</summary>
public sealed class SeatCardTests : ComponentTests
{
    [Fact]
    public void AConditionalApprovalShowsAmberItsConditionsWhoIsPresentAndTheOnBehalfMark()
    {
        var seat = SeatStyleTests.Seat("traffic-police", SeatRole.Required, DecisionOutcome.ApproveWithConditions, present: true, conditions: ["设置警示标志", "专人指挥"]);
        seat = seat with { Decision = seat.Decision! with { OnBehalf = true, Revision = 2 } };
        using var culture = Culture("zh-CN");

        var card = Bunit.Render<SeatCard>(parameters => parameters.Add(p => p.Seat, seat).Add(p => p.Name, "公安交警"));

        Assert.Equal("status-conditions", card.Find("[data-testid=seat-traffic-police]").GetAttribute("data-status"));
        Assert.Equal("附条件同意", card.Find("[data-testid=seat-label]").TextContent.Trim());
        Assert.Equal(["设置警示标志", "专人指挥"], card.FindAll("ol li").Select(li => li.TextContent.Trim()));
        Assert.Contains("窗口代录", card.Markup);
        Assert.Contains("traffic-police", card.Find(".mud-chip-color-info").TextContent);
        // Presence is said as presence: no camera icon while there is no call.
        Assert.Equal("在线（正在查看会商）", card.Find(".mud-chip-color-info").GetAttribute("title"));
        Assert.DoesNotContain(MudBlazor.Icons.Material.Filled.Videocam, card.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInvitedSeatReadsInEnglishWhenEnglishIsChosen()
    {
        using var culture = Culture("en");
        var card = Bunit.Render<SeatCard>(parameters => parameters
            .Add(p => p.Seat, SeatStyleTests.Seat("housing", SeatRole.Advisory, null))
            .Add(p => p.Name, "Housing"));

        Assert.Equal("status-invited", card.Find("[data-testid=seat-housing]").GetAttribute("data-status"));
        Assert.Equal("Invited", card.Find("[data-testid=seat-label]").TextContent.Trim());
        Assert.Contains("Advisory", card.Markup);
        Assert.Contains("Not connected", card.Markup);
    }

}
