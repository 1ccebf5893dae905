namespace Consult.Server.Materials;

/// <summary>
/// The content type a material is served with: the uploader's type only when it is one a browser
/// shows without running anything (documents, pictures, plain text); HTML, SVG, scripts and the rest
/// go out as <c>application/octet-stream</c>, always as a download and with <c>nosniff</c>.
/// </summary>
public static class MaterialContentTypes
{
    public const string Fallback = "application/octet-stream";

    private static readonly HashSet<string> Allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/pdf",
        "application/ofd",
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "image/tiff",
        "text/plain",
        "text/csv",
        "application/zip",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "image/vnd.dwg",
        "application/acad",
    };

    /// <summary>Whether an upload declared as <paramref name="declared"/> is a document or picture this site takes from the public.</summary>
    public static bool IsAccepted(string? declared) => Allowed.Contains(declared?.Split(';', 2)[0].Trim() ?? "");

    public static string ForServing(string? declared)
    {
        var type = declared?.Split(';', 2)[0].Trim() ?? "";
        return Allowed.Contains(type) ? type.ToLowerInvariant() : Fallback;
    }
}
