namespace Consult.Hosting;

/// <summary>Rows a grain keeps beside its own state (see <see cref="SideRows"/>); an interface so the types that use them are tested without a cluster.</summary>
public interface ISideRows
{
    /// <summary>The stored row with its version, or null when there is none.</summary>
    Task<GrainState<T>?> Read<T>(string name)
        where T : new();

    /// <summary>Writes the row; a stale version fails like any grain state write.</summary>
    Task Write<T>(string name, IGrainState<T> row);
}
