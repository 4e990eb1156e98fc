using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Mvc;

namespace SseGen.Sample;

/// <summary>One chat message: who said it and what.</summary>
public sealed record ChatMessage(string User, string Text);

/// <summary>
/// A chat room per name: <c>POST /chat/{room}</c> publishes to the room's broadcast channel,
/// <c>GET /chat/{room}</c> streams it. Every message is serialized once, whatever the number of
/// readers, and a reconnecting browser gets what it missed (or a <c>reset</c> event).
/// </summary>
public static class ChatEndpoints
{
    private const int MaxUser = 40;
    private const int MaxText = 500;
    private const int MaxRoom = 32;

    /// <summary>
    /// Events named <c>message</c>, each with an id and <c>{"user":…,"text":…}</c>, resumable with
    /// <c>Last-Event-ID</c>; 503 with <c>Retry-After</c> when a new room would go over the live-room limit.
    /// </summary>
    [SseEndpoint("/chat/{room}"), SseStreamLimit(1000)]
    public static IAsyncEnumerable<SseItem<ChatMessage>> Room(string room, SseChannels<ChatMessage> rooms, [FromHeader(Name = "Last-Event-ID")] string? lastEventId) =>
        // A room name that could never be posted to is not worth a channel: 204 stops the EventSource.
        IsRoomName(room) ? rooms.Get(room).Subscribe(lastEventId) : None();

    /// <summary>
    /// Publishes a message to a room: 202; 400 when the room, user or text does not fit; 503 with
    /// <c>Retry-After</c> while the rooms' Redis cannot be reached, or when a new room would go over
    /// the live-room limit (<see cref="SseChannelOptions.MaxChannels"/>).
    /// </summary>
    public static async Task<IResult> Post(string room, ChatMessage message, SseChannels<ChatMessage> rooms, CancellationToken cancellationToken)
    {
        var user = message.User?.Trim() ?? "";
        var text = message.Text?.Trim() ?? "";
        if (!IsRoomName(room) || user.Length is 0 or > MaxUser || text.Length is 0 or > MaxText)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                detail: $"A room is 1-{MaxRoom} of a-z, 0-9 and '-'; a message needs a user (1-{MaxUser} characters) and a text (1-{MaxText}).");
        }

        try
        {
            await rooms.Get(room).PublishAsync(new ChatMessage(user, text), cancellationToken: cancellationToken);
        }
        catch (SseChannelUnavailableException)
        {
            return Unavailable("The chat rooms are unavailable for a moment; retry later.", RetryAfterSeconds);
        }
        catch (SseChannelLimitException e)
        {
            // As many rooms as the server keeps are live: idle ones are removed within seconds.
            return Unavailable("Too many chat rooms are open; retry later.", (int)Math.Ceiling(e.RetryAfter.TotalSeconds));
        }

        return TypedResults.Accepted((string?)null);
    }

    private const int RetryAfterSeconds = 5;

    private static IResult Unavailable(string detail, int retryAfterSeconds) =>
        new RetryLater(TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: detail), retryAfterSeconds);

    private static bool IsRoomName(string room) =>
        room.Length is > 0 and <= MaxRoom && room.AsSpan().IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyz0123456789-") < 0;

    private static async IAsyncEnumerable<SseItem<ChatMessage>> None()
    {
        await Task.CompletedTask;
        yield break;
    }
}

/// <summary>A 503 ProblemDetails with a <c>Retry-After</c> header.</summary>
internal sealed record RetryLater(IResult Problem, int RetryAfterSeconds) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problem.ExecuteAsync(httpContext);
    }
}
