using System.Diagnostics.Metrics;
using Consult.Rooms;
using Consult.Rooms.Events;
using Consult.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Consult.Grains.Tests.Telemetry;

/// <summary>What <see cref="ConsultMetrics"/> records, read through a listener on its own meter only.</summary>
public sealed class ConsultMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().AddSingleton<ConsultMetrics>().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = [];

    public ConsultMetricsTests()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Meter.Name == ConsultMetrics.MeterName)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        _listener.Start();
    }

    private ConsultMetrics Metrics => _services.GetRequiredService<ConsultMetrics>();

    [Fact]
    public void PersistedDecisionsAreCountedByOutcomeAndCardsByLevel()
    {
        var room = Guid.NewGuid();
        Metrics.Persisted(
        [
            Event(room, 1, RoomEventTypes.DecisionCast, """{"department":"housing","outcome":"reject"}"""),
            Event(room, 2, RoomEventTypes.MessagePosted, """{"text":"好"}"""),
            Event(room, 3, RoomEventTypes.DecisionCast, """{"department":"tax","outcome":"approveWithConditions"}"""),
            Event(room, 4, RoomEventTypes.DecisionCast, """{"department":"tax","outcome":"deemedConsent"}"""),
            Event(room, 5, RoomEventTypes.CardIssued, RoomEventPayloads.Write(new CardIssued("tax", CardLevel.Red, "超时"))),
        ]);

        Assert.Equal(["approveWithConditions", "deemedConsent", "reject"],
            _measurements.Where(m => m.Instrument == "consult.decisions.cast").Select(m => (string)m.Tags["outcome"]!).Order());
        Assert.Equal(["red"], _measurements.Where(m => m.Instrument == "consult.cards.issued").Select(m => (string)m.Tags["level"]!));
    }

    [Fact]
    public void NotificationsAreCountedByChannelAndOutcome()
    {
        Metrics.NotificationSent("sms");
        Metrics.NotificationFailed("webhook");
        Metrics.NotificationFailed("webhook");

        Assert.Equal(["sms"], _measurements.Where(m => m.Instrument == "consult.notifications.sent").Select(m => (string)m.Tags["channel"]!));
        Assert.Equal(2, _measurements.Count(m => m.Instrument == "consult.notifications.failed" && (string)m.Tags["channel"]! == "webhook"));
    }

    [Fact]
    public async Task TheBacklogSumsTheTrackedOutboxesUntilTheirGrainsDeactivate()
    {
        var first = new TaskCompletionSource();
        var second = new TaskCompletionSource();
        Metrics.TrackOutbox(new object(), () => 2, first.Task);
        Metrics.TrackOutbox(new object(), () => 3, second.Task);
        Assert.Equal(5, Gauge("consult.outbox.backlog"));

        first.SetResult();
        await Task.Yield();
        Assert.Equal(3, Gauge("consult.outbox.backlog"));
    }

    [Fact]
    public void TheRoomsGaugesSayNothingUntilTheFirstRefreshAndAskForOneWhenRead()
    {
        Assert.False(Metrics.TakeRoomsCollected());
        Assert.Null(Gauge("consult.rooms.open"));
        Assert.True(Metrics.TakeRoomsCollected());
        Assert.False(Metrics.TakeRoomsCollected());

        Metrics.SetRooms(open: 7, overdue: 2);

        Assert.Equal(7, Gauge("consult.rooms.open"));
        Assert.Equal(2, Gauge("consult.rooms.overdue"));
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private double? Gauge(string name)
    {
        _measurements.Clear();
        _listener.RecordObservableInstruments();
        return _measurements.Where(m => m.Instrument == name).Select(m => (double?)m.Value).SingleOrDefault();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measurements.Add((instrument.Name, value, new Dictionary<string, object?>(tags.ToArray())));

    private static RoomEvent Event(Guid room, long seq, string type, string payload) =>
        new(room, seq, DateTimeOffset.UnixEpoch, "someone", type, payload);
}
