using Consult.Cases;
using Consult.Common;

namespace Consult.Server.Materials;

/// <summary>Reading a multipart upload and keeping its file in the material store, with the limits every upload route shares.</summary>
public static class MaterialUploads
{
    public static async Task<IFormCollection> ReadForm(HttpContext http)
    {
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

    /// <summary>Stores <paramref name="file"/> (content-addressed) and describes it; <c>invalid_input</c> for a nameless, empty or too large file.</summary>
    public static async Task<MaterialInfo> Save(IFormFile file, Actor actor, FileMaterialStore store, long maxBytes, TimeProvider time, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(file.FileName);
        TextRules.Require(name, "file name", 200);
        if (file.Length == 0)
            throw ConsultException.InvalidInput("The file is empty.");
        if (file.Length > maxBytes)
            throw ConsultException.InvalidInput($"A material is at most {maxBytes} bytes.");
        await using var content = file.OpenReadStream();
        var (sha, size) = await store.Save(content, maxBytes, cancellationToken);
        return new MaterialInfo(name, size, sha, string.IsNullOrEmpty(file.ContentType) ? "application/octet-stream" : file.ContentType, actor.UserName, time.GetUtcNow());
    }
}
