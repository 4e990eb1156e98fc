using Microsoft.Extensions.Time.Testing;
using SseGen.Infrastructure;

namespace SseGen.Runtime.Tests;

/// <summary>
/// <see cref="SseChannelOptions.HistoryMaxAge"/> on the channels' <see cref="TimeProvider"/>: an
/// event older than the age is never replayed, and a resume that would need it gets <c>reset</c>
/// (with the newest id) as a resume from too far back always does. No sleeping: a fake clock.
/// </summary>
public sealed class ChannelHistoryAgeTests
{
    [Fact]
    public async Task An_event_older_than_HistoryMaxAge_is_not_replayed_and_a_resume_that_needs_it_gets_a_reset_with_the_latest_id()
    {
        var time = new FakeTimeProvider();
        using var channels = new SseChannels<Note>(TestJson.Default.Note,
            new SseChannelOptions { HistoryMaxAge = TimeSpan.FromSeconds(30) }, SseMetrics.For(null), time: time);
        var channel = channels.Get("room");
        // A subscriber keeps the channel in use: only the history's age is at work here, not the idle sweep.
        var live = channel.Attach(null);
        var first = channel.Publish(new Note("", 1));
        var second = channel.Publish(new Note("", 2));
        time.Advance(TimeSpan.FromSeconds(20));
        var third = channel.Publish(new Note("", 3));

        // Exactly the age: still kept.
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal([second, third], Resume(channel, first).Select(e => e.EventId));

        // 31 s: the second is too old, so a resume after the first would have a gap.
        time.Advance(TimeSpan.FromSeconds(1));
        var reset = Assert.Single(Resume(channel, first));
        Assert.Equal(SseChannelEvents.Reset, reset.EventType);
        Assert.Equal(third, reset.EventId);
        Assert.Equal([third], Resume(channel, second).Select(e => e.EventId));

        // The third is too old as well: nothing left to replay, and only a client that missed nothing is not reset.
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal([SseChannelEvents.Reset], Resume(channel, second).Select(e => e.EventType));
        Assert.Empty(Resume(channel, third));
        Assert.Same(channel, channels.Get("room"));
        await live.DisposeAsync();
    }

    [Fact]
    public async Task A_channel_in_use_is_kept_however_long_it_is_idle_and_removed_once_left_and_its_newest_event_is_older_than_IdleLifetime()
    {
        var time = new FakeTimeProvider();
        using var channels = new SseChannels<Note>(TestJson.Default.Note,
            new SseChannelOptions { IdleLifetime = TimeSpan.FromMinutes(5) }, SseMetrics.For(null), time: time);
        var channel = channels.Get("room");
        var subscriber = channel.Attach(null);
        var id = channel.Publish(new Note("", 1));

        time.Advance(TimeSpan.FromMinutes(15));
        Assert.Same(channel, channels.Get("room"));
        Assert.Equal(id, channel.LastEventId);

        await subscriber.DisposeAsync();
        // The newest event is older than the idle lifetime already: the next sweep takes the channel.
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, channels.Count);
        Assert.NotSame(channel, channels.Get("room"));
    }

    private static List<System.Net.ServerSentEvents.SseItem<string>> Resume(SseChannel<Note> channel, string lastEventId)
    {
        using var reader = new BroadcastFramingPropertyTests.Reader(channel.Attach(lastEventId));
        return reader.ReadAll();
    }
}
