using System.Collections.Immutable;
using System.Globalization;
using Consult.Catalog;
using Consult.Rooms;
using Consult.Server.Records;
using Consult.Server.Ui;

namespace Consult.Server.Tests.Ui;

/// <summary>The statement the close dialog proposes, with the texts of each language's resources.</summary>
public sealed class StatementDraftTests
{
    private static readonly Dictionary<string, string> Names = new()
    {
        ["road-admin"] = "路政",
        ["traffic-police"] = "交警",
        ["housing"] = "住建",
        ["enforcement"] = "执法",
    };

    [Theory]
    [InlineData("zh-CN", "经联合会商，同意许可。")]
    [InlineData("en", "After joint consultation, the application is approved.")]
    public void AnApprovalIsTheOutcomeAlone(string culture, string expected)
    {
        var room = Room(JointOutcome.Approved, Seat("road-admin", SeatRole.Required, DecisionOutcome.Approve), Seat("traffic-police", SeatRole.Required, DecisionOutcome.Approve));
        Assert.Equal(expected, Draft(room, culture));
    }

    [Theory]
    [InlineData("zh-CN", "经联合会商，同意许可，须落实以下条件。\n附加条件如下：\n1. 交警：设置警示标志\n2. 交警：夜间专人指挥\n3. 路政：恢复路面")]
    [InlineData("en", "After joint consultation, the application is approved on conditions.\nConditions:\n1. 交警：设置警示标志\n2. 交警：夜间专人指挥\n3. 路政：恢复路面")]
    public void AnApprovalWithConditionsListsEachDepartmentsConditions(string culture, string expected)
    {
        var room = Room(JointOutcome.ApprovedWithConditions,
            Seat("traffic-police", SeatRole.Required, DecisionOutcome.ApproveWithConditions, conditions: ["设置警示标志", "夜间专人指挥"]),
            Seat("road-admin", SeatRole.Required, DecisionOutcome.ApproveWithConditions, conditions: ["恢复路面"]));
        Assert.Equal(expected, Draft(room, culture));
    }

    [Theory]
    [InlineData("zh-CN", "经联合会商，不予许可。\n不予许可的理由及依据：\n1. 路政：依据《公路法》第四十四条，占用期限过长\n2. 交警：依据《公路安全保护条例》第二十七条，未提交交通安全评价\n3. 住建（咨询意见）：与城市道路规划冲突")]
    [InlineData("en", "After joint consultation, the application is rejected.\nReasons and legal basis:\n1. 路政：依据《公路法》第四十四条，占用期限过长\n2. 交警：依据《公路安全保护条例》第二十七条，未提交交通安全评价\n3. 住建 (advisory)：与城市道路规划冲突")]
    public void ARejectionGivesEachRejectingDepartmentsReasonAndNoOnesConditions(string culture, string expected)
    {
        var room = Room(JointOutcome.Rejected,
            Seat("housing", SeatRole.Advisory, DecisionOutcome.Reject, comment: "与城市道路规划冲突"),
            Seat("road-admin", SeatRole.Required, DecisionOutcome.Reject, comment: "依据《公路法》第四十四条，占用期限过长"),
            Seat("enforcement", SeatRole.Required, DecisionOutcome.ApproveWithConditions, conditions: ["夜间施工须报备"]),
            Seat("traffic-police", SeatRole.Required, DecisionOutcome.Reject, comment: "依据《公路安全保护条例》第二十七条，未提交交通安全评价"));
        var draft = Draft(room, culture);
        Assert.Equal(expected, draft);
        Assert.DoesNotContain("夜间施工须报备", draft, StringComparison.Ordinal);
        Assert.DoesNotMatch("[：:]\\s*$", draft.Split('\n')[0]);
    }

    [Theory]
    [InlineData("zh-CN", "经联合会商，请申请人一次性补正以下材料后再次会商：\n1. 路政：施工组织方案\n2. 路政：路面恢复承诺书\n3. 交警：交通组织方案\n4. 执法：渣土运输路线")]
    [InlineData("en", "After joint consultation, the applicant is asked, all at once, for the following before a second round:\n1. 路政：施工组织方案\n2. 路政：路面恢复承诺书\n3. 交警：交通组织方案\n4. 执法：渣土运输路线")]
    public void ASupplementIsOneListOfEverythingEveryDepartmentAskedForByDepartment(string culture, string expected)
    {
        var room = Room(JointOutcome.SupplementRequired,
            Seat("road-admin", SeatRole.Required, DecisionOutcome.RequestSupplement, comment: "施工组织方案\n路面恢复承诺书\n"),
            Seat("traffic-police", SeatRole.Required, DecisionOutcome.RequestSupplement, comment: "交通组织方案"),
            Seat("housing", SeatRole.Notify, DecisionOutcome.RequestSupplement, comment: "知会部门不提要求"),
            Seat("enforcement", SeatRole.Required, DecisionOutcome.RequestSupplement, comment: " 渣土运输路线 "));
        Assert.Equal(expected, Draft(room, culture));
    }

    [Theory]
    [InlineData("zh-CN", JointOutcome.Rejected, "确认不予许可并结束会商")]
    [InlineData("zh-CN", JointOutcome.SupplementRequired, "确认一次性告知补正并结束会商")]
    [InlineData("zh-CN", JointOutcome.Approved, "确认同意许可并结束会商")]
    [InlineData("zh-CN", JointOutcome.ApprovedWithConditions, "确认附条件许可并结束会商")]
    [InlineData("zh-CN", JointOutcome.Pending, "确认并结束会商")]
    [InlineData("en", JointOutcome.Rejected, "Confirm rejection and close")]
    [InlineData("en", JointOutcome.SupplementRequired, "Confirm the supplement notice and close")]
    [InlineData("en", JointOutcome.ApprovedWithConditions, "Confirm approval with conditions and close")]
    public void TheCloseButtonNamesTheOutcomeTheVotesImply(string culture, JointOutcome outcome, string label) =>
        Assert.Equal(label, Labels(culture)[StatementDraft.CloseButtonKey(outcome)]);

    private static RecordLabels Labels(string culture) => new(CultureInfo.GetCultureInfo(culture));

    private static string Draft(RoomSnapshot room, string culture)
    {
        var l = Labels(culture);
        var texts = new StatementDraft.Texts(l[$"Statement_{room.JointOutcome}"], l["Statement_Conditions"], l["Statement_Reasons"], l["Statement_Advisory"]);
        return StatementDraft.Draft(room, d => Names[d], texts);
    }

    private static SeatView Seat(string department, SeatRole role, DecisionOutcome outcome, string? comment = null, ImmutableArray<string>? conditions = null) =>
        new(department, role, SeatStatus.Decided, DateTimeOffset.UnixEpoch,
            new DecisionView(outcome, comment, conditions ?? [], department, DateTimeOffset.UnixEpoch, 1), []);

    private static RoomSnapshot Room(JointOutcome outcome, params SeatView[] seats) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "CS-20260101-0001", "highway-occupation", RoomStatus.Open, "window", DateTimeOffset.UnixEpoch, null,
            DateTimeOffset.UnixEpoch.AddHours(3), [.. seats], outcome, null, null, 9, JointRuleKind.Unanimous);
}
