namespace Consult.Server;

/// <summary>The UI's strings: <c>Resources/SharedResource.resx</c> (zh-CN, the default) and <c>.en.resx</c>.</summary>
public sealed class SharedResource;
