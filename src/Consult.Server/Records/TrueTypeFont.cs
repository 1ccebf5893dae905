using System.Buffers.Binary;

namespace Consult.Server.Records;

/// <summary>
/// Reads a TrueType font file for PDFsharp, which embeds a single font with TrueType outlines:
/// a collection (<c>.ttc</c>, as Debian ships WenQuanYi) gives its first face as a font file of
/// its own; a font with PostScript (CFF) outlines is refused, with a reason.
/// </summary>
public static class TrueTypeFont
{
    private const uint CollectionTag = 0x74746366; // "ttcf"
    private const uint GlyfTag = 0x676C7966; // "glyf"

    /// <summary>The font's bytes, or null with <paramref name="problem"/> saying why it cannot be used.</summary>
    public static byte[]? Read(string path, out string? problem)
    {
        problem = null;
        try
        {
            var bytes = File.ReadAllBytes(path);
            var font = bytes.Length >= 12 && BinaryPrimitives.ReadUInt32BigEndian(bytes) == CollectionTag ? FirstFace(bytes) : bytes;
            if (!HasTable(font, GlyfTag))
            {
                problem = $"'{path}' has no TrueType outlines (glyf table); PDFsharp embeds TrueType fonts only.";
                return null;
            }

            return font;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            problem = $"'{path}' cannot be read as a font: {e.Message}";
            return null;
        }
    }

    /// <summary>The first face of a collection as a font file: its table directory with the tables copied after it.</summary>
    private static byte[] FirstFace(byte[] collection)
    {
        var face = (int)BinaryPrimitives.ReadUInt32BigEndian(collection.AsSpan(12));
        var tableCount = BinaryPrimitives.ReadUInt16BigEndian(collection.AsSpan(face + 4));
        var header = 12 + (16 * tableCount);
        var tables = new (int Offset, int Length)[tableCount];
        var size = header;
        for (var t = 0; t < tableCount; t++)
        {
            var entry = collection.AsSpan(face + 12 + (16 * t));
            tables[t] = ((int)BinaryPrimitives.ReadUInt32BigEndian(entry[8..]), (int)BinaryPrimitives.ReadUInt32BigEndian(entry[12..]));
            size += Padded(tables[t].Length);
        }

        var font = new byte[size];
        collection.AsSpan(face, header).CopyTo(font);
        var at = header;
        for (var t = 0; t < tableCount; t++)
        {
            collection.AsSpan(tables[t].Offset, tables[t].Length).CopyTo(font.AsSpan(at));
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(12 + (16 * t) + 8), (uint)at);
            at += Padded(tables[t].Length);
        }

        return font;
    }

    private static bool HasTable(byte[] font, uint tag)
    {
        var tableCount = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        for (var t = 0; t < tableCount; t++)
        {
            if (BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(12 + (16 * t))) == tag)
                return true;
        }

        return false;
    }

    // Tables start on 4-byte boundaries.
    private static int Padded(int length) => (length + 3) & ~3;
}
