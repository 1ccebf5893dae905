namespace Consult.Rooms;

[GenerateSerializer, Immutable, Alias("consult.chat-message")]
public sealed record ChatMessage(
    [property: Id(0)] string Text,
    [property: Id(1)] string ClientMessageId);
