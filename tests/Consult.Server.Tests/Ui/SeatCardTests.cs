using Bunit;
using Consult.Hosting;
using Consult.Rooms;
using Consult.Server.Ui;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Consult.Server.Components.Pages.Rooms;

namespace Consult.Server.Tests.Ui;

/// <summary>The seat card as a person sees it, rendered with bUnit in both languages.</summary>
public sealed class SeatCardTests : ComponentTests
{
    /// <summary>The card as the board writes it (markup in the board's render tree, not a component of its own).</summary>
    private global::Bunit.IRenderedComponent<global::Bunit.Rendering.ContainerFragment> Card(SeatView seat, string name) =>
        Bunit.Render(SeatCard.Render(seat, name, DateTimeOffset.UtcNow, null, [], false,
            Bunit.Services.GetRequiredService<IStringLocalizer<SharedResource>>(), Bunit.Services.GetRequiredService<ConsultCalendar>()));

    [Fact]
    public void AConditionalApprovalShowsAmberItsConditionsWhoIsPresentAndTheOnBehalfMark()
    {
        var seat = SeatStyleTests.Seat("traffic-police", SeatRole.Required, DecisionOutcome.ApproveWithConditions, present: true, conditions: ["设置警示标志", "专人指挥"]);
        seat = seat with { Decision = seat.Decision! with { OnBehalf = true, Revision = 2 } };
        using var culture = Culture("zh-CN");

        var card = Card(seat, "公安交警");

        Assert.Equal("status-conditions", card.Find("[data-testid=seat-traffic-police]").GetAttribute("data-status"));
        Assert.Equal("附条件同意", card.Find("[data-testid=seat-label]").TextContent.Trim());
        Assert.Equal(["设置警示标志", "专人指挥"], card.FindAll("ol li").Select(li => li.TextContent.Trim()));
        Assert.Contains("窗口代录", card.Markup);
        // Who is present, by name.
        Assert.Equal("公安交警 刘洋", card.Find("[data-testid=present-people]").TextContent.Trim());
        // Presence is said as presence: no camera icon while there is no call.
        Assert.Equal("在线（正在查看会商）", card.Find(".mud-chip-color-info").GetAttribute("title"));
        Assert.DoesNotContain(MudBlazor.Icons.Material.Filled.Videocam, card.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInvitedSeatReadsInEnglishWhenEnglishIsChosen()
    {
        using var culture = Culture("en");
        var card = Card(SeatStyleTests.Seat("housing", SeatRole.Advisory, null), "Housing");

        Assert.Equal("status-invited", card.Find("[data-testid=seat-housing]").GetAttribute("data-status"));
        Assert.Equal("Invited", card.Find("[data-testid=seat-label]").TextContent.Trim());
        Assert.Contains("Advisory", card.Markup);
        Assert.Contains("Not connected", card.Markup);
    }

    [Theory]
    [InlineData("zh-CN", "公安交警 刘洋", "traffic-police", "公安交警 刘洋")]
    [InlineData("en", "公安交警 刘洋", "traffic-police", "公安交警 刘洋")]
    // A decision stored before names were recorded shows its user name, as it was shown then.
    [InlineData("zh-CN", null, "traffic-police", "traffic-police")]
    // A deemed consent is the system's, in the reader's language.
    [InlineData("zh-CN", null, "system", "系统")]
    [InlineData("en", null, "system", "System")]
    public void TheDeciderIsShownByTheNameRecordedWithTheDecision(string culture, string? recordedName, string decidedBy, string shown)
    {
        using var _ = Culture(culture);
        var seat = SeatStyleTests.Seat("traffic-police", SeatRole.Required, DecisionOutcome.Approve);
        seat = seat with { Decision = seat.Decision! with { DecidedBy = decidedBy, DecidedByName = recordedName } };

        var card = Card(seat, "公安交警");

        Assert.Equal(shown, card.Find("[data-testid=person-name]").TextContent.Trim());
    }
}
