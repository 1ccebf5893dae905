using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Reminders.Diagnostics;

namespace Consult.Server.Hosting;

/// <summary>
/// Not ready until this node's reminder service has read its range of the reminder table. Until
/// then every command that arms a clock (a new case, a room with a deadline) waits for it and is
/// refused with 503 after 20 s; a node that a load balancer sends traffic to must not do that.
/// The service says it has started through Orleans' <c>ReminderServiceStarted</c> diagnostic
/// event, which this listens for from before the silo's grain services start.
/// </summary>
public sealed class ReminderServiceReadiness(ILocalSiloDetails silo) : ILifecycleParticipant<ISiloLifecycle>, IHealthCheck, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<IDisposable> _subscriptions = [];
    private volatile bool _started;

    void ILifecycleParticipant<ISiloLifecycle>.Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ReminderServiceReadiness), ServiceLifecycleStage.RuntimeInitialize, _ => Listen());

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_started
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("the reminder service is reading its range"));

    private Task Listen()
    {
        var all = DiagnosticListener.AllListeners.Subscribe(this);
        lock (_gate)
            _subscriptions.Add(all);
        return Task.CompletedTask;
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name != ReminderEvents.ListenerName || _started)
            return;
        // Only the one event: the others (every reminder registered or fired) stay disabled.
        var subscription = listener.Subscribe(this, name => name == nameof(ReminderEvents.ReminderServiceStarted));
        lock (_gate)
            _subscriptions.Add(subscription);
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        // Several silos share a process in tests: only this node's service counts.
        if (value.Value is ReminderEvents.ReminderServiceStarted started && started.SiloAddress == silo.SiloAddress)
        {
            _started = true;
            Dispose();
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted() { }

    void IObserver<DiagnosticListener>.OnError(Exception error) { }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }

    public void Dispose()
    {
        IDisposable[] subscriptions;
        lock (_gate)
        {
            subscriptions = [.. _subscriptions];
            _subscriptions.Clear();
        }
        foreach (var subscription in subscriptions)
            subscription.Dispose();
    }
}
