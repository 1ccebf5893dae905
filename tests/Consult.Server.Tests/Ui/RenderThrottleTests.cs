using Consult.Server.Ui;
using Microsoft.Extensions.Time.Testing;

namespace Consult.Server.Tests.Ui;

/// <summary>A board under a burst of events: one render per gap, none lost, none after the page closed.</summary>
public sealed class RenderThrottleTests
{
    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(100);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private int _renders;
    private readonly RenderThrottle _throttle;

    public RenderThrottleTests() =>
        _throttle = new RenderThrottle(_time, Gap, action => { action(); return Task.CompletedTask; }, () =>
        {
            _renders++;
            _throttle!.Rendered();
        });

    [Fact]
    public void AnEventAfterAQuietSpellRendersAtOnce()
    {
        _throttle.Request();
        Assert.Equal(1, _renders);

        _time.Advance(TimeSpan.FromSeconds(5));
        _throttle.Request();
        Assert.Equal(2, _renders);
    }

    [Fact]
    public void ABurstWithinTheGapBecomesOneRenderAtItsEnd()
    {
        _throttle.Request();
        _time.Advance(TimeSpan.FromMilliseconds(30));
        _throttle.Request();
        _throttle.Request();
        _time.Advance(TimeSpan.FromMilliseconds(30));
        _throttle.Request();
        Assert.Equal(1, _renders);

        _time.Advance(TimeSpan.FromMilliseconds(39));
        Assert.Equal(1, _renders);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, _renders);

        // The burst goes on: the next render is a gap after that one, not at once.
        _throttle.Request();
        Assert.Equal(2, _renders);
        _time.Advance(Gap);
        Assert.Equal(3, _renders);
    }

    [Fact]
    public void ARenderForAnotherReasonStartsTheGapAgainAndAClosedPageIsNotRendered()
    {
        _throttle.Rendered();   // the clock's render, say
        _throttle.Request();
        Assert.Equal(0, _renders);

        _throttle.Dispose();
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, _renders);
    }
}
