using System.Collections.Immutable;
using Consult.Rooms;

namespace Consult.Metrics;

/// <summary>
/// The running record of one bucket of one month's rooms (key <c>yyyyMM-bNN</c>: the month of the
/// room's opening, UTC, and one of <see cref="Buckets"/> buckets by room id). Rooms report to it
/// through their outbox, so figures never need a scan of room grains, and no single grain takes
/// every room's writes. Rooms opened before the buckets live in the month's own shard
/// (key <c>yyyyMM</c>); a bucket passes what it hears of such a room on to that shard.
/// </summary>
[Alias("consult.metrics-grain")]
public interface IMetricsGrain : IGrainWithStringKey
{
    [Alias("opened")]
    Task RoomOpened(Guid roomId, string caseNumber, string matterCode, DateTimeOffset openedAt, DateTimeOffset deadline);

    [Alias("deadline")]
    Task DeadlineChanged(Guid roomId, DateTimeOffset deadline);

    [Alias("decided")]
    Task FirstDecision(Guid roomId, string department, DateTimeOffset invitedAt, DateTimeOffset decidedAt);

    /// <summary>
    /// A department's response in a room: the first decision of any kind, then its own first
    /// decision replaces one recorded on its behalf (or deemed); a repeat changes nothing.
    /// </summary>
    [Alias("responded")]
    Task Responded(DecisionRecord decision);

    /// <summary>A case's line (in the bucket of its registration month, by case id); the newest replaces the last.</summary>
    [Alias("case")]
    Task CaseChanged(CaseRecord record);

    [Alias("closed")]
    Task RoomClosed(Guid roomId, DateTimeOffset closedAt, JointOutcome outcome);

    /// <summary>The room's supervision cards and deemed consents so far (all of them: a repeat changes nothing).</summary>
    [Alias("supervision")]
    Task SupervisionChanged(Guid roomId, ImmutableArray<RoomCard> cards, ImmutableArray<string> deemedConsent);

    /// <summary>A case's rating (好差评), in the bucket of the month it was given; a repeat changes nothing.</summary>
    [Alias("rated")]
    Task Rated(RatingRecord rating);

    [Alias("get")]
    Task<MetricsShard> Get();

    /// <summary>Whether this shard holds the room (a bucket asks the month's legacy shard).</summary>
    [Alias("knows")]
    Task<bool> Knows(Guid roomId);

    /// <summary>Buckets per month: a room's reports go to one of them.</summary>
    public const int Buckets = 16;

    /// <summary>The month's shard from before the buckets; read by queries, written only for rooms it already holds.</summary>
    public static string KeyFor(DateTimeOffset openedAt) =>
        openedAt.UtcDateTime.ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The bucket a room opened at <paramref name="openedAt"/> reports to.</summary>
    public static string KeyFor(DateTimeOffset openedAt, Guid roomId) => BucketKey(KeyFor(openedAt), BucketOf(roomId));

    public static string BucketKey(string month, int bucket) => $"{month}-b{bucket:D2}";

    public static int BucketOf(Guid roomId)
    {
        Span<byte> bytes = stackalloc byte[16];
        roomId.TryWriteBytes(bytes);
        return (int)(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes) % Buckets);
    }
}

[GenerateSerializer, Immutable, Alias("consult.metrics.shard")]
public sealed record MetricsShard(
    [property: Id(0)] ImmutableArray<RoomRecord> Rooms,
    [property: Id(1)] ImmutableArray<DecisionRecord> Decisions,
    [property: Id(10)] ImmutableArray<RatingRecord> Ratings = default,
    [property: Id(11)] ImmutableArray<CaseRecord> Cases = default);

[GenerateSerializer, Immutable, Alias("consult.metrics.room")]
public sealed record RoomRecord(
    [property: Id(0)] Guid RoomId,
    [property: Id(1)] string CaseNumber,
    [property: Id(2)] string MatterCode,
    [property: Id(3)] DateTimeOffset OpenedAt,
    [property: Id(4)] DateTimeOffset Deadline,
    [property: Id(5)] DateTimeOffset? ClosedAt,
    [property: Id(6)] JointOutcome? Outcome,
    [property: Id(7)] ImmutableArray<RoomCard> Cards = default,
    [property: Id(8)] ImmutableArray<string> DeemedConsent = default);

[GenerateSerializer, Immutable, Alias("consult.metrics.decision")]
public sealed record DecisionRecord(
    [property: Id(0)] Guid RoomId,
    [property: Id(1)] string Department,
    [property: Id(2)] DateTimeOffset InvitedAt,
    [property: Id(3)] DateTimeOffset DecidedAt,
    [property: Id(4)] ResponseKind Kind = ResponseKind.Own);
