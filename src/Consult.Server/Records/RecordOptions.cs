namespace Consult.Server.Records;

/// <summary><c>Consult:Records</c>: how the joint record's PDF is made.</summary>
public sealed class RecordOptions
{
    public const string Section = "Consult:Records";

    /// <summary>
    /// A TrueType CJK font (<c>.ttf</c>, or a <c>.ttc</c> collection whose first face is used);
    /// unset: the first of <see cref="RecordFont.DebianPaths"/> that exists.
    /// </summary>
    public string? FontPath { get; set; }
}
