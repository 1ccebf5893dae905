namespace Consult.Server.Components.Pages.Rooms;

/// <summary>A material of the room's case the call panel opens beside the call: its name as shown, and where it is read.</summary>
public sealed record CallMaterial(string Name, string Url);
