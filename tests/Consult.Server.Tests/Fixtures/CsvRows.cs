using System.Text;
using CsvHelper;

namespace Consult.Server.Tests.Fixtures;

/// <summary>A CSV download as a spreadsheet program reads it: the BOM checked, then the rows by header name.</summary>
public static class CsvRows
{
    public static List<Dictionary<string, string>> Read(byte[] csv)
    {
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), csv[..3]);
        using var reader = CsvReader.Create(csv, new CsvReaderOptions());
        reader.ReadHeader();
        var headers = reader.Headers.ToArray();
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
            rows.Add(headers.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => reader.GetString(x.i)));
        return rows;
    }
}
