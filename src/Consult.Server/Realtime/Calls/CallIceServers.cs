using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Consult.Calls;
using Consult.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Consult.Server.Realtime.Calls;

/// <summary>
/// The ICE servers a member joining a call gets. TURN credentials follow the TURN REST convention:
/// the username is <c>expiry:user</c> (expiry in Unix seconds) and the credential is the
/// base64 HMAC-SHA1 of that username keyed with the shared secret, so the TURN server checks them
/// without knowing the users, and a leaked credential stops working at its expiry.
/// </summary>
public sealed class CallIceServers(IOptions<ConsultOptions> options, TimeProvider time)
{
    public ImmutableArray<IceServer> For(string userName)
    {
        var video = options.Value.Video;
        return [.. video.IceServers.Select(server => server.IsTurn && string.IsNullOrEmpty(server.Username) && video.TurnSecret is { Length: > 0 } secret
            ? Timed(server, secret, userName, video.TurnCredentialMinutes)
            : new IceServer([.. server.Urls], server.Username, server.Credential))];
    }

    private IceServer Timed(IceServerOptions server, string secret, string userName, int minutes)
    {
        var expiry = time.GetUtcNow().AddMinutes(minutes).ToUnixTimeSeconds();
        var username = $"{expiry}:{userName}";
        return new IceServer([.. server.Urls], username, Credential(secret, username));
    }

    /// <summary>What coturn computes for <paramref name="username"/> with <c>static-auth-secret</c> = <paramref name="secret"/>.</summary>
    public static string Credential(string secret, string username) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
}
