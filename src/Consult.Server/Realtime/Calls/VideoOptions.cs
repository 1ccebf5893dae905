namespace Consult.Server.Realtime.Calls;

/// <summary>
/// <c>Consult:Video</c>: the STUN/TURN servers handed to call members, and the signalling limits.
/// A TURN server without a fixed username gets time-limited credentials made from
/// <see cref="TurnSecret"/> (the TURN REST convention coturn's <c>use-auth-secret</c> checks).
/// </summary>
public sealed class VideoOptions
{
    public IceServerOptions[] IceServers { get; set; } = [];

    /// <summary>coturn's <c>static-auth-secret</c>; unset: TURN servers need their own username and credential.</summary>
    public string? TurnSecret { get; set; }

    /// <summary>How long TURN credentials handed out by <c>JoinCall</c> stay valid.</summary>
    public int TurnCredentialMinutes { get; set; } = 12 * 60;

    /// <summary>Signals one call member may send per second, and in a burst (a join sends an offer and a few candidates per peer).</summary>
    public int SignalsPerSecond { get; set; } = 20;

    public int SignalBurst { get; set; } = 80;

    /// <summary>
    /// Tests only: the browsers send and take only 127.0.0.1 ICE candidates, so that media stays
    /// on the loopback interface (Chromium also offers the machine's other addresses).
    /// </summary>
    public bool LoopbackCandidatesOnly { get; set; }

    /// <summary>What is wrong, each naming its key under <paramref name="section"/>.</summary>
    public IEnumerable<string> Problems(string section)
    {
        var p = $"{section}:Video";
        for (var i = 0; i < IceServers.Length; i++)
        {
            var server = IceServers[i];
            if (server.Urls.Length == 0 || server.Urls.Any(u => !u.StartsWith("stun:", StringComparison.Ordinal) && !u.StartsWith("turn:", StringComparison.Ordinal) && !u.StartsWith("turns:", StringComparison.Ordinal)))
                yield return $"{p}:IceServers:{i}:Urls must list stun:, turn: or turns: URLs.";
            if (server.IsTurn && string.IsNullOrEmpty(server.Username) && string.IsNullOrEmpty(TurnSecret))
                yield return $"{p}:IceServers:{i} is a TURN server: give it Username and Credential, or set {p}:TurnSecret.";
        }

        if (TurnCredentialMinutes is < 1 or > 7 * 24 * 60)
            yield return $"{p}:TurnCredentialMinutes must be between 1 and 10080.";
        if (SignalsPerSecond < 1 || SignalBurst < SignalsPerSecond)
            yield return $"{p}:SignalsPerSecond must be positive and {p}:SignalBurst at least as large.";
    }
}

public sealed class IceServerOptions
{
    public string[] Urls { get; set; } = [];

    public string? Username { get; set; }

    public string? Credential { get; set; }

    public bool IsTurn => Urls.Any(u => u.StartsWith("turn", StringComparison.Ordinal));
}
