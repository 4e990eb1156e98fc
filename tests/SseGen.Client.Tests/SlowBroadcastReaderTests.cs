using Microsoft.Extensions.DependencyInjection;

namespace SseGen.Client.Tests;

/// <summary>The client against a real broadcast channel whose queue for it overflows.</summary>
public sealed class SlowBroadcastReaderTests
{
    [Fact]
    public async Task A_client_that_reads_too_slowly_is_told_how_many_events_its_server_queue_dropped_and_reads_on()
    {
        var probe = new ClientProbe();
        await using var server = await KestrelServer.StartAsync(probe, services: s => s.AddSseChannels(ClientTestJson.Default.Note, o => o.SubscriberQueueLength = 4));
        var notes = server.Services.GetRequiredService<SseChannels<Note>>().Get("notes");
        using var client = server.CreateClient();
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);

        const int publishes = 200;
        var received = new List<long>();
        long missed = 0;
        var options = Fast.Retry;
        options.OnChannelSignal = (signal, _) =>
        {
            missed += Assert.IsType<SseMissedSignal>(signal).Count;
            return default;
        };
        var firstRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = Task.Run(async () =>
        {
            await foreach (var item in client.ReadSseAsync("/notes", ClientTestJson.Default.Note, options, cts.Token))
            {
                received.Add(item.Data.N);
                if (received.Count == 1)
                {
                    // The app is busy: nothing is read while the channel publishes the rest.
                    firstRead.SetResult();
                    await resume.Task.WaitAsync(cts.Token);
                }

                if (item.Data.N == publishes)
                {
                    break;
                }
            }
        });

        while (notes.SubscriberCount == 0)
        {
            cts.Token.ThrowIfCancellationRequested();
            await Task.Delay(10, cts.Token);
        }

        // 64 KiB notes: the paused client's socket and Kestrel's buffers fill within a few dozen, then its queue of 4 overflows.
        var text = new string('x', 64 * 1024);
        notes.Publish(new Note(1, text));
        await firstRead.Task.WaitAsync(cts.Token);
        for (var n = 2; n <= publishes; n++)
        {
            notes.Publish(new Note(n, text));
        }

        resume.SetResult();
        await reading;

        Assert.True(missed > 0, "The paused client was told of no dropped events: its queue never overflowed, or the signal was lost.");
        Assert.Equal(publishes, received.Count + missed);
        Assert.Equal(received.Order(), received);
        Assert.Equal(publishes, received[^1]);
    }
}
