using Consult.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace Consult.Server.Tests.Realtime;

/// <summary>What hub tests ask of a call or a push: the refusal's code, or the push once it came.</summary>
internal static class HubProbes
{
    /// <summary>The code of the refusal, or "" when the call succeeded.</summary>
    public static async Task<string> Refusal(Task call)
    {
        try
        {
            await call;
            return "";
        }
        catch (HubException e)
        {
            return HubContract.CodeOf(e.Message);
        }
    }

    public static async Task<T> Eventually<T>(Func<T?> probe) where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } found)
                return found;
            await Task.Delay(20);
        }

        throw new TimeoutException("The expected push did not arrive.");
    }
}
