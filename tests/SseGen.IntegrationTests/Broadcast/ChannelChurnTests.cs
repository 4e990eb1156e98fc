using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace SseGen.IntegrationTests.Broadcast;

/// <summary>
/// 100,000 channels, each taken and subscribed to once and then left (as 100,000 requests to
/// random rooms would), are removed, and the managed heap goes back to where it was.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class ChannelChurnTests(ITestOutputHelper output)
{
    private const int Channels = 100_000;

    [Fact]
    public async Task A_hundred_thousand_channels_created_and_left_are_removed_and_the_heap_goes_back()
    {
        var time = new FakeTimeProvider();
        await using var server = await TestServer.StartAsync(services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddSseChannels(WebJson.Info<Seq>(), o => o.MaxChannels = 2 * Channels);
        });
        var channels = server.App.Services.GetRequiredService<SseChannels<Seq>>();

        // Once first, so what is made once (the JIT, the dictionary's first buckets) is in the baseline.
        await OpenAndLeaveAsync(channels, "warm", 1_000);
        time.Advance(TimeSpan.FromSeconds(3));
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var started = DateTime.UtcNow;
        await OpenAndLeaveAsync(channels, "room", Channels);
        var live = GC.GetTotalMemory(forceFullCollection: true);
        var firstRoom = channels.Get("room0");
        time.Advance(TimeSpan.FromSeconds(3));
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var elapsed = DateTime.UtcNow - started;

        var perLive = (live - before) / (double)Channels;
        var perRemoved = (after - before) / (double)Channels;
        var report = $"heap before {before / 1024} KiB, with {Channels} channels live {live / 1024} KiB ({perLive:F0} B each), after their removal {after / 1024} KiB ({perRemoved:F1} B each); {elapsed.TotalSeconds:F1} s";
        output.WriteLine(report);
        Assert.True(perLive > 100, "The live channels took almost no heap; the test measures nothing. " + report);
        // What an empty channel holds is its name, its place in the dictionary and a few fields: nothing sized by HistoryLength.
        Assert.True(perLive < 1024, "An empty channel costs more than 1 KiB. " + report);
        // The dictionary keeps its grown bucket array (about 8 bytes a slot): nothing else may stay.
        Assert.True(perRemoved < 16, "Removed channels kept memory. " + report);
        Assert.NotSame(firstRoom, channels.Get("room0"));
    }

    // Each: taken by name, subscribed to with a Last-Event-ID it cannot resume from (so the stream's
    // first event, a reset, is there at once), read once and left, as a stream closed right away.
    private static async Task OpenAndLeaveAsync(SseChannels<Seq> channels, string prefix, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var enumerator = channels.Get(prefix + i).Subscribe("0-0").GetAsyncEnumerator();
            Assert.True(await enumerator.MoveNextAsync());
            await enumerator.DisposeAsync();
        }
    }
}
