using System.Collections.Immutable;
using Consult.Cases;
using Consult.Common;
using Consult.Rooms;
using Consult.Users;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Consult.Grains.Tests.Storage;

/// <summary>
/// State stored before display names (and phones) were recorded still loads: the shapes below are the
/// stored ones of that time (same field ids, none of the new ones), written by the same serializer
/// the grain storage uses and read back as today's types, whose new fields are then empty.
/// </summary>
public sealed class StoredBeforeNamesTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    private Serializer Serializer => _services.GetRequiredService<Serializer>();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void ARoomEventStoredBeforeNamesLoadsWithoutAName()
    {
        var roomId = Guid.NewGuid();
        var read = Reread<RoomEventBefore, RoomEvent>(new RoomEventBefore(roomId, 7, DateTimeOffset.UnixEpoch, "window", RoomEventTypes.RoomClosed, "{}"));
        Assert.Equal((roomId, 7L, "window", RoomEventTypes.RoomClosed), (read.RoomId, read.Seq, read.Actor, read.Type));
        Assert.Null(read.ActorName);
    }

    [Fact]
    public void ADecisionStoredBeforeNamesLoadsWithItsUserNameOnly()
    {
        var read = Reread<DecisionBefore, DecisionView>(new DecisionBefore(DecisionOutcome.Approve, "可以", ["条件"], "road-admin", DateTimeOffset.UnixEpoch, 2, false, [], false));
        Assert.Equal(("road-admin", 2), (read.DecidedBy, read.Revision));
        Assert.Null(read.DecidedByName);
    }

    [Fact]
    public void ATimelineEntryAndAnAccountStoredBeforeLoadWithoutNameOrPhone()
    {
        var entry = Reread<TimelineEntryBefore, TimelineEntry>(new TimelineEntryBefore(DateTimeOffset.UnixEpoch, TimelineTypes.ConsultationClosed, "system", "approved", null));
        Assert.Equal(("system", "approved"), (entry.Actor, entry.Detail));
        Assert.Null(entry.ActorName);

        var user = Reread<UserBefore, UserRecord>(new UserBefore("window", "综合窗口 王敏", Roles.Window, null, "hash", false));
        Assert.Equal(("window", "综合窗口 王敏"), (user.UserName, user.DisplayName));
        Assert.Null(user.Phone);
    }

    [Fact]
    public void AnActorStoredBeforeNamesLoadsWithoutADisplayName()
    {
        var actor = Reread<ActorBefore, Actor>(new ActorBefore("window", Roles.Window, null));
        Assert.Equal(new Actor("window", Roles.Window, null), actor);
        Assert.Null(actor.DisplayName);
    }

    private TNow Reread<TBefore, TNow>(TBefore stored) => Serializer.Deserialize<TNow>(Serializer.SerializeToArray(stored))!;
}

[GenerateSerializer]
public sealed record RoomEventBefore(
    [property: Id(0)] Guid RoomId, [property: Id(1)] long Seq, [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string Actor, [property: Id(4)] string Type, [property: Id(5)] string Payload);

[GenerateSerializer]
public sealed record DecisionBefore(
    [property: Id(0)] DecisionOutcome Outcome, [property: Id(1)] string? Comment, [property: Id(2)] ImmutableArray<string> Conditions,
    [property: Id(3)] string DecidedBy, [property: Id(4)] DateTimeOffset DecidedAt, [property: Id(5)] int Revision,
    [property: Id(6)] bool OnBehalf, [property: Id(7)] ImmutableArray<MaterialVersion> Materials, [property: Id(8)] bool Stale);

[GenerateSerializer]
public sealed record TimelineEntryBefore(
    [property: Id(0)] DateTimeOffset At, [property: Id(1)] string Type, [property: Id(2)] string Actor, [property: Id(3)] string? Detail, [property: Id(4)] Guid? RoomId);

[GenerateSerializer]
public sealed record UserBefore(
    [property: Id(0)] string UserName, [property: Id(1)] string DisplayName, [property: Id(2)] string Role,
    [property: Id(3)] string? Department, [property: Id(4)] string PasswordHash, [property: Id(5)] bool Disabled);

[GenerateSerializer]
public sealed record ActorBefore([property: Id(0)] string UserName, [property: Id(1)] string Role, [property: Id(2)] string? Department);
