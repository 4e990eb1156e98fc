using System.Net.ServerSentEvents;
using System.Threading.Channels;

namespace SseGen.Client.Tests;

/// <summary>
/// Reads a stream on its own task, so a test can move the client's clock while the client waits, and take the items one
/// by one as they come.
/// </summary>
public sealed class BackgroundReader<T> : IAsyncDisposable
{
    private readonly Channel<SseItem<T>> _items = Channel.CreateUnbounded<SseItem<T>>();
    private readonly CancellationTokenSource _stop;
    private readonly Task _reading;

    /// <param name="read">The stream, given the token that <see cref="DisposeAsync"/> cancels.</param>
    public BackgroundReader(Func<CancellationToken, IAsyncEnumerable<SseItem<T>>> read)
    {
        // Longer than any one step of a test may take (KestrelServer.Timeout), so a failing step reports itself first.
        _stop = new CancellationTokenSource(3 * KestrelServer.Timeout);
        _reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in read(_stop.Token))
                {
                    _items.Writer.TryWrite(item);
                }

                _items.Writer.TryComplete();
            }
            catch (Exception e)
            {
                _items.Writer.TryComplete(e);
            }
        });
    }

    /// <summary>The next item; fails if the stream ends or fails first, or none comes within the test's time limit.</summary>
    public async Task<SseItem<T>> NextAsync() => await _items.Reader.ReadAsync().AsTask().WaitAsync(KestrelServer.Timeout);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();

        // Bounded: a client that does not stop on its token fails the test instead of hanging the run.
        await _reading.WaitAsync(KestrelServer.Timeout);
        _stop.Dispose();
    }
}
