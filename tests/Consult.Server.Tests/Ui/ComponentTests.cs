using System.Globalization;
using Bunit;
using Consult.Hosting;
using Consult.Server.Ui;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Consult.Server.Tests.Ui;

/// <summary>
/// A component rendered with bUnit as the app renders it: the app's resources, MudBlazor, and the
/// centre in Asia/Shanghai. MudBlazor's services dispose asynchronously only, hence IAsyncLifetime.
/// </summary>
public abstract class ComponentTests : IAsyncLifetime
{
    protected BunitContext Bunit { get; } = new();

    protected ComponentTests()
    {
        Bunit.Services.AddConsultLocalization();
        Bunit.Services.AddMudServices();
        Bunit.Services.AddSingleton(new ConsultCalendar(ConsultCalendar.FindZone("Asia/Shanghai")));
        Bunit.Services.AddSingleton<Consult.Server.Ui.IPeopleDirectory>(new KnownPeople());
        Bunit.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Bunit.DisposeAsync();

    /// <summary>The UI language for the rest of a test (the thread's UI culture, as the app sets it per circuit).</summary>
    protected static IDisposable Culture(string name) => new CultureScope(name);

    /// <summary>The accounts a component may look a present person up in.</summary>
    private sealed class KnownPeople : Consult.Server.Ui.IPeopleDirectory
    {
        public Task<string> DisplayName(string userName) => Task.FromResult(userName switch
        {
            "traffic-police" => "公安交警 刘洋",
            "window" => "综合窗口 王敏",
            _ => userName,
        });
    }

    internal sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo _before = CultureInfo.CurrentUICulture;

        public CultureScope(string name) => CultureInfo.CurrentUICulture = new CultureInfo(name);

        public void Dispose() => CultureInfo.CurrentUICulture = _before;
    }
}
