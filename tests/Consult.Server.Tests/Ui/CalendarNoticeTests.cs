using System.Globalization;
using Bunit;
using Consult.Server.Components.Shared;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Consult.Server.Tests.Ui;

/// <summary>The warning managers and administrators see while a year has no working calendar.</summary>
public sealed class CalendarNoticeTests : IAsyncLifetime
{
    private readonly BunitContext _bunit = new();

    public CalendarNoticeTests()
    {
        _bunit.Services.AddLocalization(options => options.ResourcesPath = "Resources");
        _bunit.Services.AddMudServices();
        _bunit.Services.AddSingleton(new Consult.Hosting.ConsultCalendar(Consult.Hosting.ConsultCalendar.FindZone("Asia/Shanghai")));
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    [Theory]
    [InlineData("zh-CN", "2027年的工作日历尚未加载", "周一至周五")]
    [InlineData("en", "No working calendar is loaded for 2027", "Monday to Friday")]
    public void AnAssumedYearIsNamedInAWarningInTheUsersLanguage(string culture, string named, string how)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            var notice = _bunit.Render<CalendarNotice>(parameters => parameters.Add(p => p.Years, [2027]));

            var alert = notice.Find("[data-testid=calendar-assumed-2027]");
            Assert.Contains(named, alert.TextContent, StringComparison.Ordinal);
            Assert.Contains(how, alert.TextContent, StringComparison.Ordinal);
            Assert.Contains("mud-alert-outlined-warning", alert.ClassName, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void NothingIsShownWhenEveryYearIsLoaded()
    {
        var notice = _bunit.Render<CalendarNotice>(parameters => parameters.Add(p => p.Years, []));

        Assert.Empty(notice.FindAll(".mud-alert"));
    }
}
