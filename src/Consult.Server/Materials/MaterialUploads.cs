using Consult.Cases;
using Consult.Common;

namespace Consult.Server.Materials;

/// <summary>
/// Reads uploaded files from a multipart request into the content-addressed store, with the same
/// limits for the window's uploads and the applicant's supplement: a file name, not empty, at most
/// <c>Consult:Materials:MaxBytes</c>; the applicant's also of a type a browser shows safely.
/// </summary>
public static class MaterialUploads
{
    public static async Task<IFormCollection> ReadForm(HttpContext http)
    {
        if (!http.Request.HasFormContentType)
            throw ConsultException.InvalidInput("Send the material as multipart/form-data.");
        try
        {
            return await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (InvalidDataException e)
        {
            throw ConsultException.InvalidInput($"The multipart body cannot be read: {e.Message}");
        }
        catch (IOException) when (!http.RequestAborted.IsCancellationRequested)
        {
            // A body that ends before its closing boundary (a truncated upload).
            throw ConsultException.InvalidInput("The multipart body ended before it was complete; send the file again.");
        }
    }

    /// <summary>Checks a file before anything is stored; answers its file name.</summary>
    public static string Check(string? fileName, long length, string? contentType, long maxBytes, bool documentsOnly)
    {
        var name = Path.GetFileName(fileName ?? "");
        TextRules.Require(name, "file name", 200);
        if (length == 0)
            throw ConsultException.InvalidInput($"The file '{name}' is empty.");
        if (length > maxBytes)
            throw ConsultException.InvalidInput($"A material is at most {maxBytes} bytes; '{name}' has {length}.");
        if (documentsOnly && !MaterialContentTypes.IsAccepted(contentType))
            throw ConsultException.InvalidInput($"'{name}' is of type '{contentType}': send a PDF, OFD, picture or office document.");
        return name;
    }

    /// <summary>Stores the content and describes it; <paramref name="name"/> is the material it is for, else the file name.</summary>
    public static async Task<MaterialInfo> Save(Stream content, string fileName, string? name, string? contentType, FileMaterialStore store,
        long maxBytes, string uploadedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (sha, size) = await store.Save(content, maxBytes, cancellationToken);
        var material = string.IsNullOrWhiteSpace(name) ? fileName : name.Trim();
        TextRules.Require(material, "name", 200);
        return new MaterialInfo(material, size, sha, string.IsNullOrEmpty(contentType) ? MaterialContentTypes.Fallback : contentType,
            uploadedBy, now, FileName: fileName);
    }

    /// <summary>One file of a form (a task's photo): checked, stored, and named by its file name.</summary>
    public static async Task<MaterialInfo> Save(IFormFile file, Actor actor, FileMaterialStore store, long maxBytes, TimeProvider time, CancellationToken cancellationToken)
    {
        var fileName = Check(file.FileName, file.Length, file.ContentType, maxBytes, documentsOnly: false);
        await using var content = file.OpenReadStream();
        return await Save(content, fileName, null, file.ContentType, store, maxBytes, actor.UserName, time.GetUtcNow(), cancellationToken);
    }
}
