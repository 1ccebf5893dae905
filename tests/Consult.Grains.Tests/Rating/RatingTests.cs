using Consult.Cases;
using Consult.Common;
using Consult.Grains.Tests.Fixtures;
using Consult.Metrics;
using Consult.Rooms;
using static Consult.Grains.Tests.Fixtures.Scenario;

namespace Consult.Grains.Tests.Rating;

/// <summary>The public-service rating (好差评): once, only after the decision; a poor one opens a follow-up the centre answers; the figures count it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RatingTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task ARatingBeforeTheDecisionIsAConflictAndChangesNothing()
    {
        var (caseId, room, _) = await OpenRoom(Grains, ("road-admin", SeatRole.Required));
        var token = await Token(caseId);

        var early = await Assert.ThrowsAsync<ConsultException>(() => Grains.GetGrain<ICaseRatingGrain>(caseId).Rate(token, 5, "很快"));
        Assert.Equal(ErrorCodes.Conflict, early.Code);
        var view = await Grains.GetGrain<ICaseGrain>(caseId).GetPublicView(token);
        Assert.Null(view.Rating);
        Assert.False(view.Rateable);
        Assert.Null((await Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Window)).Rating);

        // A room closed asking for a supplement is no decision either.
        await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.RequestSupplement, "缺少应急预案"));
        await room.Close(Actors.Window, "请补正");
        await Eventually.Until(() => Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Window), c => c.Status == CaseStatus.SupplementRequired, "the case waits for a supplement");
        var supplement = await Assert.ThrowsAsync<ConsultException>(() => Grains.GetGrain<ICaseRatingGrain>(caseId).Rate(token, 4, null));
        Assert.Equal(ErrorCodes.Conflict, supplement.Code);
        Assert.DoesNotContain((await Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Window)).Timeline, t => t.Type == TimelineTypes.Rated);
    }

    [Fact]
    public async Task ADecidedCaseIsRatedOnceAndASecondRatingIsAConflict()
    {
        var (caseId, token) = await Decided();
        var rating = Grains.GetGrain<ICaseRatingGrain>(caseId);
        Assert.True((await Grains.GetGrain<ICaseGrain>(caseId).GetPublicView(token)).Rateable);

        var rated = await rating.Rate(token, 5, "  窗口服务很周到  ");
        Assert.Equal((5, "窗口服务很周到", false), (rated.Rating!.Score, rated.Rating.Comment, rated.Rating.FollowUpRequired));
        Assert.False(rated.Rateable);
        Assert.Contains(rated.Timeline, t => t.Type == TimelineTypes.Rated);

        var again = await Assert.ThrowsAsync<ConsultException>(() => rating.Rate(token, 1, "改主意了"));
        Assert.Equal(ErrorCodes.Conflict, again.Code);
        var staff = await Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Manager);
        Assert.Equal((5, "窗口服务很周到", false), (staff.Rating!.Score, staff.Rating.Comment, staff.Rating.FollowUpOpen));
        Assert.Single(staff.Timeline, t => t.Type == TimelineTypes.Rated && t.Detail == "5");

        // A good rating has nothing to answer.
        var nothing = await Assert.ThrowsAsync<ConsultException>(() => rating.AnswerRatingFollowUp(Actors.Window, "已回访"));
        Assert.Equal(ErrorCodes.Conflict, nothing.Code);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(6, null)]
    [InlineData(-1, "差")]
    [InlineData(3, "501")]
    public async Task AScoreOutsideOneToFiveOrACommentTooLongIsInvalidInputAndChangesNothing(int score, string? comment)
    {
        var (caseId, token) = await Decided();
        var text = comment == "501" ? new string('慢', Ratings.MaxCommentLength + 1) : comment;
        var refused = await Assert.ThrowsAsync<ConsultException>(() => Grains.GetGrain<ICaseRatingGrain>(caseId).Rate(token, score, text));
        Assert.Equal(ErrorCodes.InvalidInput, refused.Code);
        var view = await Grains.GetGrain<ICaseGrain>(caseId).GetPublicView(token);
        Assert.Null(view.Rating);
        Assert.True(view.Rateable);

        var wrongLink = await Assert.ThrowsAsync<ConsultException>(() => Grains.GetGrain<ICaseRatingGrain>(caseId).Rate(TrackingTokens.New(), 5, null));
        Assert.Equal(ErrorCodes.NotFound, wrongLink.Code);
    }

    [Fact]
    public async Task APoorRatingOpensAFollowUpThatTheWindowAnswersOnceAndTheApplicantIsTold()
    {
        var (caseId, token) = await Decided();
        var rating = Grains.GetGrain<ICaseRatingGrain>(caseId);
        await rating.Rate(token, 2, "等候时间太长");

        var staff = await Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Manager);
        Assert.True(staff.Rating!.FollowUpOpen);
        var open = await Eventually.Until(() => Grains.GetGrain<IRatingFollowUpsGrain>(0).Open(), l => l.Any(f => f.CaseId == caseId), "the follow-up is listed");
        var line = open.Single(f => f.CaseId == caseId);
        Assert.Equal((staff.CaseNumber, 2, "等候时间太长", "window", "综合窗口 王敏"), (line.CaseNumber, line.Score, line.Comment, line.Convener, line.ConvenerName));

        foreach (var stranger in new[] { Actors.Rep("road-admin"), Actors.Admin })
        {
            var refused = await Assert.ThrowsAsync<ConsultException>(() => rating.AnswerRatingFollowUp(stranger, "已回访"));
            Assert.Equal(ErrorCodes.Forbidden, refused.Code);
        }

        var empty = await Assert.ThrowsAsync<ConsultException>(() => rating.AnswerRatingFollowUp(Actors.Window, "   "));
        Assert.Equal(ErrorCodes.InvalidInput, empty.Code);
        Assert.True((await Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Manager)).Rating!.FollowUpOpen);

        var answered = await rating.AnswerRatingFollowUp(Actors.Window2, "已电话回访申请人，增设午间窗口缩短等候");
        Assert.Equal(("已电话回访申请人，增设午间窗口缩短等候", "window2", "综合窗口 李强", false),
            (answered.Rating!.Answer, answered.Rating.AnsweredBy, answered.Rating.AnsweredByName, answered.Rating.FollowUpOpen));
        Assert.Contains(answered.Timeline, t => t.Type == TimelineTypes.RatingAnswered && t.Actor == "window2");
        var twice = await Assert.ThrowsAsync<ConsultException>(() => rating.AnswerRatingFollowUp(Actors.Manager, "再次回访"));
        Assert.Equal(ErrorCodes.Conflict, twice.Code);

        await Eventually.Until(() => Grains.GetGrain<IRatingFollowUpsGrain>(0).Open(), l => l.All(f => f.CaseId != caseId), "the answered follow-up leaves the list");
        var applicant = (await Grains.GetGrain<ICaseGrain>(caseId).GetPublicView(token)).Rating!;
        Assert.Equal((2, true, "已电话回访申请人，增设午间窗口缩短等候"), (applicant.Score, applicant.FollowUpRequired, applicant.Answer));
    }

    [Fact]
    public async Task TheFiguresCountTheRatingPerMatterConvenerAndDepartment()
    {
        var (caseId, token) = await Decided();
        var from = DateTimeOffset.UtcNow.AddDays(-1);
        var to = DateTimeOffset.UtcNow.AddDays(1);
        var query = Grains.GetGrain<IMetricsQueryGrain>(0);
        var before = (await query.Query(from, to)).Ratings!;

        await Grains.GetGrain<ICaseRatingGrain>(caseId).Rate(token, 1, "态度差");

        var after = (await Eventually.Until(() => query.Query(from, to), m => m.Ratings!.Count == before.Count + 1, "the figures count the rating")).Ratings!;
        Assert.Equal(before.Poor + 1, after.Poor);
        Assert.Equal(before.CountByScore[0] + 1, after.CountByScore[0]);
        Assert.Equal(before.CountByScore.Skip(1), after.CountByScore.Skip(1));
        Assert.Equal(Group(before.Matters, "highway-occupation").Count + 1, Group(after.Matters, "highway-occupation").Count);
        Assert.Equal(Group(before.Conveners, "window").Poor + 1, Group(after.Conveners, "window").Poor);
        Assert.Equal("综合窗口 王敏", Group(after.Conveners, "window").Name);
        Assert.Equal(Group(before.Departments, "road-admin").Count + 1, Group(after.Departments, "road-admin").Count);
        Assert.Equal(Group(before.Departments, "traffic-police").Count + 1, Group(after.Departments, "traffic-police").Count);

        // The rating's record went out once, and its outbox's repeat changes nothing.
        var bucket = Grains.GetGrain<IMetricsGrain>(IMetricsGrain.KeyFor(DateTimeOffset.UtcNow, caseId));
        var record = Assert.Single((await bucket.Get()).Ratings, r => r.CaseId == caseId);
        Assert.Equal(new[] { "road-admin", "traffic-police" }, record.Departments.ToArray());
        await bucket.Rated(record with { Score = 5 });
        Assert.Equal(1, Assert.Single((await bucket.Get()).Ratings, r => r.CaseId == caseId).Score);
    }

    private static RatingGroup Group(System.Collections.Immutable.ImmutableArray<RatingGroup> groups, string key) =>
        groups.FirstOrDefault(g => g.Key == key) ?? new RatingGroup(key, 0, 0, 0);

    private async Task<string> Token(Guid caseId) => (await Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Window)).TrackingToken!;

    /// <summary>A highway-occupation case whose room closed approved: decided.</summary>
    private async Task<(Guid CaseId, string Token)> Decided()
    {
        var (caseId, room, _) = await OpenRoom(Grains, ("road-admin", SeatRole.Required), ("traffic-police", SeatRole.Required));
        await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve));
        await room.CastDecision(Actors.Rep("traffic-police"), Decision("traffic-police", DecisionOutcome.Approve));
        await room.Close(Actors.Window, "同意");
        await Eventually.Until(() => Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Window), c => c.Status == CaseStatus.Decided, "the case is decided");
        return (caseId, await Token(caseId));
    }
}
