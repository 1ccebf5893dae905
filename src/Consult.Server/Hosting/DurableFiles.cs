using System.Runtime.InteropServices;

namespace Consult.Server.Hosting;

/// <summary>
/// How Consult makes a file it writes durable before it says so: the content is fsynced before the
/// file is renamed into place, and the folder is fsynced after the rename (on Linux a directory
/// entry reaches the disk only when its folder is fsynced). Used for the data-protection keys and
/// the materials; SQLite does the same for its own files (WAL, <c>synchronous=FULL</c>).
/// </summary>
public static partial class DurableFiles
{
    /// <summary>Renames <paramref name="temporary"/> (already fsynced) to <paramref name="target"/> and fsyncs the target's folder.</summary>
    public static void MoveIntoPlace(string temporary, string target, bool overwrite)
    {
        File.Move(temporary, target, overwrite);
        SyncFolder(Path.GetDirectoryName(Path.GetFullPath(target))!);
    }

    /// <summary>
    /// Creates <paramref name="folder"/> when missing, and then fsyncs its parent, so that a folder
    /// made just before a file is moved into it survives a power cut with the file.
    /// </summary>
    public static void EnsureFolder(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (Directory.Exists(full))
            return;
        Directory.CreateDirectory(full);
        if (Path.GetDirectoryName(full) is { } parent)
            SyncFolder(parent);
    }

    /// <summary>fsync on a folder (Linux only; elsewhere the rename is as durable as the platform makes it).</summary>
    public static void SyncFolder(string path)
    {
        if (!OperatingSystem.IsLinux())
            return;
        var fd = Native.Open(path, 0 /* O_RDONLY */);
        if (fd < 0)
            throw new IOException($"Cannot open folder {path} to fsync it (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (Native.Fsync(fd) != 0)
                throw new IOException($"fsync of folder {path} failed (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            Native.Close(fd);
        }
    }

    private static partial class Native
    {
        [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int Open(string path, int flags);

        [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
        internal static partial int Fsync(int fd);

        [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
        internal static partial int Close(int fd);
    }
}
