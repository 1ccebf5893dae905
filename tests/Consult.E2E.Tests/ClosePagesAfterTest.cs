using System.Reflection;
using Xunit.Sdk;

namespace Consult.E2E.Tests;

/// <summary>
/// Closes every browser context a test opened once it ends. Without it each test's pages stayed
/// open until the run ended, with their Blazor circuits live on the server and their countdowns
/// ticking in Chromium, so every later test ran on a busier machine.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ClosePagesAfterTestAttribute : BeforeAfterTestAttribute
{
    public override void After(MethodInfo methodUnderTest) =>
        // Off xUnit's synchronisation context, so that blocking here cannot deadlock Playwright's continuations.
        Task.Run(() => BrowserFixture.Current?.CloseContexts() ?? Task.CompletedTask).GetAwaiter().GetResult();
}
