using System.Diagnostics;

namespace Consult.PowerCut.Tests;

/// <summary>The machine's tools these tests need: LazyFS (built from <c>shared/tools/lazyfs</c>) and a few commands.</summary>
public static class Tools
{
    private static readonly SemaphoreSlim Building = new(1, 1);
    private static string? _binary;

    /// <summary>
    /// The LazyFS binary, built once by the tool's <c>build.sh</c> (Debian packages, about a
    /// minute the first time). The tool is found through <c>CONSULT_LAZYFS_TOOL</c> (its folder),
    /// or as <c>shared/tools/lazyfs</c> beside one of this repository's parent folders.
    /// </summary>
    public static async Task<string> LazyFsBinary()
    {
        await Building.WaitAsync();
        try
        {
            if (_binary is not null)
                return _binary;
            if (!OperatingSystem.IsLinux() || !File.Exists("/dev/fuse"))
                throw new InvalidOperationException("The power-cut tests need Linux with /dev/fuse (FUSE) and root, as CI has.");
            var tool = FindTool() ?? throw new InvalidOperationException(
                "LazyFS is not found: set CONSULT_LAZYFS_TOOL to the folder holding build.sh and power-cut.sh (shared/tools/lazyfs).");
            var output = Path.Combine(Path.GetTempPath(), "consult-lazyfs-build");
            var (code, text) = await Capture("bash", [Path.Combine(tool, "build.sh"), output]);
            var binary = text.Trim().Split('\n').LastOrDefault()?.Trim();
            if (code != 0 || binary is null || !File.Exists(binary))
                throw new InvalidOperationException($"LazyFS did not build (exit {code}):\n{text}");
            return _binary = binary;
        }
        finally
        {
            Building.Release();
        }
    }

    private static string? FindTool()
    {
        if (Environment.GetEnvironmentVariable("CONSULT_LAZYFS_TOOL") is { Length: > 0 } configured)
            return File.Exists(Path.Combine(configured, "build.sh")) ? configured : null;
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "shared", "tools", "lazyfs");
            if (File.Exists(Path.Combine(candidate, "build.sh")))
                return candidate;
        }

        return null;
    }

    public static async Task<int> Run(string file, IEnumerable<string> arguments) => (await Capture(file, arguments)).Code;

    public static async Task<(int Code, string Output)> Capture(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
