using System.Globalization;
using System.Text;
using Consult.Load.Measurement;

namespace Consult.Load.Reporting;

/// <summary>S9's report: every repetition, then the median of each layout at each table size and the ratio of the two.</summary>
public static class StorageLayoutReport
{
    public static string Write(string command, List<StorageLayoutRun.Figures> figures, DateTimeOffset startedAt, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## S9 the grain storage's table layout ({startedAt:yyyy-MM-dd HH:mm} UTC, {elapsed.TotalMinutes:F1} min)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"`{command}`; {MachineInfo.Describe()}");
        text.AppendLine();
        text.AppendLine("One connection, `e_sqlite3` (the server's build), WAL; states of 0.5–12 KB; a write is the storage's UPDATE of one random state committed alone with `synchronous=FULL`, a read its SELECT of one random state. µs per operation; CPU is this process's user and system time.");
        text.AppendLine();
        text.AppendLine("| states | layout | rep | operations | write p50 | write p99 | write CPU | read p50 | read p99 | read CPU | file MB |");
        text.AppendLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var f in figures)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {f.Rows:N0} | {f.Layout} | {f.Repetition} | {f.Operations} | {f.WriteP50Us:F0} | {f.WriteP99Us:F0} | {f.WriteCpuUs:F0} | {f.ReadP50Us:F0} | {f.ReadP99Us:F0} | {f.ReadCpuUs:F0} | {f.FileBytes / 1048576.0:F1} |");
        }

        text.AppendLine();
        text.AppendLine("Medians over the repetitions, and rowid ÷ WITHOUT ROWID (below 1: the rowid table is cheaper):");
        text.AppendLine();
        text.AppendLine("| states | write p50 | write CPU | read p50 | read CPU | write CPU ratio | read CPU ratio | read p50 ratio |");
        text.AppendLine("| ---: | --- | --- | --- | --- | ---: | ---: | ---: |");
        foreach (var scale in figures.GroupBy(f => f.Rows))
        {
            var before = scale.Where(f => f.Layout == StorageLayoutRun.WithoutRowid).ToList();
            var now = scale.Where(f => f.Layout == StorageLayoutRun.Rowid).ToList();
            double M(List<StorageLayoutRun.Figures> runs, Func<StorageLayoutRun.Figures, double> pick) => Median(runs.Select(pick));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {scale.Key:N0} | {M(before, f => f.WriteP50Us):F0} → {M(now, f => f.WriteP50Us):F0} | {M(before, f => f.WriteCpuUs):F0} → {M(now, f => f.WriteCpuUs):F0} " +
                $"| {M(before, f => f.ReadP50Us):F0} → {M(now, f => f.ReadP50Us):F0} | {M(before, f => f.ReadCpuUs):F0} → {M(now, f => f.ReadCpuUs):F0} " +
                $"| {M(now, f => f.WriteCpuUs) / M(before, f => f.WriteCpuUs):F2} | {M(now, f => f.ReadCpuUs) / M(before, f => f.ReadCpuUs):F2} | {M(now, f => f.ReadP50Us) / M(before, f => f.ReadP50Us):F2} |");
        }

        return text.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
