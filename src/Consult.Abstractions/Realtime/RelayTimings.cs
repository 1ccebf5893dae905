namespace Consult.Realtime;

/// <summary>
/// How long a grain keeps a node's relay (and the presence that node reported) without a renewal,
/// and how often nodes renew. Expiry spans three renewals, so one lost renewal drops nothing.
/// </summary>
public static class RelayTimings
{
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(95);
}
