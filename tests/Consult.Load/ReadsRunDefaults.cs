namespace Consult.Load;

/// <summary>S6's bounds.</summary>
public static class ReadsRunDefaults
{
    public const int MinimumCases = 1_000;
}
