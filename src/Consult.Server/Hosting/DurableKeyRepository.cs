using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Consult.Server.Hosting;

/// <summary>
/// Embedded mode's data-protection keys in a folder, written so that a power cut cannot leave a
/// half-written key behind: each key goes to a temporary file that is fsynced, renamed into place,
/// and the folder fsynced. A key file that cannot be read all the same (empty, cut short) never
/// stops the server: it is set aside with a warning, and the key ring makes a new key when none is
/// left; cookies and tokens signed with the lost key simply ask to sign in again.
/// </summary>
public sealed partial class DurableKeyRepository(DirectoryInfo folder, ILogger<DurableKeyRepository> logger) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        DurableFiles.EnsureFolder(folder.FullName);
        // A key being written when the power went: never renamed into place, so never a key.
        foreach (var unfinished in folder.EnumerateFiles(".*.tmp").Where(f => f.LastWriteTimeUtc < DateTime.UtcNow.AddMinutes(-1)))
            unfinished.Delete();
        var elements = new List<XElement>();
        foreach (var file in folder.EnumerateFiles("*.xml"))
        {
            try
            {
                elements.Add(XElement.Load(file.FullName));
            }
            catch (Exception e) when (e is XmlException or IOException)
            {
                var aside = file.FullName + ".damaged-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
                file.MoveTo(aside);
                LogDamaged(logger, file.Name, aside, e.Message);
            }
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        DurableFiles.EnsureFolder(folder.FullName);
        var name = string.Concat(friendlyName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        var target = Path.Combine(folder.FullName, name + ".xml");
        var temporary = Path.Combine(folder.FullName, $".{name}.{Guid.NewGuid():N}.tmp");
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            element.Save(stream);
            stream.Flush(flushToDisk: true);
        }

        DurableFiles.MoveIntoPlace(temporary, target, overwrite: true);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data-protection key file {File} cannot be read ({Reason}); set aside as {Aside}. A new key is made if none is left; sessions signed with it ask to sign in again")]
    private static partial void LogDamaged(ILogger logger, string file, string aside, string reason);
}
