using System.Collections;
using System.Diagnostics;

namespace Consult.Server.Tests.Telemetry;

/// <summary>The spans an in-memory exporter hands over, safe to read while the server adds to it.</summary>
public sealed class SpanLog : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
                return _spans.Count;
        }
    }

    public bool IsReadOnly => false;

    /// <summary>The spans of one trace so far.</summary>
    public IReadOnlyList<Activity> Of(ActivityTraceId traceId)
    {
        lock (_lock)
            return [.. _spans.Where(s => s.TraceId == traceId)];
    }

    public IReadOnlyList<Activity> All()
    {
        lock (_lock)
            return [.. _spans];
    }

    public void Add(Activity item)
    {
        lock (_lock)
            _spans.Add(item);
    }

    public void Clear()
    {
        lock (_lock)
            _spans.Clear();
    }

    public bool Contains(Activity item)
    {
        lock (_lock)
            return _spans.Contains(item);
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_lock)
            _spans.CopyTo(array, arrayIndex);
    }

    public bool Remove(Activity item)
    {
        lock (_lock)
            return _spans.Remove(item);
    }

    public IEnumerator<Activity> GetEnumerator() => All().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
