namespace Consult.Grains.Tests.Fixtures;

/// <summary>
/// A silo call filter that fails calls to the grain methods a test names (interface type and
/// method name), to stand for a receiver that is unreachable; off until a test turns it on.
/// </summary>
public sealed class DeliveryFaults : IIncomingGrainCallFilter
{
    private readonly Lock _lock = new();
    private readonly HashSet<(Type Interface, string Method)> _failing = [];
    private int _refused;

    /// <summary>Calls refused so far.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public IDisposable Fail<TGrain>(string method)
    {
        lock (_lock)
            _failing.Add((typeof(TGrain), method));
        return new Healing(() =>
        {
            lock (_lock)
                _failing.Remove((typeof(TGrain), method));
        });
    }

    public Task Invoke(IIncomingGrainCallContext context)
    {
        bool fail;
        lock (_lock)
            fail = _failing.Count > 0 && _failing.Contains((context.InterfaceMethod.DeclaringType!, context.InterfaceMethod.Name));
        if (fail)
        {
            Interlocked.Increment(ref _refused);
            throw new TimeoutException($"Injected fault: {context.InterfaceMethod.DeclaringType!.Name}.{context.InterfaceMethod.Name} is unreachable.");
        }

        return context.Invoke();
    }

    private sealed class Healing(Action heal) : IDisposable
    {
        public void Dispose() => heal();
    }
}
