namespace Consult.Rooms;

/// <summary>The two supervision cards of 电子监察.</summary>
public enum CardLevel
{
    /// <summary>An undecided required seat passed the warning share of the limit (80% by default).</summary>
    Yellow,
    /// <summary>The room passed its limit with the seat still undecided.</summary>
    Red,
}
