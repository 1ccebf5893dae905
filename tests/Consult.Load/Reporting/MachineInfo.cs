using System.Runtime.InteropServices;

namespace Consult.Load.Reporting;

public static class MachineInfo
{
    /// <summary>One line: CPU model, cores, memory, OS and runtime.</summary>
    public static string Describe()
    {
        var cpu = ReadField("/proc/cpuinfo", "model name") ?? "unknown CPU";
        var memoryKb = ReadField("/proc/meminfo", "MemTotal")?.Split(' ')[0];
        var memory = long.TryParse(memoryKb, out var kb) ? $"{kb / 1024.0 / 1024.0:F1} GiB" : "unknown memory";
        return $"{cpu}, {Environment.ProcessorCount} logical cores, {memory}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    private static string? ReadField(string file, string name)
    {
        if (!File.Exists(file))
            return null;
        foreach (var line in File.ReadLines(file))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && line.IndexOf(':') is var colon and > 0)
                return line[(colon + 1)..].Trim();
        }

        return null;
    }
}
