using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using SseGen;

namespace Contoso.Chat;

public sealed record ChatMessage(string Room, string Text);

public static class ChatEndpoints
{
    [SseEndpoint("/chat/{room}")]
    public static async IAsyncEnumerable<ChatMessage> Messages(string room, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new ChatMessage(room, "hello from Contoso.Chat");
    }
}

[JsonSerializable(typeof(ChatMessage))]
internal sealed partial class ChatJson : JsonSerializerContext;
