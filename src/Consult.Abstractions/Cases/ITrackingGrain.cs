namespace Consult.Cases;

/// <summary>A tracking token (the grain key) pointing at its case, until revoked.</summary>
[Alias("consult.tracking-grain")]
public interface ITrackingGrain : IGrainWithStringKey
{
    [Alias("bind")]
    Task Bind(Guid caseId);

    [Alias("revoke")]
    Task Revoke();

    [Alias("resolve")]
    Task<Guid?> Resolve();
}
