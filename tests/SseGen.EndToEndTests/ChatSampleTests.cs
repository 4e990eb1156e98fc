using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SseGen.EndToEndTests.Infrastructure;

namespace SseGen.EndToEndTests;

/// <summary>The sample's chat room over HTTP (no browser): the sample process, as built, on its own loopback port.</summary>
public sealed class ChatSampleTests : IAsyncLifetime
{
    private ServerProcess? sample;

    public async Task InitializeAsync() =>
        sample = await ServerProcess.StartDotNetAsync(Repo.SampleDll, Repo.SampleProjectDirectory, FreePort.Next());

    public Task DisposeAsync()
    {
        sample?.Dispose();
        return Task.CompletedTask;
    }

    private HttpClient Client() => new() { BaseAddress = sample!.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

    private async Task PostAsync(string room, string user, string text, HttpStatusCode expected = HttpStatusCode.Accepted)
    {
        using var client = Client();
        using var response = await client.PostAsJsonAsync($"/chat/{room}", new { user, text });
        Assert.True(response.StatusCode == expected, $"POST /chat/{room} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task Posted_messages_reach_the_room_as_message_events_with_ids_and_a_resume_gets_exactly_the_later_ones()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var reader = new HttpClient { BaseAddress = sample!.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        // The headers arrive once the stream has joined the room: nothing posted after this is missed.
        using var stream = await reader.GetAsync("/chat/test-room", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        await PostAsync("test-room", "ann", "hello");
        await PostAsync("other", "eve", "not in this room");
        await PostAsync("test-room", "bob", "line one\nline two");
        await PostAsync("test-room", "cy", "third");
        await PostAsync("test-room", "di", "fourth");
        var events = new List<System.Net.ServerSentEvents.SseItem<string>>();
        await foreach (var item in System.Net.ServerSentEvents.SseParser.Create(await stream.Content.ReadAsStreamAsync(timeout.Token)).EnumerateAsync(timeout.Token))
        {
            events.Add(item);
            if (events.Count == 4)
            {
                break;
            }
        }

        var live = new SseResponse(stream.Content.Headers.ContentType?.MediaType, events);
        Assert.Equal("text/event-stream", live.ContentType);
        Assert.All(live.Events, e => Assert.Equal("message", e.EventType));
        Assert.Equal(4, live.Events.Select(e => e.EventId).Where(id => !string.IsNullOrEmpty(id)).Distinct().Count());
        Assert.Equal(["ann", "bob", "cy", "di"], live.Events.Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("user").GetString()));
        Assert.Equal("line one\nline two", JsonDocument.Parse(live.Events[1].Data).RootElement.GetProperty("text").GetString());

        // A browser that saw "hello" and reconnects gets the three after it, in order, and nothing else.
        var resumed = await SseHttp.ReadEventsAsync(sample.BaseAddress, "/chat/test-room", count: 3, lastEventId: live.Events[0].EventId);
        Assert.Equal(live.Events.Skip(1).Select(e => (e.EventId, e.Data)), resumed.Events.Select(e => (e.EventId, e.Data)));
    }

    [Fact]
    public async Task A_message_without_a_user_or_text_or_to_an_odd_room_is_refused_with_400()
    {
        await PostAsync("lobby", "", "hi", HttpStatusCode.BadRequest);
        await PostAsync("lobby", "ann", " ", HttpStatusCode.BadRequest);
        await PostAsync("Not%20A%20Room", "ann", "hi", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task With_SseGen_Redis_set_two_sample_instances_share_a_room()
    {
        using var redis = await RedisServer.StartAsync();
        using var other = await ServerProcess.StartDotNetAsync(Repo.SampleDll, Repo.SampleProjectDirectory, FreePort.Next(), $"--SseGen:Redis={redis.Configuration}");
        sample!.Dispose();
        sample = await ServerProcess.StartDotNetAsync(Repo.SampleDll, Repo.SampleProjectDirectory, FreePort.Next(), $"--SseGen:Redis={redis.Configuration}");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var reader = new HttpClient { BaseAddress = other.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var stream = await reader.GetAsync("/chat/shared", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        await PostAsync("shared", "ann", "posted on the first instance");

        await using var body = await stream.Content.ReadAsStreamAsync(timeout.Token);
        await foreach (var item in System.Net.ServerSentEvents.SseParser.Create(body).EnumerateAsync(timeout.Token))
        {
            Assert.Equal("message", item.EventType);
            Assert.Equal("posted on the first instance", JsonDocument.Parse(item.Data).RootElement.GetProperty("text").GetString());
            Assert.False(string.IsNullOrEmpty(item.EventId));
            return;
        }

        Assert.Fail("The second instance's stream ended without the message.");
    }
}
