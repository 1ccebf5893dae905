namespace Consult.Cases.Index;

/// <summary>
/// Told by a day grain that one of its rows is stored anew, so that an index beside the storage
/// reads that row alone instead of looking over every day row before each listing.
/// </summary>
public interface ICaseDayChanges
{
    void Changed(string grainId, string stateName);
}
