using System.Runtime.InteropServices;
using Consult.Server.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Consult.Server.Tests.Hardening;

/// <summary>The C library's heap: read for the diagnostics, and what it keeps free handed back to the system on a period.</summary>
public sealed class NativeHeapTests
{
    [Fact]
    public void ATrimHandsWhatTheHeapKeepsFreeBackToTheSystem()
    {
        Assert.True(OperatingSystem.IsLinux(), "The server runs on Linux with glibc.");
        // 96 MB in blocks of 512 bytes, then one more that stays, so that the freed ones lie below
        // it: the heap cannot give them back by shrinking its top, only a trim can.
        var blocks = new nint[192 * 1024];
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(512);
            Marshal.WriteByte(blocks[i], 255, 1);
        }

        var fence = Marshal.AllocHGlobal(512);
        try
        {
            var inUse = NativeHeap.Read()!.Value.InUseBytes;
            foreach (var block in blocks)
                Marshal.FreeHGlobal(block);
            var freed = NativeHeap.Read()!.Value;
            Assert.True(inUse - freed.InUseBytes > 90L << 20, $"in use {inUse} → {freed.InUseBytes}");
            Assert.True(freed.FreeBytes > 90L << 20, $"kept free {freed.FreeBytes}");

            var before = RssAnonymous();
            Assert.True(NativeHeap.Trim());
            var after = RssAnonymous();
            Assert.True(before - after > 64L << 20, $"anonymous RSS {before >> 20} → {after >> 20} MB");
        }
        finally
        {
            Marshal.FreeHGlobal(fence);
        }
    }

    [Fact]
    public async Task TheTrimmerTrimsOnItsPeriodAndNotWhenTurnedOff()
    {
        var time = new FakeTimeProvider();
        using var trimmer = Trimmer("30", time);
        await trimmer.StartAsync(CancellationToken.None);
        Assert.Equal(0, trimmer.Trims);
        time.Advance(TimeSpan.FromSeconds(30));
        await Eventually(() => trimmer.Trims == 1);
        time.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(50);
        Assert.Equal(1, trimmer.Trims);
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually(() => trimmer.Trims == 2);
        await trimmer.StopAsync(CancellationToken.None);

        using var off = Trimmer("0", time);
        await off.StartAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(10));
        await Task.Delay(100);
        Assert.Equal(0, off.Trims);

        Assert.Throws<InvalidOperationException>(() => Trimmer("-1", time));
    }

    private static NativeHeapTrimmer Trimmer(string seconds, TimeProvider time) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [NativeHeapTrimmer.Setting] = seconds }).Build(),
            time, NullLogger<NativeHeapTrimmer>.Instance);

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
            await Task.Delay(10);
        Assert.True(condition());
    }

    private static long RssAnonymous() =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("RssAnon:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
}
