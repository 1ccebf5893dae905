using Xunit.Abstractions;

namespace Consult.PowerCut.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PowerCutCollection
{
    /// <summary>One machine's power at a time: each run starts servers and a FUSE file system.</summary>
    public const string Name = "power cut";
}

/// <summary>
/// The real server (a child process) with its data folder on LazyFS, under concurrent load from
/// several clients (registrations, openings, decisions, messages, uploads), loses its power: frozen,
/// every unsynced write dropped, killed, and started again on the same folder. Then every
/// acknowledged write must be there unchanged, nothing half-done visible, the durable reminders
/// must deliver what the cut interrupted, and sign-in must work with nobody touching the folder.
/// </summary>
[Collection(PowerCutCollection.Name)]
public sealed class EmbeddedPowerCutTests(ITestOutputHelper output)
{
    [Fact]
    public async Task CutInTheMiddleOfTheLoad()
    {
        var result = await new PowerCutRun(output).Embedded("embedded, mid-load", new CutMoment.During(TimeSpan.FromSeconds(5)), new WorkloadShape());
        AssertNothingLost(result);
    }

    /// <summary>Armed at the WAL's fsync: a group commit's frames are written but not yet synced when the power goes.</summary>
    [Fact]
    public async Task CutDuringAGroupCommit()
    {
        var result = await new PowerCutRun(output).Embedded("embedded, during a group commit (before WAL fsync #400)",
            new CutMoment.AtCall("consult.db-wal", "fsync", 400), new WorkloadShape());
        AssertNothingLost(result);
    }

    /// <summary>Armed at the database file's fsync, which only a WAL checkpoint does: the pages copied, not yet synced.</summary>
    [Fact]
    public async Task CutDuringAWalCheckpoint()
    {
        var result = await new PowerCutRun(output).Embedded("embedded, during a WAL checkpoint (before database fsync #15)",
            new CutMoment.AtCall("consult.db", "fsync", 15), new WorkloadShape());
        AssertNothingLost(result);
    }

    /// <summary>Two clients upload 3 MB materials back to back: the cut falls in the middle of one.</summary>
    [Fact]
    public async Task CutDuringUploads()
    {
        var result = await new PowerCutRun(output).Embedded("embedded, during uploads of 3 MB",
            new CutMoment.During(TimeSpan.FromSeconds(4)), new WorkloadShape(Uploaders: 2, UploadBytes: 3 * 1024 * 1024));
        AssertNothingLost(result);
        Assert.NotEmpty(result.Ledger.Materials);
    }

    /// <summary>The close is acknowledged and the power goes at once: the room stays closed, and its durable reminder tells the case after the restart.</summary>
    [Fact]
    public async Task CutRightAfterARoomCloses()
    {
        var result = await new PowerCutRun(output).Embedded("embedded, right after a room closes",
            new CutMoment.AfterClose(TimeSpan.FromSeconds(2)), new WorkloadShape());
        AssertNothingLost(result);
        Assert.Single(result.Ledger.Closes);
    }

    internal static void AssertNothingLost(Verification result)
    {
        Assert.True(result.Ledger.Total > 50, $"Too little was acknowledged before the cut to show anything: {result.Ledger.Counts}");
        Assert.Empty(result.Lost);
        Assert.Empty(result.Changed);
        Assert.Empty(result.HalfDone);
        Assert.Empty(result.Late);
    }
}
