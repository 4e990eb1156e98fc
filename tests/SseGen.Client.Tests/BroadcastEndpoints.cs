using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Mvc;

namespace SseGen.Client.Tests;

/// <summary>Streams that are a broadcast channel's subscription, written as users write them.</summary>
public static class BroadcastEndpoints
{
    /// <summary>The "feed" channel of ticks, resumable with Last-Event-ID from the channel's history.</summary>
    [SseEndpoint("/feed")]
    public static IAsyncEnumerable<SseItem<Tick>> Feed(SseChannels<Tick> channels, [FromHeader(Name = "Last-Event-ID")] string? lastEventId) =>
        channels.Get("feed").Subscribe(lastEventId);

    /// <summary>The "notes" channel, live only: large notes overflow a slow reader's queue.</summary>
    [SseEndpoint("/notes")]
    public static IAsyncEnumerable<SseItem<Note>> Notes(SseChannels<Note> channels) =>
        channels.Get("notes").Subscribe();
}
