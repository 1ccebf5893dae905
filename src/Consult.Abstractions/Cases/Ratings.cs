namespace Consult.Cases;

/// <summary>
/// The national public-service rating (好差评): five levels, 非常满意 5, 满意 4, 基本满意 3,
/// 不满意 2, 非常不满意 1. 不满意 or worse is poor and opens a follow-up (整改).
/// </summary>
public static class Ratings
{
    public const int MinScore = 1;
    public const int MaxScore = 5;
    /// <summary>The worst score that is still not poor: 基本满意.</summary>
    public const int PoorAtMost = 2;
    public const int MaxCommentLength = 500;
    public const int MaxAnswerLength = 2000;

    public static bool IsValid(int score) => score is >= MinScore and <= MaxScore;

    public static bool IsPoor(int score) => score <= PoorAtMost;

    /// <summary>A case is rated once it is decided (or completed after the decision): never before, never a withdrawn one.</summary>
    public static bool CanBeRated(CaseStatus status) => status is CaseStatus.Decided or CaseStatus.Completed;
}
