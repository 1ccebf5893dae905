using System.Security.Cryptography;

namespace Consult.Server.Materials;

/// <summary>
/// Materials as content-addressed files: <c>materials/ab/abcdef…</c> named by their SHA-256, so a
/// file submitted once is stored once, and a stored file is never rewritten. Safe on a folder that
/// several nodes share: each writes under a unique temporary name and renames it into place.
/// </summary>
public sealed class FileMaterialStore(string root)
{
    public async Task<(string Sha256, long Size)> Save(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var incoming = Path.Combine(root, "incoming");
        Directory.CreateDirectory(incoming);
        var temp = Path.Combine(incoming, Guid.NewGuid().ToString("N"));
        try
        {
            long size = 0;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > maxBytes)
                        throw Common.ConsultException.InvalidInput($"A material is at most {maxBytes} bytes.");
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }

            var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            var target = PathFor(sha);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (!File.Exists(target))
            {
                try
                {
                    File.Move(temp, target);
                }
                catch (IOException) when (File.Exists(target))
                {
                    // Another node (the folder is shared in Cluster mode) stored the same bytes meanwhile.
                }
            }

            return (sha, size);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    public Stream? Open(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
            return null;
        var path = PathFor(sha256.ToLowerInvariant());
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous) : null;
    }

    private string PathFor(string sha) => Path.Combine(root, sha[..2], sha);
}
