using System.Security.Cryptography;
using Consult.Server.Materials;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Durability;

/// <summary>
/// Materials are content-addressed: a file that does not hash to its name (cut short by a power
/// cut, damaged on the disk) is never served as the material, and the same bytes sent again
/// restore it.
/// </summary>
public sealed class MaterialStoreTests : IDisposable
{
    private readonly string _folder = TempFolder.New("consult-materials");

    [Fact]
    public async Task AFileCutShortIsNotServedAndIsSetAside()
    {
        var store = new FileMaterialStore(_folder);
        var bytes = RandomNumberGenerator.GetBytes(200_000);
        var (sha, size) = await store.Save(new MemoryStream(bytes), 1_000_000, CancellationToken.None);
        Assert.Equal(bytes.Length, size);
        var path = Path.Combine(_folder, sha[..2], sha);
        await File.WriteAllBytesAsync(path, bytes[..4096]);

        Assert.Null(await store.Open(sha));
        Assert.False(File.Exists(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!, sha + ".damaged-*"));
    }

    [Fact]
    public async Task TheSameBytesSentAgainRestoreADamagedFile()
    {
        var store = new FileMaterialStore(_folder);
        var bytes = RandomNumberGenerator.GetBytes(100_000);
        var (sha, _) = await store.Save(new MemoryStream(bytes), 1_000_000, CancellationToken.None);
        var path = Path.Combine(_folder, sha[..2], sha);
        // Damaged in place (same length, one byte changed): a size check alone would not see it.
        var damaged = bytes.ToArray();
        damaged[50_000] ^= 0xFF;
        await File.WriteAllBytesAsync(path, damaged);

        var (again, _) = await store.Save(new MemoryStream(bytes), 1_000_000, CancellationToken.None);

        Assert.Equal(sha, again);
        await using var served = await store.Open(sha);
        Assert.NotNull(served);
        var read = new MemoryStream();
        await served.CopyToAsync(read);
        Assert.Equal(bytes, read.ToArray());
    }

    [Fact]
    public async Task AnIntactFileIsServedAndAnUnknownOneIsNot()
    {
        var store = new FileMaterialStore(_folder);
        var bytes = RandomNumberGenerator.GetBytes(10_000);
        var (sha, _) = await store.Save(new MemoryStream(bytes), 1_000_000, CancellationToken.None);

        await using (var served = await store.Open(sha.ToUpperInvariant()))
            Assert.NotNull(served);
        Assert.Null(await store.Open(new string('a', 64)));
        Assert.Null(await store.Open("../../etc/passwd"));
        Assert.Empty(Directory.GetFiles(Path.Combine(_folder, "incoming")));
    }

    public void Dispose() => TempFolder.Delete(_folder);
}
