using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;

/// <summary>An event's stack as method names, and the tables the readers print.</summary>
internal static class Stacks
{
    public static List<string> Frames(TraceEvent e)
    {
        var frames = new List<string>();
        for (var frame = e.CallStack(); frame != null; frame = frame.Caller)
        {
            var method = frame.CodeAddress.FullMethodName;
            frames.Add(string.IsNullOrEmpty(method) ? frame.CodeAddress.ModuleName + "!?" : Short(method));
        }

        return frames;
    }

    public static string FirstConsult(List<string> frames) => frames.FirstOrDefault(f => f.StartsWith("Consult", StringComparison.Ordinal)) ?? "(none)";

    public static string Key(string type, List<string> frames, int depth) => type + " <= " + string.Join(" <= ", frames.Take(depth));

    public static void Add(Dictionary<string, long> table, string key, long amount) => table[key] = table.GetValueOrDefault(key) + amount;

    public static void Print(string title, Dictionary<string, long> table, long total, int rows)
    {
        Console.WriteLine($"\n== {title}");
        foreach (var (key, value) in table.OrderByDescending(p => p.Value).Take(rows))
            Console.WriteLine($"{100.0 * value / Math.Max(1, total),5:F1}%  {key}");
    }

    private static string Short(string method)
    {
        var open = method.IndexOf('(', StringComparison.Ordinal);
        return open > 0 ? method[..open] : method;
    }
}
