using System.Security.Cryptography;
using Consult.Server.Hosting;

namespace Consult.Server.Materials;

/// <summary>
/// Materials as content-addressed files: <c>materials/ab/abcdef…</c> named by their SHA-256, so a
/// file submitted once is stored once, and a stored file is never rewritten. Safe on a folder that
/// several nodes share: each writes under a unique temporary name and renames it into place.
/// Durable before it is acknowledged: the bytes are fsynced before the rename and the folder after
/// it. A file is checked against its name when it is read: one that does not match (cut short, or
/// damaged on the disk) is never served as the material; it is set aside, and the same bytes sent
/// again take its place.
/// </summary>
public sealed partial class FileMaterialStore
{
    /// <summary>Temporary files older than this in <c>incoming/</c> are from an upload that never finished (a crash, a cut).</summary>
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    private readonly string _root;
    private readonly ILogger _logger;

    public FileMaterialStore(string root, ILogger<FileMaterialStore>? logger = null)
    {
        _root = root;
        _logger = logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        SweepIncoming();
    }

    public async Task<(string Sha256, long Size)> Save(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var incoming = Path.Combine(_root, "incoming");
        DurableFiles.EnsureFolder(_root);
        DurableFiles.EnsureFolder(incoming);
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
            DurableFiles.EnsureFolder(Path.GetDirectoryName(target)!);
            if (File.Exists(target) && !await IsIntact(target, sha, cancellationToken))
                SetAside(target, sha);
            if (!File.Exists(target))
            {
                try
                {
                    DurableFiles.MoveIntoPlace(temp, target, overwrite: false);
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

    /// <summary>
    /// The material's bytes, once they are checked against their SHA-256; null when there is no
    /// intact file for it (never stored, or damaged: then it is set aside and a warning logged).
    /// </summary>
    public async Task<Stream?> Open(string sha256, CancellationToken cancellationToken = default)
    {
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
            return null;
        var sha = sha256.ToLowerInvariant();
        var path = PathFor(sha);
        if (!File.Exists(path))
            return null;
        if (await IsIntact(path, sha, cancellationToken))
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        SetAside(path, sha);
        return null;
    }

    private static async Task<bool> IsIntact(string path, string sha, CancellationToken cancellationToken)
    {
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
            return actual == sha;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    private void SetAside(string path, string sha)
    {
        var aside = $"{path}.damaged-{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        try
        {
            File.Move(path, aside);
            LogDamaged(_logger, sha, aside);
        }
        catch (IOException)
        {
            // Another request (or node) set it aside first.
        }
    }

    private void SweepIncoming()
    {
        var incoming = new DirectoryInfo(Path.Combine(_root, "incoming"));
        if (!incoming.Exists)
            return;
        foreach (var file in incoming.EnumerateFiles().Where(f => f.LastWriteTimeUtc < DateTime.UtcNow - AbandonedAfter))
        {
            try
            {
                file.Delete();
            }
            catch (IOException)
            {
                // Another node swept it.
            }
        }
    }

    private string PathFor(string sha) => Path.Combine(_root, sha[..2], sha);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Material file {Sha256} does not match its hash (damaged, or cut short); set aside as {Aside}. Sending the same file again restores it")]
    private static partial void LogDamaged(ILogger logger, string sha256, string aside);
}
