namespace Consult.Server.Tests.Fixtures;

public static class TempFolder
{
    /// <summary>A fresh path under the temp folder for one test's files.</summary>
    public static string New(string prefix) => Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");

    /// <summary>Deletes what a test left; a file still held open (a finalizer) only wastes temp space.</summary>
    public static void Delete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
