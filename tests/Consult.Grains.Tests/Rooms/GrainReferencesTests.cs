using Consult.Common;
using Consult.Grains.Tests.Fixtures;
using Consult.Hosting;
using Consult.Rooms;
using static Consult.Grains.Tests.Fixtures.Scenario;

namespace Consult.Grains.Tests.Rooms;

[Collection(ClusterCollection.Name)]
public sealed class GrainReferencesTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AFastReferenceIsTheSameGrainAsOrleansOwn()
    {
        var (_, _, opened) = await OpenRoom(fixture.Grains);

        var rooms = new GrainReferences<IConsultationGrain>(fixture.Grains);
        var fast = rooms.Get(opened.RoomId);
        var usual = fixture.Grains.GetGrain<IConsultationGrain>(opened.RoomId);

        Assert.Equal(usual.GetGrainId(), fast.GetGrainId());
        Assert.Equal(((GrainReference)usual).InterfaceType, ((GrainReference)fast).InterfaceType);
        // The second call takes the cached type ids; both reach the room that was opened.
        var again = rooms.Get(opened.RoomId);
        Assert.Equal(opened.RoomId, (await again.Get(Actors.Window)).RoomId);
        Assert.NotEqual(fast.GetGrainId(), rooms.Get(Guid.NewGuid()).GetGrainId());
    }
}
