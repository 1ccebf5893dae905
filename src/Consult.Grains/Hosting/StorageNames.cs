namespace Consult.Hosting;

/// <summary>Storage provider names: one place, so no grain and no host spells them differently.</summary>
public static class StorageNames
{
    public const string Consult = "consult";
}
