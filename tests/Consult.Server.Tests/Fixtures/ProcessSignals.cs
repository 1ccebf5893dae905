using System.Diagnostics;

namespace Consult.Server.Tests.Fixtures;

/// <summary>POSIX signals to a child process, through <c>kill</c> (SIGSTOP freezes it, SIGCONT resumes it).</summary>
public static class ProcessSignals
{
    public static async Task Send(int processId, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", processId.ToString()]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start.");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
            throw new InvalidOperationException($"kill -{signal} {processId} failed with {kill.ExitCode}.");
    }
}
