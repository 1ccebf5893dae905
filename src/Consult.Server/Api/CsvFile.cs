using System.Globalization;
using CsvHelper;

namespace Consult.Server.Api;

/// <summary>
/// The CSV files Consult hands out: a header row, then one row per record; UTF-8 with a byte-order
/// mark so that Excel opens the Chinese text as such; text a spreadsheet would run as a formula
/// (a note starting with <c>=</c>) is escaped; times in ISO 8601 UTC.
/// </summary>
public static class CsvFile
{
    public static byte[] Write<T>(IReadOnlyList<string> header, IEnumerable<T> records, Func<T, string[]> row)
    {
        using var buffer = new MemoryStream();
        var options = new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape };
        using (var csv = CsvWriter.Create(buffer, options, leaveOpen: true))
        {
            csv.WriteHeader([.. header]);
            foreach (var record in records)
                csv.WriteRecord(row(record));
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The same file written to <paramref name="output"/> as the records come (a response body):
    /// the writer's buffer is flushed asynchronously whenever it is mostly full, so a file of any
    /// length is never held whole.
    /// </summary>
    public static async Task WriteAsync<T>(Stream output, IReadOnlyList<string> header, IAsyncEnumerable<T> records, Func<T, string[]> row, CancellationToken cancellationToken)
    {
        var options = new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape };
        await using var csv = CsvWriter.Create(output, options, leaveOpen: true);
        csv.WriteHeader([.. header]);
        await foreach (var record in records.WithCancellation(cancellationToken))
            await csv.WriteRecordAsync(row(record), cancellationToken);
        await csv.FlushAsync(cancellationToken);
    }

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
