using System.Collections.Immutable;
using Consult.Cases;
using Consult.Catalog;
using Consult.Common;
using Consult.Rooms;
using Consult.Server.Auth;
using Microsoft.Extensions.Options;

namespace Consult.Server.Hosting;

/// <summary>
/// Creates the configured administrator and, in demo mode, the demo accounts and a few demo cases.
/// Registered after the silo, so the grains are up; runs before the server accepts requests.
/// </summary>
public sealed partial class AccountSeeder(
    IOptions<ConsultOptions> options,
    UserService users,
    IGrainFactory grains,
    ILogger<AccountSeeder> logger) : IHostedService
{
    public static readonly ImmutableArray<(string UserName, string DisplayName, string Role)> DemoStaff =
    [
        ("window", "综合窗口 王敏", Roles.Window),
        ("window2", "综合窗口 李强", Roles.Window),
        ("manager", "中心主任 陈静", Roles.Manager),
        ("admin", "系统管理员", Roles.Admin),
    ];

    /// <summary>The people behind the demo department accounts, in the catalogue's order: shown as "交通运输局 张伟".</summary>
    private static readonly ImmutableArray<string> DemoPeople =
        ["张伟", "刘洋", "赵磊", "黄丽", "周杰", "吴芳", "徐静", "孙浩", "马超", "朱琳", "胡军", "郭敏", "何平", "高翔", "林涛", "钱进"];

    /// <summary>The display name of the demo account of the <paramref name="index"/>-th department of the catalogue.</summary>
    public static string DemoDepartmentName(Department department, int index) => $"{department.Name.Zh} {DemoPeople[index % DemoPeople.Length]}";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var consult = options.Value;
        if (!string.IsNullOrEmpty(consult.Admin.UserName)
            && await users.Create(consult.Admin.UserName, consult.Admin.UserName, Roles.Admin, null, consult.Admin.Password!))
            LogAdminCreated(logger, consult.Admin.UserName);

        if (!consult.Demo.Enabled)
        {
            if (string.IsNullOrEmpty(consult.Admin.UserName))
                LogNoAdmin(logger);
            return;
        }

        var password = consult.Demo.Password;
        var firstRun = false;
        foreach (var (userName, displayName, role) in DemoStaff)
            firstRun |= await users.Create(userName, displayName, role, null, password);
        var catalog = await grains.GetGrain<ICatalogGrain>(0).Get();
        foreach (var (department, index) in catalog.Departments.Select((d, i) => (d, i)))
            await users.Create(department.Code, DemoDepartmentName(department, index), Roles.Department, department.Code, password);

        if (firstRun)
            await SeedDemoCases(catalog);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SeedDemoCases(CatalogSnapshot catalog)
    {
        var window = new Actor("window", Roles.Window, null) { DisplayName = DemoStaff[0].DisplayName };
        Actor Rep(string department)
        {
            var index = catalog.Departments.IndexOf(catalog.Departments.First(d => d.Code == department));
            return new(department, Roles.Department, department) { DisplayName = DemoDepartmentName(catalog.Departments[index], index) };
        }

        DecisionInput Decide(string department, DecisionOutcome outcome, string? comment = null, params string[] conditions) =>
            new(department, outcome, $"demo-{department}-{Guid.NewGuid():N}", comment, [.. conditions]);

        // Awaiting its consultation.
        await Register(window, "school-bus", new ApplicantInfo("赵立新", "13800001111", "城关镇中心小学", null),
            "申请两辆非专用校车用于城关镇中心小学学生接送，线路覆盖三个行政村。");

        // A live room: two departments have decided, housing is still missing.
        var live = await Register(window, "highway-occupation", new ApplicantInfo("孙志刚", "13900002222", "县自来水公司", null),
            "因供水主管道改造，需占用、挖掘省道S203 K12+300至K12+450段半幅路面施工，工期10天。");
        var room = await grains.GetGrain<ICaseGrain>(live).OpenConsultation(window, new OpenConsultation(null, null, null));
        var liveRoom = grains.GetGrain<IConsultationGrain>(room.RoomId);
        await liveRoom.CastDecision(Rep("road-admin"), Decide("road-admin", DecisionOutcome.Approve, "施工方案符合要求。"));
        await liveRoom.CastDecision(Rep("traffic-police"), Decide("traffic-police", DecisionOutcome.ApproveWithConditions, null,
            "施工期间设置不少于200米的作业区警示标志", "夜间施工须配备警示灯和专人指挥"));

        // A finished room.
        var done = await Register(window, "highway-pipeline", new ApplicantInfo("周海燕", "13700003333", "县燃气有限公司", null),
            "沿县道X105公路用地范围内埋设中压燃气管道约1.2公里。");
        var closed = await grains.GetGrain<ICaseGrain>(done).OpenConsultation(window, new OpenConsultation(null, null, null));
        var closedRoom = grains.GetGrain<IConsultationGrain>(closed.RoomId);
        await closedRoom.CastDecision(Rep("road-admin"), Decide("road-admin", DecisionOutcome.ApproveWithConditions, null, "管道埋深不小于1.5米"));
        await closedRoom.CastDecision(Rep("traffic-police"), Decide("traffic-police", DecisionOutcome.Approve));
        await closedRoom.Close(window, "经联合会商，同意许可。附加条件：管道埋深不小于1.5米。");
        LogDemoCases(logger);
    }

    private async Task<Guid> Register(Actor window, string matter, ApplicantInfo applicant, string summary)
    {
        var caseId = Guid.NewGuid();
        await grains.GetGrain<ICaseGrain>(caseId).Register(window, new NewCase(matter, applicant, summary));
        return caseId;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the administrator account {UserName}")]
    private static partial void LogAdminCreated(ILogger logger, string userName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No administrator is configured and demo mode is off: set Consult:Admin:UserName and Consult:Admin:Password to create one")]
    private static partial void LogNoAdmin(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded three demo cases")]
    private static partial void LogDemoCases(ILogger logger);
}
