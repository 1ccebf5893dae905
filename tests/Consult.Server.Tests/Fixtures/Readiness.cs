using System.Net;

namespace Consult.Server.Tests.Fixtures;

/// <summary>A node's <c>/readyz</c>, asked until it says ready.</summary>
public static class Readiness
{
    /// <summary>Asks <c>/readyz</c> until it answers 200 or the time is up; answers its last status.</summary>
    public static async Task<HttpStatusCode> Within(HttpClient client, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        HttpStatusCode status;
        while ((status = (await client.GetAsync("/readyz")).StatusCode) != HttpStatusCode.OK && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        return status;
    }
}
