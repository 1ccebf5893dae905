using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Records;

/// <summary>The record is kept in the grain storage (the SQLite file here): a restarted server answers the same bytes and hash.</summary>
public sealed class RecordRestartTests
{
    [Fact]
    public async Task TheRecordAndItsHashAreTheSameAfterARestartAndTheHashStillVerifies()
    {
        var folder = TempFolder.New("consult-record");
        try
        {
            string roomId, before;
            await using (var first = FolderServer.Start(folder))
            {
                var scenario = await RecordScenario.Close(first.SignIn);
                roomId = scenario.RoomId;
                before = await (await first.SignIn("window")).GetStringAsync($"/api/v1/consultations/{roomId}/record");
            }

            await using var second = FolderServer.Start(folder);
            var after = await (await second.SignIn("road-admin")).GetStringAsync($"/api/v1/consultations/{roomId}/record");
            Assert.Equal(before, after);
            var sha256 = RecordApiTests.Hash(RecordApiTests.RecordText(after));
            Assert.Contains($"\"sha256\":\"{sha256}\"", after, StringComparison.Ordinal);
            var verified = await second.CreateClient().Get($"/api/v1/records/{sha256}");
            Assert.Equal("rejected", (string?)verified["jointOutcome"]);
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }
}
