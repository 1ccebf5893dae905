using Microsoft.Extensions.Options;
using PdfSharp.Fonts;

namespace Consult.Server.Records;

/// <summary>
/// The CJK font the joint record's PDF is written in: <c>Consult:Records:FontPath</c>, or the first
/// usual Debian path that holds a usable one. A configured font that cannot be used stops the
/// server at start-up (<see cref="RecordOptionsValidator"/>); with none configured and none found,
/// the server runs, says so at start-up, and the PDF is refused with the same words.
/// </summary>
public sealed class RecordFont
{
    public static readonly IReadOnlyList<string> DebianPaths =
    [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
        "/usr/share/fonts/truetype/arphic/ukai.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    ];

    public RecordFont(IOptions<RecordOptions> options, ILogger<RecordFont> logger)
    {
        var configured = options.Value.FontPath;
        var candidates = string.IsNullOrWhiteSpace(configured) ? DebianPaths : [configured];
        foreach (var path in candidates.Where(File.Exists))
        {
            if (TrueTypeFont.Read(path, out _) is not null)
            {
                Path = path;
                break;
            }
        }

        if (Path is null)
        {
            logger.LogWarning("{Problem}", Missing);
        }
        else
        {
            PathFontResolver.Install();
            logger.LogInformation("The joint record's PDF is written in {Font}", Path);
        }
    }

    /// <summary>The font file in use; null when none was found.</summary>
    public string? Path { get; }

    /// <summary>The family name PDFsharp asks <see cref="PathFontResolver"/> for: it carries the path.</summary>
    public string FamilyName => PathFontResolver.FamilyName(Path ?? throw new InvalidOperationException(Missing));

    public static string Missing =>
        $"No CJK TrueType font for the joint record's PDF: install fonts-wqy-microhei (or one of {string.Join(", ", DebianPaths)}) or set {RecordOptions.Section}:FontPath.";
}

/// <summary>
/// PDFsharp's font resolver is one per process (<see cref="GlobalFontSettings.FontResolver"/>), so
/// this one holds nothing: the family name is the font's path, and the same name always gives the
/// same font, whichever host in the process asks.
/// </summary>
public sealed class PathFontResolver : IFontResolver
{
    private const string Prefix = "consult-record:";
    private static readonly Lock Installing = new();

    public static string FamilyName(string path) => Prefix + path;

    public static void Install()
    {
        lock (Installing)
        {
            if (GlobalFontSettings.FontResolver is not PathFontResolver)
                GlobalFontSettings.FontResolver = new PathFontResolver();
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        familyName.StartsWith(Prefix, StringComparison.Ordinal) ? new FontResolverInfo(familyName, bold, italic) : null;

    public byte[]? GetFont(string faceName) =>
        faceName.StartsWith(Prefix, StringComparison.Ordinal) ? TrueTypeFont.Read(faceName[Prefix.Length..], out _) : null;
}
