namespace Consult.Server.Hosting;

public enum ConsultMode
{
    /// <summary>One node, SQLite file and local folders under the data path; nothing to install.</summary>
    Embedded,
    /// <summary>Several nodes on Redis.</summary>
    Cluster,
}
